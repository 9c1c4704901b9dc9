import { describe, expect, it } from 'vitest';
import { runSvgpNotebook } from './svgpNotebook';
import { cpuKernelsName, disableWasmKernels, enableWasmKernels } from '../cpu/wasm';

/** |a - b| / |b|. */
function relative(a: number, b: number): number {
  return Math.abs(a - b) / Math.abs(b);
}

describe('the svgp notebook on both cpu kernel sets', () => {
  it('100 full-batch steps (float64) give the same loss and hyperparameters to 1e-9 with the WebAssembly and the TypeScript kernels', async () => {
    const options = { fullSteps: 100, miniSteps: 0, dtype: 'f64' as const };
    expect(cpuKernelsName()).toBe('WebAssembly SIMD');
    const wasm = (await runSvgpNotebook(options)).full;
    disableWasmKernels();
    let typescript;
    try {
      expect(cpuKernelsName()).toBe('JavaScript');
      typescript = (await runSvgpNotebook(options)).full;
    } finally {
      await enableWasmKernels();
    }
    if (!wasm || !typescript) throw new Error('the full-batch run is missing');
    expect(wasm.steps).toBe(100);
    for (const field of ['lossFirst', 'lossFinal', 'variance', 'lengthscale', 'noiseVariance'] as const) {
      expect(relative(wasm[field], typescript[field]), field).toBeLessThan(1e-9);
    }
    // The run moved: the comparison is not of two untrained starts.
    expect(wasm.lossFinal).toBeLessThan(wasm.lossFirst);
  }, 240_000);
});
