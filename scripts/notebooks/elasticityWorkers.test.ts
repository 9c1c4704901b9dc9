// The elasticity notebook's shards as worker threads: the same numbers as in one thread, a
// failing shard ends the run with its message, and stopping ends every worker.
import type { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { key } from '../../src/engine/random';
import { generateElasticityData } from '../../src/engine/models/elasticity';
import type { ShardPort } from '../../src/engine/models/elasticityShards';
import { LocalShards, MessageShards } from '../../src/engine/models/elasticityShards';
import { runElasticityNotebook } from '../../src/engine/experiments/elasticityNotebook';
import { RunControl } from '../../src/engine/train/control';
import { shardWorker, workerPort } from './elasticityWorkers';

const dims = { products: 20, categories: 2, periods: 6 };
const replica = { guide: 'structured' as const, particles: 3, key: key(11) };

/** Worker threads as ports, with a promise per worker that resolves when it has exited. */
function workers(count: number): { ports: ShardPort[]; threads: Worker[]; exited: Promise<number>[] } {
  const threads = Array.from({ length: count }, () => shardWorker());
  const exited = threads.map((w) => new Promise<number>((resolve) => w.once('exit', resolve)));
  return { ports: threads.map(workerPort), threads, exited };
}

describe('elasticity shards in worker threads', () => {
  it('two worker shards compute bit for bit what two shards in one thread do', async () => {
    const { data } = generateElasticityData(dims, key(10));
    const local = new LocalShards(data, 2, replica);
    const w = workers(2);
    const remote = await MessageShards.start(data, w.ports, replica);
    try {
      for (let i = 0; i < 10; i++) expect((await remote.step()).loss).toBe((await local.step()).loss);
      const [a, b] = [await remote.state(), await local.state()];
      expect(a.loc).toEqual(b.loc);
      expect(a.coupling).toEqual(b.coupling);
    } finally {
      remote.dispose();
    }
    await Promise.all(w.exited);
  }, 60_000);

  it('a shard that fails ends the run with its message, and every worker is stopped', async () => {
    const { data } = generateElasticityData(dims, key(12));
    // A row of the second half names a product that does not exist: only shard 2 sees it.
    data.product[data.product.length - 1] = 99;
    const w = workers(2);
    const run = runElasticityNotebook({ ...dims, data, shards: 2, steps: 5, startShards: (d, _s, r) => MessageShards.start(d, w.ports, r) });
    await expect(run).rejects.toThrow(/shard 2 of 2 failed: poissonLogLinear: row \d+ has index 99 of 20/);
    await Promise.all(w.exited);
  }, 60_000);

  it('a worker that dies ends the run with a message naming it', async () => {
    const { data } = generateElasticityData(dims, key(13));
    const w = workers(2);
    const group = await MessageShards.start(data, w.ports, replica);
    await group.step();
    await w.threads[1].terminate();
    await expect(group.step()).rejects.toThrow(/shard 2 of 2 failed: the worker thread exited/);
    group.dispose();
    await Promise.all(w.exited);
  }, 60_000);

  it('stopping the run stops every shard', async () => {
    const control = new RunControl();
    const w = workers(3);
    let steps = 0;
    const run = runElasticityNotebook({
      ...dims,
      shards: 3,
      steps: 100_000,
      control,
      startShards: async (d, _s, r) => {
        const group = await MessageShards.start(d, w.ports, r);
        const step = group.step.bind(group);
        group.step = async () => {
          if (++steps === 4) control.stop();
          return step();
        };
        return group;
      },
    });
    await expect(run).rejects.toThrow(/stopped/);
    expect(steps).toBeLessThan(10);
    await Promise.all(w.exited);
  }, 60_000);
});
