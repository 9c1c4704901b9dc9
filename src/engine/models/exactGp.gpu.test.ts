// A whole exact-GP training run on the GPU against the same run on the cpu in float32: the
// loss curve and the fitted hyperparameters, on both gradient paths, below and above the
// sizes where the blocked kernels take over.
import { beforeAll, describe, expect, it } from 'vitest';
import { cpu } from '../cpu/backend';
import type { WebGpuBackend } from '../webgpu/backend';
import { sharedGpu } from '../webgpu/gpuTesting';
import { generateExactGpData } from './exactGp';
import { ExactGpRun } from './exactGpRun';

let gpu: WebGpuBackend;
beforeAll(async () => {
  gpu = await sharedGpu();
});

describe('exact GP training on the GPU (float32) against the cpu (float32)', () => {
  // The generic path's backward pass costs several times the fused one's: fewer steps of it.
  for (const [n, path, steps] of [
    [100, 'fused', 50],
    [300, 'fused', 50],
    [300, 'generic', 15],
  ] as const) {
    it(`N = ${n}, ${path} path: ${steps} steps agree`, async () => {
      const data = generateExactGpData(n, 1);
      const cpuRun = new ExactGpRun({ data, path, dtype: 'f32', backend: cpu });
      const gpuRun = new ExactGpRun({ data, path, dtype: 'f32', backend: gpu });
      try {
        for (let i = 0; i < steps; i++) {
          const want = cpuRun.step();
          const got = gpuRun.step();
          const [loss] = await got.loss.data();
          expect(Math.abs(loss - want.loss.item()), `step ${i + 1}`).toBeLessThan(2e-3 * Math.max(1, Math.abs(want.loss.item())));
          if (i === steps - 1) {
            for (const name of ['outputscale', 'lengthscale', 'noise'] as const) {
              const [v] = await got[name].data();
              expect(Math.abs(v - want[name].item()) / Math.abs(want[name].item()), name).toBeLessThan(2e-2);
            }
            // The fitted mean is near 0 on these data: compared on the scale of y (about 1).
            const [mean] = await got.mean.data();
            expect(Math.abs(mean - want.mean.item()), 'mean').toBeLessThan(1e-3);
          }
          for (const t of Object.values(got)) t.dispose();
        }
      } finally {
        gpuRun.dispose();
      }
    });
  }
});
