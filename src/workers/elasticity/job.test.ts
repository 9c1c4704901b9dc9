// The page's contract for a run over shards, through the run channel: a shard that fails ends the
// run 'failed' with its message in plain words, a stop ends it 'stopped', and either way every
// shard is let go.
import { describe, expect, it } from 'vitest';
import { cpu } from '../../engine/cpu/backend';
import type { Backend } from '../../engine/tensor';
import type { StartShards } from '../../engine/experiments/elasticityNotebook';
import { startLocalShards } from '../../engine/experiments/elasticityNotebook';
import type { ShardGroup } from '../../engine/models/elasticityShards';
import { RunHost } from '../host/runHost';
import { WorkerBackend } from '../host/backendChoice';
import { elasticityJob } from './trainer';
import type { ElasticityTrainRequest } from './protocol';

const request: ElasticityTrainRequest = { kind: 'train', data: { kind: 'generated', products: 12, categories: 3, periods: 5 }, guide: 'meanfield', particles: 2, seed: 1, steps: 200, shards: 2 };

/** Shards in this thread that fail at step `failAt` with `message` (never when null), and say whether they were let go. */
function watched(failAt: number | null, message = ''): { shardsOn: (backend: 'cpu' | 'webgpu') => StartShards; disposed: () => boolean; backends: string[] } {
  let disposed = false;
  const backends: string[] = [];
  const shardsOn = (backend: 'cpu' | 'webgpu'): StartShards => {
    backends.push(backend);
    return async (data, shards, replica) => {
      const inner = await startLocalShards(data, shards, replica);
      let steps = 0;
      const group: ShardGroup = {
        shards,
        step: async () => {
          if (++steps === failAt) throw new Error(message);
          await new Promise((r) => setTimeout(r, 1));
          return inner.step();
        },
        state: () => inner.state(),
        dispose: () => {
          disposed = true;
          inner.dispose();
        },
      };
      return group;
    };
  };
  return { shardsOn, disposed: () => disposed, backends };
}

/** A host whose backend is the cpu, reported as `name` (the shards follow the coordinator's backend). */
function hostOn(name: 'cpu' | 'webgpu'): RunHost {
  const backend = { ...cpu, name } as Backend;
  return new RunHost(new WorkerBackend(async () => ({ backend, report: { backend: name, detail: '', cpuKernels: 'JavaScript' } })));
}

describe('an elasticity run over shards', () => {
  it('ends failed with the shard’s message in plain words when a shard’s device is lost, and lets every shard go', async () => {
    const w = watched(5, 'shard 2 of 2 failed: webgpu backend: Device was lost');
    const outcome = await hostOn('webgpu').start('train:1', 'run', () => undefined, elasticityJob(request, w.shardsOn));
    expect(outcome.status).toBe('failed');
    expect(outcome.backend).toBe('webgpu');
    expect(outcome.message).toMatch(/^The GPU stopped working during the run \(shard 2 of 2 failed: Device was lost\)/);
    expect(w.backends).toEqual(['webgpu']);
    expect(w.disposed()).toBe(true);
  });

  it('stops when told, lets every shard go, and starts the shards on the cpu when the coordinator is there', async () => {
    const w = watched(null);
    const host = hostOn('cpu');
    const done = host.start('train:1', 'run', () => undefined, elasticityJob(request, w.shardsOn));
    await new Promise((r) => setTimeout(r, 50));
    host.stop('train:1');
    const outcome = await done;
    expect(outcome.status).toBe('stopped');
    expect(w.backends).toEqual(['cpu']);
    expect(w.disposed()).toBe(true);
  });
});
