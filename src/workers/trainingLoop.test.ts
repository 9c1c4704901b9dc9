import { describe, expect, it } from 'vitest';
import * as E from '../engine/ops';
import type { Tensor } from '../engine/tensor';
import type { Progress, Trainer } from './trainingLoop';
import { TrainingLoop } from './trainingLoop';

/** A trainer whose loss is a scripted sequence, counting snapshots and disposal. */
function scripted(losses: number[]): Trainer<number> & { disposed: boolean; taken: number } {
  const t = {
    disposed: false,
    taken: 0,
    step(): Tensor {
      return E.scalar(losses[t.taken++] ?? 0);
    },
    async snapshot() {
      return t.taken;
    },
    dispose() {
      t.disposed = true;
    },
  };
  return t;
}

function collect(): { reports: Progress<number>[]; points: () => number[] } {
  const reports: Progress<number>[] = [];
  return { reports, points: () => reports.flatMap((r) => Array.from(r.losses)) };
}

describe('TrainingLoop', () => {
  it('runs to the end, reporting every loss once and in order, then disposes', async () => {
    const losses = Array.from({ length: 500 }, (_, i) => 1000 - i);
    const trainer = scripted(losses);
    const c = collect();
    const status = await new TrainingLoop(trainer, { totalSteps: 500 }, (p) => c.reports.push(p)).run();
    expect(status).toBe('finished');
    expect(c.points()).toEqual(losses);
    const steps = c.reports.flatMap((r) => Array.from(r.steps));
    expect(steps).toEqual(losses.map((_, i) => i + 1));
    const times = c.reports.flatMap((r) => Array.from(r.times));
    for (let i = 1; i < times.length; i++) expect(times[i]).toBeGreaterThanOrEqual(times[i - 1]);
    expect(trainer.disposed).toBe(true);
    expect(c.reports[c.reports.length - 1].status).toBe('finished');
  });

  it('stops on a non-finite loss and says why', async () => {
    const trainer = scripted([5, 4, 3, NaN, 1, 0]);
    const c = collect();
    const loop = new TrainingLoop(trainer, { totalSteps: 6, stepsPerGroup: 1 }, (p) => c.reports.push(p));
    expect(await loop.run()).toBe('diverged');
    const last = c.reports[c.reports.length - 1];
    expect(last.message).toMatch(/NaN at step 4.*diverged.*smaller learning rate/);
  });

  it('pauses, single-steps and resumes', async () => {
    const trainer = scripted(Array.from({ length: 100 }, (_, i) => i));
    const c = collect();
    const loop = new TrainingLoop(trainer, { totalSteps: 100 }, (p) => c.reports.push(p));
    const done = loop.run(true);
    await new Promise((r) => setTimeout(r, 20));
    expect(trainer.taken).toBe(0);
    loop.stepOnce();
    await new Promise((r) => setTimeout(r, 20));
    expect(trainer.taken).toBe(1);
    expect(c.points()).toEqual([0]);
    loop.stepOnce();
    await new Promise((r) => setTimeout(r, 20));
    expect(trainer.taken).toBe(2);
    loop.resume();
    expect(await done).toBe('finished');
    expect(trainer.taken).toBe(100);
  });

  it('stop ends a running loop early and still disposes', async () => {
    let taken = 0;
    const trainer: Trainer<number> & { disposed?: boolean } = {
      step: () => {
        taken++;
        // Slow steps, so the stop arrives mid-run.
        const t = performance.now();
        while (performance.now() - t < 1);
        return E.scalar(1);
      },
      snapshot: async () => taken,
      dispose() {
        trainer.disposed = true;
      },
    };
    const loop = new TrainingLoop(trainer, { totalSteps: 1_000_000 }, () => undefined);
    const done = loop.run();
    await new Promise((r) => setTimeout(r, 60));
    loop.stop();
    expect(await done).toBe('stopped');
    expect(taken).toBeLessThan(1_000_000);
    expect(trainer.disposed).toBe(true);
  });

  it('reports at a bounded rate however fast the steps are', async () => {
    const trainer = scripted(Array.from({ length: 20000 }, () => 1));
    const c = collect();
    const t0 = performance.now();
    await new TrainingLoop(trainer, { totalSteps: 20000, reportEveryMs: 50 }, (p) => c.reports.push(p)).run();
    const elapsed = performance.now() - t0;
    // At most one report per 50 ms, plus the forced ones at pause/finish.
    expect(c.reports.length).toBeLessThanOrEqual(elapsed / 50 + 3);
    expect(c.points().length).toBe(20000);
  });
});
