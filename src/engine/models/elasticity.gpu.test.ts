// A shard's part of the elasticity likelihood and of its gradient on the GPU (float32) against
// the cpu (float64) on the same rows and draws: the pass over the rows that a WebGPU shard runs.
import { beforeAll, describe, expect, it } from 'vitest';
import { cpu } from '../cpu/backend';
import type { WebGpuBackend } from '../webgpu/backend';
import { sharedGpu } from '../webgpu/gpuTesting';
import { key, normal } from '../random';
import { ElasticityShard, generateElasticityData, latentCount, splitIntoShards } from './elasticity';

let gpu: WebGpuBackend;
beforeAll(async () => {
  gpu = await sharedGpu();
});

describe('an elasticity shard on the GPU against the cpu', () => {
  it('the same log-likelihood and gradient for three draws, padding rows included', async () => {
    const dims = { products: 40, categories: 4, periods: 13 };
    const { data } = generateElasticityData(dims, key(1));
    const D = latentCount(dims);
    const zs = Float64Array.from(normal(key(2), 3 * D), (v) => 0.3 * v);
    // 520 rows in 3 shards: the last one padded with weight-0 rows.
    for (const slice of splitIntoShards(data, 3)) {
      const want = await new ElasticityShard(slice, 'f64', cpu).part(zs);
      const shard = new ElasticityShard(slice, 'f32', gpu);
      const got = await shard.part(zs);
      shard.dispose();
      got.logLik.forEach((v, k) => expect(Math.abs(v - want.logLik[k]) / Math.abs(want.logLik[k]), `particle ${k}`).toBeLessThan(1e-5));
      const scale = Math.max(...Array.from(want.gradZ, Math.abs));
      got.gradZ.forEach((g, j) => expect(Math.abs(g - want.gradZ[j]), `gradient ${j}`).toBeLessThan(1e-4 * scale));
    }
  });
});
