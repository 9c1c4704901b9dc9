// Turning a notebook's markdown into HTML with typeset mathematics, and
// splitting it where live components go. Pure functions, no DOM, so that the
// rules can be tested in Node; the React side is in Prose.tsx.
//
// Why mathematics is cut out before markdown runs: markdown gives meaning to
// `_`, `*` and `\`, all of which are common in TeX (`x_n`, `a*b`, `\\`). If
// marked saw `$x_n y_n$` it would emphasise the middle. So each `$...$` and
// `$$...$$` is replaced by an opaque placeholder, marked renders the rest, and
// the placeholders are swapped for KaTeX's output afterwards.

import katex from 'katex';
import { Marked } from 'marked';

export type ProseBlock =
  | { readonly kind: 'markdown'; readonly text: string }
  | { readonly kind: 'live'; readonly name: string };

export interface MathSpan {
  readonly tex: string;
  readonly display: boolean;
}

/** A line `::: live name` marks where the page puts a live component called `name`. */
const LIVE_MARKER = /^\s*:::\s*live\s+([A-Za-z][\w-]*)\s*$/;
const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})/;

/** Whether `line` closes a fenced code block opened by `fence` (same character, at least as long). */
function closesFence(line: string, fence: string): boolean {
  const m = /^ {0,3}(`{3,}|~{3,})\s*$/.exec(line);
  return m !== null && m[1]![0] === fence[0] && m[1]!.length >= fence.length;
}

/**
 * Splits `source` at live markers. Markdown between markers becomes one block
 * each (blank-only stretches are dropped). Markers inside fenced code blocks
 * are text, so the syntax can be shown in an example.
 */
export function splitLive(source: string): ProseBlock[] {
  const blocks: ProseBlock[] = [];
  let buffer: string[] = [];
  let fence: string | null = null;

  const flush = (): void => {
    const text = buffer.join('\n');
    if (text.trim() !== '') blocks.push({ kind: 'markdown', text: text.replace(/^\n+|\s+$/g, '') });
    buffer = [];
  };

  for (const line of source.split(/\r?\n/)) {
    if (fence !== null) {
      if (closesFence(line, fence)) fence = null;
      buffer.push(line);
      continue;
    }
    const open = FENCE_OPEN.exec(line);
    if (open) {
      fence = open[1]!;
      buffer.push(line);
      continue;
    }
    const marker = LIVE_MARKER.exec(line);
    if (marker) {
      flush();
      blocks.push({ kind: 'live', name: marker[1]! });
      continue;
    }
    buffer.push(line);
  }
  flush();
  return blocks;
}

/** The names of the live markers in `source`, in order. */
export function liveNames(source: string): string[] {
  return splitLive(source).flatMap((b) => (b.kind === 'live' ? [b.name] : []));
}

// Private-use code points: marked passes them through untouched and no real
// prose contains them.
const PH_OPEN = '\uE000';
const PH_CLOSE = '\uE001';
const placeholder = (i: number): string => `${PH_OPEN}${i}${PH_CLOSE}`;

/** Index of the next unescaped `$$` at or after `from`, or -1. */
function findDisplayClose(text: string, from: number): number {
  for (let i = from; i < text.length - 1; i++) {
    if (text[i] === '\\') {
      i++;
      continue;
    }
    if (text[i] === '$' && text[i + 1] === '$') return i;
  }
  return -1;
}

/**
 * Index of the `$` closing inline math opened just before `from`, or -1.
 * Follows the usual convention (as in pandoc) so that prices are not maths:
 * the opening `$` is not followed by a space, the closing one is not preceded
 * by a space nor followed by a digit, and inline maths does not cross a blank
 * line.
 */
function findInlineClose(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '\n' && /^\n[ \t]*\n/.test(text.slice(i, i + 64))) return -1;
    if (c === '$') {
      const before = text[i - 1] ?? '';
      const after = text[i + 1] ?? '';
      if (i > from && !/\s/.test(before) && !/\d/.test(after)) return i;
      return -1;
    }
  }
  return -1;
}

/**
 * Replaces each `$...$` and `$$...$$` in `markdown` by a placeholder and
 * returns the text with the spans. Code spans and fenced code blocks are left
 * alone; `\$` stays a literal dollar (marked removes the backslash).
 */
export function extractMath(markdown: string): { text: string; math: MathSpan[] } {
  const math: MathSpan[] = [];
  let out = '';
  let i = 0;
  let atLineStart = true;
  const n = markdown.length;

  while (i < n) {
    // Fenced code block: copy through its closing fence.
    if (atLineStart) {
      const lineEnd = markdown.indexOf('\n', i);
      const line = markdown.slice(i, lineEnd === -1 ? n : lineEnd);
      const open = FENCE_OPEN.exec(line);
      if (open) {
        let j = lineEnd === -1 ? n : lineEnd + 1;
        while (j < n) {
          const e = markdown.indexOf('\n', j);
          const l = markdown.slice(j, e === -1 ? n : e);
          j = e === -1 ? n : e + 1;
          if (closesFence(l, open[1]!)) break;
        }
        out += markdown.slice(i, j);
        i = j;
        atLineStart = true;
        continue;
      }
    }

    const c = markdown[i]!;
    if (c === '\\' && i + 1 < n) {
      out += markdown.slice(i, i + 2);
      i += 2;
      atLineStart = false;
      continue;
    }
    if (c === '`') {
      // A code span closes with a run of backticks of the same length.
      let run = 1;
      while (markdown[i + run] === '`') run++;
      const ticks = '`'.repeat(run);
      let close = markdown.indexOf(ticks, i + run);
      while (close !== -1 && markdown[close + run] === '`') {
        let k = close;
        while (markdown[k] === '`') k++;
        close = markdown.indexOf(ticks, k);
      }
      const end = close === -1 ? i + run : close + run;
      out += markdown.slice(i, end);
      i = end;
      atLineStart = false;
      continue;
    }
    if (c === '$') {
      if (markdown[i + 1] === '$') {
        const close = findDisplayClose(markdown, i + 2);
        if (close !== -1) {
          math.push({ tex: markdown.slice(i + 2, close).trim(), display: true });
          out += placeholder(math.length - 1);
          i = close + 2;
          atLineStart = false;
          continue;
        }
      } else if (i + 1 < n && !/\s/.test(markdown[i + 1]!)) {
        const close = findInlineClose(markdown, i + 1);
        if (close !== -1) {
          math.push({ tex: markdown.slice(i + 1, close), display: false });
          out += placeholder(math.length - 1);
          i = close + 1;
          atLineStart = false;
          continue;
        }
      }
    }
    out += c;
    atLineStart = c === '\n';
    i++;
  }
  return { text: out, math };
}

