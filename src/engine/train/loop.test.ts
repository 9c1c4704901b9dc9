import { describe, expect, it } from 'vitest';
import * as E from '../ops';
import type { Tensor, TypedArray } from '../tensor';
import type { Progress } from './loop';
import { TrainingLoop } from './loop';
import { RunControl } from './control';
import type { StepRecord, StepResult, Trainer, TrainerVerdict } from './trainer';

/** A trainer whose loss is a scripted sequence, counting snapshots and disposal. */
function scripted(losses: number[]): Trainer<number> & { disposed: boolean; taken: number; snapshots: number } {
  const t = {
    disposed: false,
    taken: 0,
    snapshots: 0,
    step(): StepResult {
      return { loss: E.scalar(losses[t.taken++] ?? 0) };
    },
    async snapshot() {
      t.snapshots++;
      return t.taken;
    },
    dispose() {
      t.disposed = true;
    },
  };
  return t;
}

function collect<S>(): { reports: Progress<S>[]; losses: () => number[]; steps: () => number[]; times: () => number[]; last: () => Progress<S> } {
  const reports: Progress<S>[] = [];
  const col = (pick: (p: Progress<S>) => Float64Array) => reports.flatMap((r) => Array.from(pick(r)));
  return { reports, losses: () => col((r) => r.losses), steps: () => col((r) => r.steps), times: () => col((r) => r.times), last: () => reports[reports.length - 1] };
}

const busy = (ms: number) => {
  const t = performance.now();
  while (performance.now() - t < ms);
};
const tick = (ms = 20) => new Promise((r) => setTimeout(r, ms));

/**
 * A stand-in for a GPU: a step is issued at once and its result comes back when a simulated
 * device, working through the steps in order, has spent `deviceMs` on it.
 */
function deviceLike(deviceMs: number): Trainer<number> & { steps: number } {
  let free = 0;
  const backend = { name: 'simulated-device' };
  const t = {
    steps: 0,
    step(): StepResult {
      t.steps++;
      const done = Math.max(free, performance.now()) + deviceMs;
      free = done;
      const value = new Promise<TypedArray>((resolve) => setTimeout(() => resolve(Float64Array.of(1)), Math.ceil(done - performance.now())));
      const loss = { backend, data: () => value, dispose: () => undefined } as unknown as Tensor;
      return { loss };
    },
    dispose: () => undefined,
  };
  return t;
}

