import { describe, expect, it } from 'vitest';
import * as E from '../../engine/ops';
import { cpu } from '../../engine/cpu/backend';
import type { Backend } from '../../engine/tensor';
import type { Trainer } from '../../engine/train/trainer';
import { RunHost, trainInJob } from './runHost';
import { WorkerBackend } from './backendChoice';

function counting(): Trainer<number> & { taken: number; disposed: boolean } {
  const t = {
    taken: 0,
    disposed: false,
    step: () => {
      t.taken++;
      return { loss: E.scalar(1) };
    },
    snapshot: async () => t.taken,
    dispose: () => void (t.disposed = true),
  };
  return t;
}

const tick = (ms = 20) => new Promise((r) => setTimeout(r, ms));
const ignore = () => undefined;

describe('RunHost', () => {
  it("starts a run paused after one step on 'step', answers controls by id, and forgets it when it ends", async () => {
    const host = new RunHost();
    const trainer = counting();
    const done = host.start('a:1', 'step', ignore, (ctx) => trainInJob(ctx, trainer, { totalSteps: 1_000_000 }, () => undefined));
    await tick();
    expect(trainer.taken).toBe(1);
    expect(host.has('a:1')).toBe(true);
    host.stepOnce('a:1');
    await tick();
    expect(trainer.taken).toBe(2);
    // Controls for another id reach nothing.
    host.stop('b:1');
    expect(host.has('a:1')).toBe(true);
    host.stop('a:1');
    expect((await done).status).toBe('stopped');
    expect(host.has('a:1')).toBe(false);
    expect(trainer.disposed).toBe(true);
  });

  it("runs to the end on 'run', on the backend it reports", async () => {
    const host = new RunHost();
    const trainer = counting();
    const outcome = await host.start('a:1', 'run', ignore, (ctx) => trainInJob(ctx, trainer, { totalSteps: 30 }, () => undefined));
    expect(outcome).toEqual({ status: 'finished', message: null, backend: 'cpu', result: null });
    expect(trainer.taken).toBe(30);
  });

  it('a run that cannot start ends failed with its message, never rejecting', async () => {
    const host = new RunHost();
    const outcome = await host.start('a:1', 'run', ignore, async () => {
      throw new Error('webgpu backend: WebGPU device lost (destroyed): Device was destroyed.');
    });
    expect(outcome.status).toBe('failed');
    expect(outcome.backend).toBe('cpu');
    expect(outcome.message).toMatch(/^The GPU stopped working during the run \(WebGPU device lost \(destroyed\).*the CPU can run the same notebook\.$/);
  });

  it('a pause or stop sent while a run is still starting is applied, not lost', async () => {
    const host = new RunHost();
    const trainer = counting();
    const done = host.start('a:1', 'run', ignore, (ctx) => trainInJob(ctx, trainer, { totalSteps: 1_000_000 }, () => undefined));
    // Sent in the same task as the start, before the backend is even chosen.
    host.pause('a:1');
    await tick();
    expect(trainer.taken).toBe(0);
    host.stop('a:1');
    expect((await done).status).toBe('stopped');
  });

  it('runs of one slot never overlap: a new start stops the previous run and waits until it is disposed', async () => {
    const host = new RunHost();
    const first = counting();
    const events: string[] = [];
    const firstDone = host.start('a:1', 'run', ignore, async (ctx) => {
      const end = await trainInJob(ctx, first, { totalSteps: 1_000_000 }, () => undefined);
      events.push('first disposed');
      return end;
    });
    await tick();
    const second = counting();
    const secondDone = host.start('a:2', 'run', ignore, (ctx) => {
      events.push(`second starts (first disposed: ${first.disposed})`);
      return trainInJob(ctx, second, { totalSteps: 10 }, () => undefined);
    });
    expect((await firstDone).status).toBe('stopped');
    expect((await secondDone).status).toBe('finished');
    expect(events).toEqual(['first disposed', 'second starts (first disposed: true)']);
    // Another slot is not held up.
    const other = await host.start('b:1', 'run', ignore, (ctx) => trainInJob(ctx, counting(), { totalSteps: 5 }, () => undefined));
    expect(other.status).toBe('finished');
  });

  it('resolves only once the page has taken every report, each posted at once', async () => {
    const host = new RunHost();
    const taken: number[] = [];
    let posted = 0;
    // A page that takes a while over each report.
    const page = (i: number) => {
      posted++;
      return new Promise<void>((resolve) => setTimeout(() => (taken.push(i), resolve()), 2));
    };
    const outcome = await host.start<number, null>('a:1', 'run', page, async (_ctx, report) => {
      for (let i = 0; i < 20; i++) void report(i);
      // Posted synchronously, not after the job yields.
      expect(posted).toBe(20);
      return { status: 'finished' };
    });
    expect(outcome.status).toBe('finished');
    expect(taken).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it('shutdown stops every run and waits for them to be freed', async () => {
    const host = new RunHost();
    const a = counting();
    const b = counting();
    const runs = [
      host.start('a:1', 'run', ignore, (ctx) => trainInJob(ctx, a, { totalSteps: 1_000_000 }, () => undefined)),
      host.start('b:1', 'paused', ignore, (ctx) => trainInJob(ctx, b, { totalSteps: 1_000_000 }, () => undefined)),
    ];
    await tick();
    await host.shutdown();
    expect(a.disposed && b.disposed).toBe(true);
    expect((await Promise.all(runs)).map((o) => o.status)).toEqual(['stopped', 'stopped']);
    // Nothing starts after it.
    expect((await host.start('c:1', 'run', ignore, (ctx) => trainInJob(ctx, counting(), { totalSteps: 5 }, () => undefined))).status).toBe('stopped');
  });
});

describe('WorkerBackend', () => {
  it('lets a backend that has failed for good go, and chooses again for the next run', async () => {
    let made = 0;
    let destroyed = 0;
    const choose = async () => {
      made++;
      const b = Object.assign(Object.create(cpu) as Backend, { failure: null as Error | null, destroy: () => void destroyed++ });
      return { backend: b, report: { backend: 'cpu' as const, detail: `backend ${made}`, cpuKernels: 'JavaScript' } };
    };
    const holder = new WorkerBackend(choose);
    expect(await holder.configure('auto')).toEqual({ backend: 'cpu', detail: 'backend 1', cpuKernels: 'JavaScript' });
    const first = (await holder.get()) as Backend & { failure: Error | null };
    expect(await holder.get()).toBe(first);
    first.failure = new Error('device lost');
    const second = await holder.get();
    expect(second).not.toBe(first);
    expect(made).toBe(2);
    expect(destroyed).toBe(1);
    await holder.release();
    expect(destroyed).toBe(2);
  });
});
