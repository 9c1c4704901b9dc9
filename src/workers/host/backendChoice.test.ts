import { afterEach, describe, expect, it, vi } from 'vitest';
import { chooseBackend } from './backendChoice';
import { generateSvgpData } from '../../engine/models/svgp';
import { SvgpRun } from '../../engine/models/svgpRun';

/** 30 full-batch SVGP steps on 400 points, with the engine modules given. */
function svgpLosses(Run: typeof SvgpRun, data: ReturnType<typeof generateSvgpData>): number[] {
  const run = new Run({ data, batch: null, m: 20 });
  const losses = Array.from({ length: 30 }, () => run.step().item());
  run.dispose();
  return losses;
}

describe('a worker chooses its cpu kernels', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    vi.resetModules();
  });

  it('runs the WebAssembly SIMD kernels where the engine has them, and says so', async () => {
    const { report } = await chooseBackend('cpu');
    expect(report).toEqual({ backend: 'cpu', detail: 'forced by ?backend=cpu', cpuKernels: 'WebAssembly SIMD' });
  });

  it('falls back to the JavaScript kernels where WebAssembly SIMD is missing, says so, and trains the same run', async () => {
    const data = generateSvgpData(400, 3);
    const withWasm = svgpLosses(SvgpRun, data);
    // A realm whose engine validates no SIMD module: fresh engine modules (none loaded yet), as in a new Worker.
    vi.resetModules();
    vi.spyOn(WebAssembly, 'validate').mockReturnValue(false);
    const fresh = await import('./backendChoice');
    const { report } = await fresh.chooseBackend('cpu');
    expect(report).toEqual({ backend: 'cpu', detail: 'forced by ?backend=cpu', cpuKernels: 'JavaScript' });
    const wasm = await import('../../engine/cpu/wasm');
    expect(wasm.wasmKernelsUnavailable()).toMatch(/no WebAssembly SIMD/);
    const { matmulKernel } = await import('../../engine/ops/primitives');
    const E = await import('../../engine/ops');
    const a = E.tensor([1, 2, 3, 4], [2, 2]);
    expect(matmulKernel.chosenVariant('cpu', a, a, false, false)).toBe('typescript');
    const run = await import('../../engine/models/svgpRun');
    const withJs = svgpLosses(run.SvgpRun, data);
    expect(withJs[29]).toBeLessThan(withJs[0]);
    for (let i = 0; i < withJs.length; i++) expect(Math.abs(withJs[i] - withWasm[i]) / Math.abs(withWasm[i])).toBeLessThan(1e-10);
  });
});