/**
 * Puts rendered mathematics back in place of the placeholders. A display
 * formula alone in a paragraph replaces the whole `<p>` so that the block
 * element KaTeX emits is not nested in a paragraph.
 */
export function restoreMath(
  html: string,
  math: readonly MathSpan[],
  render: (span: MathSpan) => string,
): string {
  const spanAt = (digits: string): MathSpan | undefined => math[Number(digits)];
  const alone = new RegExp(`<p>\\s*${PH_OPEN}(\\d+)${PH_CLOSE}\\s*</p>`, 'g');
  const anywhere = new RegExp(`${PH_OPEN}(\\d+)${PH_CLOSE}`, 'g');
  return html
    .replace(alone, (whole, d: string) => {
      const span = spanAt(d);
      return span?.display ? render(span) : whole;
    })
    .replace(anywhere, (whole, d: string) => {
      const span = spanAt(d);
      return span ? render(span) : whole;
    });
}

/** KaTeX with errors shown in place (red source text) rather than thrown, so one typo does not blank a page. */
export function renderTex(span: MathSpan): string {
  return katex.renderToString(span.tex, {
    displayMode: span.display,
    throwOnError: false,
    output: 'htmlAndMathml',
  });
}

// One configured instance, so that global marked options set elsewhere cannot change our output.
const markdown = new Marked({ gfm: true, breaks: false });

/**
 * Markdown with `$` mathematics to HTML. The input is the project's own
 * notebook text, bundled at build time, so the HTML is trusted and not
 * sanitised.
 */
export function renderMarkdown(source: string, render: (span: MathSpan) => string = renderTex): string {
  const { text, math } = extractMath(source);
  const html = markdown.parse(text, { async: false });
  return restoreMath(html, math, render);
}
