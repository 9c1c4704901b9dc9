// invQuadLogdet and its generic counterpart on the GPU against the cpu backend in float32:
// values and gradients, below and above the sizes where the blocked kernels take over.
import { beforeAll, describe, it } from 'vitest';
import * as E from '../../ops';
import type { WebGpuBackend } from '../../webgpu/backend';
import { compareForward, compareGrad, rand, sharedGpu, spdLarge } from '../../webgpu/gpuTesting';

let gpu: WebGpuBackend;
beforeAll(async () => {
  gpu = await sharedGpu();
});

describe('invQuadLogdet on the GPU (float32)', () => {
  for (const n of [1, 17, 300]) {
    it(`n = ${n}: value, parts and gradients of both paths`, async () => {
      const c = spdLarge(n, n);
      const r = rand([n], n + 1);
      await compareForward(gpu, (cm, rv) => {
        const out = E.invQuadLogdet(cm, rv);
        return [out.value, out.invQuad, out.logdet];
      }, [c, r], { rtol: 1e-4, atol: 1e-5 }, `invQuadLogdet ${n}`);
      await compareGrad(gpu, (p) => E.invQuadLogdet(E.symmetrize(p.c), p.r).value, { c, r }, { rtol: 5e-4, atol: 5e-5 }, `fused ${n}`);
      await compareGrad(gpu, (p) => E.invQuadLogdetGeneric(E.symmetrize(p.c), p.r).value, { c, r }, { rtol: 5e-4, atol: 5e-5 }, `generic ${n}`);
    });
  }
});
