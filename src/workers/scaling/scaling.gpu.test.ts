/**
 * The scaling page's tensor experiments on WebGPU (float32): gradient accumulation agrees with
 * one big batch to float32 rounding, and the Bayesian-network rule trains on the GPU as on the
 * cpu backend in float32.
 */
import { expect, test } from 'vitest';
import { createWebGpuBackend } from '../../engine/webgpu/backend';
import { cpu } from '../../engine/cpu/backend';
import { generateLinearData } from '../../engine/models/linearRegression';
import { accumulationSweep, bnnScalingRule } from '../../engine/experiments/scaling';

// Runs only in the browser config (vitest.gpu.config.ts), where WebGPU must exist: without it
// createWebGpuBackend throws and the test fails rather than being skipped.

test('accumulation on WebGPU agrees with one big batch below 1e-5, like the cpu in float32', async () => {
  const gpu = await createWebGpuBackend();
  const data = generateLinearData({ seed: 0 });
  const onGpu = await accumulationSweep({ seed: 0, data, dtype: 'f32', backend: gpu, micros: [2, 8, 64] });
  const onCpu = await accumulationSweep({ seed: 0, data, dtype: 'f32', backend: cpu, micros: [2, 8, 64] });
  for (let i = 0; i < onGpu.length; i++) {
    expect(onGpu[i].maxAbsDifference).toBeLessThan(1e-5);
    for (let j = 0; j < 5; j++) expect(Math.abs(onGpu[i].oneShot[j] - onCpu[i].oneShot[j])).toBeLessThan(1e-5);
  }
});

test('the Bayesian-network rule runs on WebGPU and tracks the cpu in float32', async () => {
  const gpu = await createWebGpuBackend();
  const o = { seed: 0, baseBatch: 64, ks: [1, 4], epochs: 2, evalDraws: 4, dtype: 'f32' as const };
  const g = await bnnScalingRule({ ...o, backend: gpu });
  const c = await bnnScalingRule({ ...o, backend: cpu });
  for (let r = 0; r < 2; r++) {
    expect(g.runs[r].diverged).toBe(false);
    for (let e = 0; e < 3; e++) expect(Math.abs(g.runs[r].losses[e] - c.runs[r].losses[e])).toBeLessThan(2e-3);
  }
});
