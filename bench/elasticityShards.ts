/**
 * The elasticity notebook's data-parallel step (Node, cpu backend, float64): steps per second at
 * 1, 2 and 4 shards for given data sizes, the shards as worker threads as in `npm run notebook --
 * elasticity --shards S`. Each configuration: a warm-up, then timed steps until a time budget is
 * spent; the median step time, the median time spent outside the shards' computation
 * (messages, copies, the all-reduce) and the process's CPU time per step (all threads).
 */
import { generateElasticityData, latentCount } from '../src/engine/models/elasticity';
import { ELASTICITY_DEFAULTS } from '../src/engine/models/elasticity';
import { key, split } from '../src/engine/random';
import { startWorkerShards } from '../scripts/notebooks/elasticityWorkers';
import { median } from './stats';
import { cpuSeconds } from './bnnStep';

export interface ElasticityShardTiming {
  /** Observations. */
  n: number;
  products: number;
  periods: number;
  /** Latents D = 1 + C + 2P + CT: what every replica draws, updates and exchanges each step. */
  latents: number;
  shards: number;
  stepsPerSecond: number;
  /** Median ms per step outside the shards' computation. */
  commMsPerStep: number;
  /** CPU ms per step, every thread of the process. */
  cpuMsPerStep: number;
  /** This configuration's rate over the single-shard rate at the same size. */
  speedup: number;
}

/** Steps per second for every data size (products x periods, 8 categories, 4 particles) and shard count. */
export async function benchElasticityShards(sizes: readonly { products: number; periods: number }[], shardCounts: readonly number[] = [1, 2, 4], budgetMs = 4000): Promise<ElasticityShardTiming[]> {
  const out: ElasticityShardTiming[] = [];
  for (const { products, periods } of sizes) {
    const dims = { products, categories: ELASTICITY_DEFAULTS.categories, periods };
    const [dataKey, trainKey] = split(key(0));
    const { data } = generateElasticityData(dims, dataKey);
    let single = 0;
    for (const shards of shardCounts) {
      const group = await startWorkerShards(data, shards, { guide: 'meanfield', particles: ELASTICITY_DEFAULTS.particles, key: trainKey });
      try {
        for (let i = 0; i < 3; i++) await group.step();
        const times: number[] = [];
        const comm: number[] = [];
        const c0 = cpuSeconds();
        const t0 = performance.now();
        while (times.length < 5 || performance.now() - t0 < budgetMs) {
          const t = performance.now();
          const r = await group.step();
          times.push(performance.now() - t);
          comm.push(r.commMs);
        }
        const cpuMsPerStep = (1000 * (cpuSeconds() - c0)) / times.length;
        const stepsPerSecond = 1000 / median(times);
        if (shards === shardCounts[0]) single = stepsPerSecond;
        out.push({ n: data.product.length, products, periods, latents: latentCount(dims), shards, stepsPerSecond, commMsPerStep: median(comm), cpuMsPerStep, speedup: stepsPerSecond / single });
      } finally {
        group.dispose();
      }
    }
  }
  return out;
}
