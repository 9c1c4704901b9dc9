import { describe, expect, it } from 'vitest';
import homeMd from '../../notebooks/home.md?raw';
import sweepMd from '../../notebooks/sweep.md?raw';
import svgpMd from '../../notebooks/svgp.md?raw';
import { extractMath, liveNames, renderMarkdown, restoreMath, splitLive, type MathSpan } from './prose';

// A stand-in renderer makes the expected HTML easy to read.
const fake = (s: MathSpan): string => (s.display ? `<D>${s.tex}</D>` : `<I>${s.tex}</I>`);
const PH = (i: number): string => `\uE000${i}\uE001`;

describe('splitLive', () => {
  it('splits markdown at live markers and keeps their order', () => {
    const src = '# Title\n\nIntro.\n\n::: live target\n\nMiddle.\n::: live controls\n:::   live  lossStep  \nEnd.\n';
    expect(splitLive(src)).toEqual([
      { kind: 'markdown', text: '# Title\n\nIntro.' },
      { kind: 'live', name: 'target' },
      { kind: 'markdown', text: 'Middle.' },
      { kind: 'live', name: 'controls' },
      { kind: 'live', name: 'lossStep' },
      { kind: 'markdown', text: 'End.' },
    ]);
  });

  it('ignores markers inside fenced code and lines that only look similar', () => {
    const src = 'A\n```md\n::: live notMe\n```\n::: livex\n::: live 9bad\n~~~\n::: live alsoNot\n~~~\n::: live yes';
    expect(liveNames(src)).toEqual(['yes']);
    const first = splitLive(src)[0];
    expect(first?.kind === 'markdown' && first.text).toContain('::: live notMe');
  });

  it('handles CRLF line endings and an empty source', () => {
    expect(liveNames('a\r\n::: live x\r\nb')).toEqual(['x']);
    expect(splitLive('')).toEqual([]);
    expect(splitLive('\n\n  \n')).toEqual([]);
  });
});

describe('extractMath', () => {
  it('cuts out inline and display mathematics', () => {
    const { text, math } = extractMath('Let $x_n$ and $y_n$ be\n\n$$\n\\sum_n x_n y_n\n$$\n');
    expect(text).toBe(`Let ${PH(0)} and ${PH(1)} be\n\n${PH(2)}\n`);
    expect(math).toEqual([
      { tex: 'x_n', display: false },
      { tex: 'y_n', display: false },
      { tex: '\\sum_n x_n y_n', display: true },
    ]);
  });

  it('leaves prices, escaped dollars and unmatched dollars as text', () => {
    for (const s of ['It costs $5 and $10.', 'Escaped \\$x\\$ here', 'A lone $ sign', 'a $ b $ c']) {
      const r = extractMath(s);
      expect(r.math).toEqual([]);
      expect(r.text).toBe(s);
    }
  });

  it('does not look inside code spans or fenced code', () => {
    const src = 'Use `$x$` or ``a`$y$`b``\n\n```\n$$not maths$$\n```\nthen $z$';
    const r = extractMath(src);
    expect(r.math).toEqual([{ tex: 'z', display: false }]);
    expect(r.text).toBe(`Use \`$x$\` or \`\`a\`$y$\`b\`\`\n\n\`\`\`\n$$not maths$$\n\`\`\`\nthen ${PH(0)}`);
  });

  it('keeps escaped dollars inside maths and allows inline maths across one line break', () => {
    const r = extractMath('$a \\$ b$ and $c\nd$ but not $e\n\nf$');
    expect(r.math).toEqual([
      { tex: 'a \\$ b', display: false },
      { tex: 'c\nd', display: false },
    ]);
  });
});

describe('restoreMath', () => {
  it('puts display maths in place of its paragraph and inline maths in place', () => {
    const math: MathSpan[] = [
      { tex: 'a', display: false },
      { tex: 'b', display: true },
    ];
    expect(restoreMath(`<p>x ${PH(0)}</p>\n<p>${PH(1)}</p>`, math, fake)).toBe('<p>x <I>a</I></p>\n<D>b</D>');
  });
});

describe('renderMarkdown', () => {
  it('protects TeX from markdown emphasis', () => {
    const html = renderMarkdown('Sum $a_1 + b_1$ and *bold* $c_2$', fake);
    expect(html).toBe('<p>Sum <I>a_1 + b_1</I> and <em>bold</em> <I>c_2</I></p>\n');
  });

  it('typesets with KaTeX, inline and display, and renders an escaped dollar as a dollar', () => {
    const html = renderMarkdown('Let $x^2$ be.\n\n$$\\frac{N}{B}$$\n\nCosts \\$3.');
    expect(html).toContain('class="katex"');
    expect(html).toContain('class="katex-display"');
    expect(html).not.toContain('<p><span class="katex-display"');
    expect(html).toContain('Costs $3.');
    expect(html).not.toContain('katex-error');
  });

  it('shows a TeX error in place instead of throwing', () => {
    expect(renderMarkdown('bad $\\frac{1}$ here')).toContain('katex-error');
  });
});

// The notebook texts themselves: every formula must typeset and every live
// marker must be one the page provides.

describe('notebook texts', () => {
  const texts = { home: homeMd, svgp: svgpMd, sweep: sweepMd };

  it.each(Object.entries(texts))('%s typesets without KaTeX errors and without stray dollars', (_, md) => {
    for (const block of splitLive(md)) {
      if (block.kind !== 'markdown') continue;
      const html = renderMarkdown(block.text);
      expect(html).not.toContain('katex-error');
      // A dollar left in the output means a formula was not recognised.
      expect(html.replace(/<annotation[^>]*>[\s\S]*?<\/annotation>/g, '')).not.toMatch(/\$/);
    }
  });

  it('places the live parts the pages expect, in order', () => {
    expect(liveNames(svgpMd)).toEqual([
      'target',
      'controls',
      'lossWallclock',
      'lossStep',
      'figures',
      'posteriors',
      'hyperparameters',
    ]);
    expect(liveNames(sweepMd)).toEqual(['controls', 'msPerStep', 'throughput', 'timeToTarget']);
    expect(liveNames(homeMd)).toEqual([]);
  });

  it('cites the sources by name', () => {
    for (const name of ['Titsias', 'Hensman et al. (2013)', 'Hensman et al. (2015)', 'Kingma & Ba 2015', 'Blei et al. 2017']) {
      expect(svgpMd).toContain(name);
    }
  });
});
