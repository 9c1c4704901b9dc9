// Each page is a home of its own (src/app/pages/<id>/): its components, styles and hooks sit
// together, and what two pages share lives in a shared folder (components, data, charts,
// controls, worker). So no file of one page imports from another page's folder, and no shared
// folder imports from a page: a page can be changed or removed without touching another.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const PAGES = path.dirname(fileURLToPath(import.meta.url));
const APP = path.dirname(PAGES);
const SHARED = ['components', 'data', 'charts', 'controls', 'worker'];

/** Module specifiers a source file refers to: static and dynamic imports, re-exports, `new URL(…, import.meta.url)`. */
function specifiersOf(source: string): string[] {
  const out: string[] = [];
  const patterns = [
    /\b(?:import|export)\s[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\bnew\s+URL\s*\(\s*['"]([^'"]+)['"]\s*,\s*import\.meta\.url\s*\)/g,
  ];
  for (const p of patterns) for (const m of source.matchAll(p)) out.push(m[1]);
  return out;
}

/** The page folder (its name under pages/) that an absolute path lies in, if any. */
function pageOf(file: string): string | null {
  const rel = path.relative(PAGES, file);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return null;
  const parts = rel.split(path.sep);
  return parts.length > 1 ? parts[0] : null;
}

/** Every "file imports target" pair, for relative specifiers, resolved to absolute paths. */
function importsOf(file: string, source: string): { from: string; to: string; spec: string }[] {
  return specifiersOf(source)
    .filter((s) => s.startsWith('.'))
    .map((spec) => ({ from: file, to: path.resolve(path.dirname(file), spec.replace(/\?.*$/, '')), spec }));
}

/** Imports that cross from one page's folder into another's, or from a shared folder into a page. */
function crossings(files: readonly { file: string; source: string }[]): string[] {
  const bad: string[] = [];
  for (const { file, source } of files) {
    const own = pageOf(file);
    const shared = SHARED.some((d) => !path.relative(path.join(APP, d), file).startsWith('..'));
    for (const imp of importsOf(file, source)) {
      const target = pageOf(imp.to);
      if (target === null) continue;
      if ((own !== null && target !== own) || shared) {
        bad.push(`${path.relative(APP, file)} imports ${imp.spec} (page ${target})`);
      }
    }
  }
  return bad;
}

function sourcesUnder(dir: string): { file: string; source: string }[] {
  const out: { file: string; source: string }[] = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...sourcesUnder(full));
    else if (/\.(tsx?|css)$/.test(name)) out.push({ file: full, source: readFileSync(full, 'utf8') });
  }
  return out;
}

describe('page boundaries', () => {
  it('finds every kind of import', () => {
    const src = [
      "import { a } from './a';",
      "import type { B } from '../b/B';",
      "import './x.css';",
      "export { c } from '../c';",
      "const m = () => import('../d/D');",
      "new Worker(new URL('../../w.worker.ts', import.meta.url));",
      "import text from '../../../notebooks/e.md?raw';",
    ].join('\n');
    expect(specifiersOf(src)).toEqual(['./a', '../b/B', '../c', '../../../notebooks/e.md?raw', './x.css', '../d/D', '../../w.worker.ts']);
  });

  it('flags an import from another page and from shared code into a page, and nothing else', () => {
    const files = [
      { file: path.join(PAGES, 'bnn', 'BnnData.tsx'), source: "import { CsvInput } from '../gamma/CsvInput';\nimport { x } from './own';\nimport { y } from '../../data/csv';" },
      { file: path.join(PAGES, 'gamma', 'deep', 'G.tsx'), source: "import { z } from '../../gamma/z';" },
      { file: path.join(APP, 'components', 'C.tsx'), source: "import { s } from '../pages/svgp/s';" },
      { file: path.join(APP, 'App.tsx'), source: "import { Home } from './pages/home/Home';" },
    ];
    expect(crossings(files)).toEqual(['pages/bnn/BnnData.tsx imports ../gamma/CsvInput (page gamma)', 'components/C.tsx imports ../pages/svgp/s (page svgp)']);
  });

  it('no page imports from another page, and no shared folder imports from a page', () => {
    const files = [...sourcesUnder(PAGES), ...SHARED.flatMap((d) => sourcesUnder(path.join(APP, d)))];
    expect(files.length).toBeGreaterThan(40);
    expect(crossings(files)).toEqual([]);
  });

  it('every file of a page sits in the page’s own folder', () => {
    const loose = readdirSync(PAGES).filter((name) => !statSync(path.join(PAGES, name)).isDirectory() && name !== path.basename(fileURLToPath(import.meta.url)));
    expect(loose).toEqual([]);
  });
});