describe('TrainingLoop', () => {
  it('runs to the end, reporting every loss once and in order, then disposes', async () => {
    const losses = Array.from({ length: 500 }, (_, i) => 1000 - i);
    const trainer = scripted(losses);
    const c = collect<number>();
    const status = await new TrainingLoop(trainer, { totalSteps: 500 }, (p) => c.reports.push(p)).run();
    expect(status).toBe('finished');
    expect(c.losses()).toEqual(losses);
    expect(c.steps()).toEqual(losses.map((_, i) => i + 1));
    const times = c.times();
    for (let i = 1; i < times.length; i++) expect(times[i]).toBeGreaterThanOrEqual(times[i - 1]);
    expect(trainer.disposed).toBe(true);
    expect(c.last().status).toBe('finished');
    expect(c.last().seconds).toBe(times[times.length - 1]);
  });

  it('stops on a non-finite loss and says why', async () => {
    const trainer = scripted([5, 4, 3, NaN, 1, 0]);
    const c = collect<number>();
    const loop = new TrainingLoop(trainer, { totalSteps: 6, stepsPerGroup: 1 }, (p) => c.reports.push(p));
    expect(await loop.run()).toBe('diverged');
    expect(c.last().message).toMatch(/NaN at step 4.*diverged.*smaller learning rate/);
  });

  it('pauses, single-steps and resumes', async () => {
    const trainer = scripted(Array.from({ length: 100 }, (_, i) => i));
    const c = collect<number>();
    const control = new RunControl('paused');
    const done = new TrainingLoop(trainer, { totalSteps: 100, control }, (p) => c.reports.push(p)).run();
    await tick();
    expect(trainer.taken).toBe(0);
    control.stepOnce();
    await tick();
    expect(trainer.taken).toBe(1);
    expect(c.losses()).toEqual([0]);
    expect(c.last().status).toBe('paused');
    control.stepOnce();
    await tick();
    expect(trainer.taken).toBe(2);
    control.resume();
    expect(await done).toBe('finished');
    expect(trainer.taken).toBe(100);
  });

  it("starts paused after one step on 'step', and a stop while paused ends it", async () => {
    const trainer = scripted(Array.from({ length: 100 }, (_, i) => i));
    const control = new RunControl('step');
    const done = new TrainingLoop(trainer, { totalSteps: 100, control }, () => undefined).run();
    await tick();
    expect(trainer.taken).toBe(1);
    control.stop();
    expect(await done).toBe('stopped');
    expect(trainer.disposed).toBe(true);
  });

  it('stop ends a running loop early and still disposes', async () => {
    let taken = 0;
    let disposed = false;
    const trainer: Trainer<number> = {
      step: () => {
        taken++;
        // Slow steps, so the stop arrives mid-run.
        busy(1);
        return { loss: E.scalar(1) };
      },
      snapshot: async () => taken,
      dispose: () => void (disposed = true),
    };
    const loop = new TrainingLoop(trainer, { totalSteps: 1_000_000 }, () => undefined);
    const done = loop.run();
    await tick(60);
    loop.control.stop();
    expect(await done).toBe('stopped');
    expect(taken).toBeLessThan(1_000_000);
    expect(disposed).toBe(true);
  });

  it('reports at a bounded rate however fast the steps are', async () => {
    const trainer = scripted(Array.from({ length: 20000 }, () => 1));
    const c = collect<number>();
    const t0 = performance.now();
    await new TrainingLoop(trainer, { totalSteps: 20000, reportEveryMs: 50 }, (p) => c.reports.push(p)).run();
    const elapsed = performance.now() - t0;
    // At most one report per 50 ms, plus the forced ones at pause/finish.
    expect(c.reports.length).toBeLessThanOrEqual(elapsed / 50 + 3);
    expect(c.losses().length).toBe(20000);
  });

  it("counts the device's time: a step is stamped when its result is back, not when it is issued", async () => {
    const trainer = deviceLike(5);
    const c = collect<number>();
    const t0 = performance.now();
    const status = await new TrainingLoop(trainer, { totalSteps: 60 }, (p) => c.reports.push(p)).run();
    const wall = (performance.now() - t0) / 1000;
    expect(status).toBe('finished');
    const seconds = c.last().seconds;
    // 60 steps of 5 ms of device work: 0.3 s (less a timer's rounding), never more than the wall-clock.
    expect(seconds).toBeGreaterThanOrEqual(0.3 * 0.95);
    expect(seconds).toBeLessThanOrEqual(wall);
    // Each stamp is at least the device time of the steps before it.
    c.times().forEach((t, i) => expect(t).toBeGreaterThanOrEqual(0.005 * (i + 1) - 0.001));
  });

  it('leaves snapshots off the clock and keeps them to about a fifth of the wall-clock', async () => {
    let taken = 0;
    const trainer: Trainer<number> = {
      step: () => {
        taken++;
        busy(1);
        return { loss: E.scalar(1) };
      },
      snapshot: async () => {
        // An expensive picture: 60 ms, much more than the 10 ms the budget would allow at its minimum interval.
        busy(60);
        return taken;
      },
      dispose: () => undefined,
    };
    const c = collect<number>();
    const t0 = performance.now();
    const loop = new TrainingLoop(trainer, { totalSteps: 600, snapshots: { minIntervalMs: 10 } }, (p) => c.reports.push(p));
    await loop.run();
    const wall = performance.now() - t0;
    const snaps = c.reports.filter((r) => r.snapshot !== null).length;
    expect(snaps).toBeGreaterThan(1);
    const training = c.last().seconds * 1000;
    // Training time is the steps' time: about 600 ms, not the snapshots' 60 ms each.
    expect(training).toBeLessThan(wall - 0.8 * snaps * 60);
    // Snapshots (the forced final one aside) take at most about a fifth of the wall-clock.
    expect(((snaps - 1) * 60) / wall).toBeLessThan(0.3);
  });

  it('ends failed, with the message and without a snapshot, when a step throws; disposes', async () => {
    const trainer = scripted([3, 2, 1]);
    const step = trainer.step.bind(trainer);
    trainer.step = () => {
      if (trainer.taken === 2) throw new Error('webgpu backend: WebGPU device lost (destroyed)');
      return step();
    };
    const c = collect<number>();
    expect(await new TrainingLoop(trainer, { totalSteps: 3, snapshots: { minIntervalMs: 1e9 } }, (p) => c.reports.push(p)).run()).toBe('failed');
    expect(c.last().status).toBe('failed');
    expect(c.last().message).toMatch(/device lost/);
    expect(c.last().snapshot).toBeNull();
    expect(trainer.disposed).toBe(true);
  });

  it('ends failed when a readback fails (a lost device), and never hangs', async () => {
    let n = 0;
    const backend = { name: 'simulated-device' };
    let disposed = false;
    const trainer: Trainer<number> = {
      step() {
        n++;
        const value = n < 5 ? Promise.resolve(Float64Array.of(1)) : Promise.reject(new Error("Failed to execute 'mapAsync' on 'GPUBuffer': device lost"));
        value.catch(() => undefined);
        return { loss: { backend, data: () => value, dispose: () => undefined } as unknown as Tensor };
      },
      snapshot: async () => {
        throw new Error('a snapshot after the failure must not be attempted');
      },
      dispose: () => void (disposed = true),
    };
    const c = collect<number>();
    expect(await new TrainingLoop(trainer, { totalSteps: 100, snapshots: { minIntervalMs: 1e9 } }, (p) => c.reports.push(p)).run()).toBe('failed');
    expect(c.last().message).toMatch(/mapAsync/);
    expect(disposed).toBe(true);
  });

  it('reads named extras with the loss: tensors and plain numbers, one column each', async () => {
    let t = 0;
    const trainer: Trainer<number> = {
      step: () => {
        t++;
        return { loss: E.scalar(10 * t), aux: { half: E.scalar(5 * t), rate: 0.1 * t } };
      },
      dispose: () => undefined,
    };
    for (const stepsPerGroup of [0, 4]) {
      t = 0;
      const c = collect<number>();
      await new TrainingLoop(trainer, { totalSteps: 9, stepsPerGroup }, (p) => c.reports.push(p)).run();
      expect(c.losses()).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90]);
      expect(c.reports.flatMap((r) => Array.from(r.aux.half ?? []))).toEqual([5, 10, 15, 20, 25, 30, 35, 40, 45]);
      expect(c.reports.flatMap((r) => Array.from(r.aux.rate ?? []))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9].map((k) => 0.1 * k));
    }
  });

  it('takes results handed as plain numbers as they are, in order, and stops on a non-finite one', async () => {
    let t = 0;
    const trainer: Trainer<number> = {
      step: () => {
        t++;
        return { loss: t === 7 ? NaN : 10 * t, aux: { half: 5 * t, rate: 0.1 * t } };
      },
      dispose: () => undefined,
    };
    for (const stepsPerGroup of [0, 4]) {
      t = 0;
      const c = collect<number>();
      expect(await new TrainingLoop(trainer, { totalSteps: 9, stepsPerGroup }, (p) => c.reports.push(p)).run()).toBe('diverged');
      expect(c.losses().slice(0, 6)).toEqual([10, 20, 30, 40, 50, 60]);
      expect(c.losses()[6]).toBeNaN();
      expect(c.steps()).toEqual([1, 2, 3, 4, 5, 6, 7]);
      expect(c.reports.flatMap((r) => Array.from(r.aux.half ?? []))).toEqual([5, 10, 15, 20, 25, 30, 35]);
      expect(c.reports.flatMap((r) => Array.from(r.aux.rate ?? []))).toEqual([1, 2, 3, 4, 5, 6, 7].map((k) => 0.1 * k));
      expect(c.last().message).toMatch(/NaN at step 7/);
    }
  });

  it("ends the run when the trainer's own rule fires, at that step where results are read at once", async () => {
    const seen: StepRecord[] = [];
    let verdict: TrainerVerdict | null = null;
    const trainer: Trainer<number> = {
      ...scripted(Array.from({ length: 100 }, (_, i) => 100 - i)),
      observe(r) {
        seen.push(r);
        if (r.step === 37) verdict = { end: 'finished', message: 'stopped early at step 37' };
      },
      verdict: () => verdict,
    };
    const c = collect<number>();
    expect(await new TrainingLoop(trainer, { totalSteps: 100 }, (p) => c.reports.push(p)).run()).toBe('finished');
    expect(seen.length).toBe(37);
    expect(c.steps()).toEqual(Array.from({ length: 37 }, (_, i) => i + 1));
    expect(c.last().message).toBe('stopped early at step 37');
  });

  it('takes a snapshot right after each step the trainer asks for, with the state of that step', async () => {
    const trainer = scripted(Array.from({ length: 30 }, () => 1));
    trainer.snapshotDue = (step) => step % 10 === 0;
    const c = collect<number>();
    await new TrainingLoop(trainer, { totalSteps: 30, stepsPerGroup: 4, snapshots: { minIntervalMs: 1e9 } }, (p) => c.reports.push(p)).run();
    const snaps = c.reports.filter((r) => r.snapshot !== null).map((r) => [r.step, r.snapshot]);
    expect(snaps).toEqual([
      [10, 10],
      [20, 20],
      [30, 30],
      [30, 30],
    ]);
  });

  it('ends finished once its training time is spent', async () => {
    const trainer: Trainer<number> = { step: () => (busy(2), { loss: E.scalar(1) }), dispose: () => undefined };
    const loop = new TrainingLoop(trainer, { totalSteps: Infinity, maxSeconds: 0.1 }, () => undefined);
    expect(await loop.run()).toBe('finished');
    expect(loop.seconds).toBeGreaterThanOrEqual(0.1);
    expect(loop.seconds).toBeLessThan(0.3);
  });

  it('one control reaches every loop of a sequence', async () => {
    const control = new RunControl();
    const a = scripted(Array.from({ length: 50 }, () => 1));
    expect(await new TrainingLoop(a, { totalSteps: 50, control }, () => undefined).run()).toBe('finished');
    control.pause();
    const b = scripted(Array.from({ length: 50 }, () => 1));
    const done = new TrainingLoop(b, { totalSteps: 50, control }, () => undefined).run();
    await tick();
    expect(b.taken).toBe(0);
    control.stop();
    expect(await done).toBe('stopped');
  });
});
