/**
 * Where kernels come from: every kernel an op defines has a webgpu implementation once the
 * per-op webgpu modules are loaded (as the webgpu backend loads them), and the code that runs
 * in Node (the headless notebooks and the benchmark) never reaches WebGPU code, which only a
 * bundler can load (`?raw` imports, import.meta.glob).
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import '../ops';
import { definedKernels } from './registry';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** Every project module reachable by static imports from `entry` (type-only imports left out). */
function reachable(entry: string): Set<string> {
  const seen = new Set<string>();
  const todo = [resolve(root, entry)];
  while (todo.length) {
    const file = todo.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/^(?:import|export)\s+(?!type\b)(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/gm)) {
      const spec = m[1];
      if (!spec.startsWith('.')) continue;
      if (spec.includes('?')) {
        seen.add(`${resolve(dirname(file), spec)}`);
        continue;
      }
      const base = resolve(dirname(file), spec);
      const candidates = [`${base}.ts`, `${base}.tsx`, `${base}/index.ts`, base];
      const found = candidates.find((c) => {
        try {
          readFileSync(c);
          return true;
        } catch {
          return false;
        }
      });
      if (found) todo.push(found);
    }
  }
  return seen;
}

describe('kernel registration', () => {
  it('every defined kernel has a cpu and a webgpu implementation', async () => {
    const before = definedKernels().length;
    import.meta.glob('./**/webgpu.ts', { eager: true });
    expect(definedKernels().length).toBe(before);
    const kernels = definedKernels().filter((k) => !k.name.startsWith('test'));
    expect(kernels.length).toBeGreaterThanOrEqual(10);
    for (const k of kernels) expect(k.backends(), k.name).toEqual(['cpu', 'webgpu']);
  });

  for (const entry of ['scripts/notebook.ts', 'bench/bench.ts']) {
    it(`${entry} reaches no WebGPU code`, () => {
      const files = [...reachable(entry)].map((f) => f.slice(root.length + 1));
      expect(files).toContain('src/engine/ops.ts');
      const gpu = files.filter((f) => f.includes('?') || f.startsWith('src/engine/webgpu/') || f.endsWith('/webgpu.ts') || f.startsWith('shaders/'));
      expect(gpu).toEqual([]);
      for (const f of files.filter((x) => x.endsWith('.ts'))) expect(readFileSync(resolve(root, f), 'utf8'), f).not.toMatch(/import\.meta\.glob\(/);
    });
  }
});
