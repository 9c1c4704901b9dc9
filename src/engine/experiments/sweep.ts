/**
 * The batch-size sweep: how the SVGP step time and the time to a target ELBO depend on B.
 * Every run goes through the training loop, whose clock stops only when a step's result has
 * come back (on a GPU, when the work is done); one RunControl pauses or stops the whole sweep.
 */
import type { Backend, FloatDType } from '../tensor';
import type { RegressionData } from '../models/svgp';
import { SVGP_DEFAULTS } from '../models/svgp';
import { SvgpRun } from '../models/svgpRun';
import { RunControl } from '../train/control';
import { TrainingLoop } from '../train/loop';
import type { LoopOptions } from '../train/loop';
import type { Trainer } from '../train/trainer';

/** The batch sizes of the reference sweep (the last is N = 10,000). */
export const SWEEP_BATCHES = [32, 64, 128, 256, 512, 1024, 2048, 5000, 10000] as const;

export interface SweepOptions {
  data: RegressionData;
  batches: readonly number[];
  warmupSteps: number;
  timedSteps: number;
  m?: number;
  learningRate?: number;
  seed?: number;
  dtype?: FloatDType;
  backend?: Backend;
  /** Pauses or stops the sweep (default: runs to the end). */
  control?: RunControl;
}

export interface SweepPoint {
  batch: number;
  msPerStep: number;
  /** Data points processed per second, B / (seconds per step). */
  pointsPerSecond: number;
}

/** The loop of one sweep run: no snapshots, no reports to anyone. */
function loopOf(trainer: Trainer, o: Omit<LoopOptions, 'control'>, control: RunControl): TrainingLoop<unknown> {
  return new TrainingLoop(trainer, { snapshots: { minIntervalMs: Infinity }, reportEveryMs: Infinity, ...o, control }, () => undefined);
}

/** Throws the loop's failure (a lost device...) so that the sweep ends with it. */
function failOn(loop: { readonly message: string | null }, status: string): void {
  if (status === 'failed') throw new Error(loop.message ?? 'the run failed');
}

/**
 * Times `timedSteps` steps after `warmupSteps` for each B (a fresh model each), reporting each
 * point as it is measured. Ends early, with the points so far, when the control stops it.
 */
export async function sweepStepTimes(o: SweepOptions, onPoint: (p: SweepPoint) => unknown = () => undefined): Promise<SweepPoint[]> {
  const control = o.control ?? new RunControl();
  const points: SweepPoint[] = [];
  for (const batch of o.batches) {
    if (control.stopped) break;
    const run = new SvgpRun({ data: o.data, batch: Math.min(batch, o.data.n), m: o.m, learningRate: o.learningRate, seed: o.seed, dtype: o.dtype, backend: o.backend });
    const trainer: Trainer = { step: () => ({ loss: run.step() }), dispose: () => undefined };
    let msPerStep: number;
    try {
      const warm = loopOf(trainer, { totalSteps: o.warmupSteps }, control);
      failOn(warm, await warm.run());
      if (control.stopped) break;
      // The clock stops when the last step's loss is back: on a GPU, when all the work is done.
      const timed = loopOf(trainer, { totalSteps: o.timedSteps }, control);
      const status = await timed.run();
      failOn(timed, status);
      if (status === 'stopped') break;
      msPerStep = (1000 * timed.seconds) / o.timedSteps;
    } finally {
      run.dispose();
    }
    const point = { batch, msPerStep, pointsPerSecond: (1000 * Math.min(batch, o.data.n)) / msPerStep };
    points.push(point);
    await onPoint(point);
  }
  return points;
}

export interface TimeToTargetOptions extends Omit<SweepOptions, 'warmupSteps' | 'timedSteps'> {
  /** Target negative ELBO per data point on the full data (lower is better). */
  targetPerPoint: number;
  /** Give up after this many seconds of training for one B. */
  budgetSeconds: number;
  /** Evaluate the full bound at most every this many milliseconds (default 100; less often when it is expensive). */
  checkEveryMs?: number;
}

export interface TimeToTargetPoint {
  batch: number;
  /** Training seconds until the full negative ELBO per point first fell below the target; null if never within the budget. */
  seconds: number | null;
  steps: number;
  /** The last full negative ELBO per point measured. */
  finalPerPoint: number;
  /** Training seconds spent on this B (until the target, or the whole budget). */
  trainingSeconds: number;
}

/**
 * For each B, trains from the same initialisation and reports how much training time it took
 * for the full-data negative ELBO to reach the target. The full bound is evaluated as the loop's
 * snapshot: off the clock, after the steps issued so far have come back, and on the snapshot
 * budget, so that checking never takes more than about a fifth of the wall-clock.
 */
export async function timeToTarget(o: TimeToTargetOptions, onPoint: (p: TimeToTargetPoint) => unknown = () => undefined): Promise<TimeToTargetPoint[]> {
  const control = o.control ?? new RunControl();
  const out: TimeToTargetPoint[] = [];
  for (const batch of o.batches) {
    if (control.stopped) break;
    const run = new SvgpRun({ data: o.data, batch: Math.min(batch, o.data.n), m: o.m, learningRate: o.learningRate ?? SVGP_DEFAULTS.learningRate, seed: o.seed, dtype: o.dtype, backend: o.backend });
    let perPoint = Infinity;
    let reached: number | null = null;
    const trainer: Trainer<number> = {
      step: () => ({ loss: run.step() }),
      async snapshot() {
        const full = run.fullLoss();
        try {
          perPoint = (await full.data())[0] / o.data.n;
        } finally {
          full.dispose();
        }
        return perPoint;
      },
      verdict: () => (perPoint <= o.targetPerPoint ? { end: 'finished' } : Number.isNaN(perPoint) ? { end: 'diverged', message: 'the full bound became NaN' } : null),
      dispose: () => undefined,
    };
    const loop = new TrainingLoop(
      trainer,
      { totalSteps: Infinity, maxSeconds: o.budgetSeconds, control, snapshots: { minIntervalMs: o.checkEveryMs ?? 100 }, reportEveryMs: Infinity },
      (p) => {
        if (reached === null && p.snapshot !== null && p.snapshot <= o.targetPerPoint) reached = p.seconds;
      },
    );
    let status: string;
    try {
      status = await loop.run();
      failOn(loop, status);
    } finally {
      run.dispose();
    }
    if (status === 'stopped') break;
    const point = { batch, seconds: reached, steps: run.steps, finalPerPoint: perPoint, trainingSeconds: loop.seconds };
    out.push(point);
    await onPoint(point);
  }
  return out;
}
