/**
 * The batch-size sweep: how the SVGP step time and the time to a target ELBO depend on B.
 * Asynchronous because on a GPU the only honest clock stops when a result has come back.
 */
import type { Backend, FloatDType } from '../tensor';
import type { RegressionData } from '../models/svgp';
import { SVGP_DEFAULTS } from '../models/svgp';
import { olderGroups } from '../stepGroups';
import { SvgpRun } from '../models/svgpRun';

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
}

export interface SweepPoint {
  batch: number;
  msPerStep: number;
  /** Data points processed per second, B / (seconds per step). */
  pointsPerSecond: number;
}

/** Times `timedSteps` steps after `warmupSteps` for each B (a fresh model each), reporting each point as it is measured. */
export async function sweepStepTimes(o: SweepOptions, onPoint: (p: SweepPoint) => unknown = () => undefined): Promise<SweepPoint[]> {
  const points: SweepPoint[] = [];
  for (const batch of o.batches) {
    const run = new SvgpRun({ data: o.data, batch: Math.min(batch, o.data.n), m: o.m, learningRate: o.learningRate, seed: o.seed, dtype: o.dtype, backend: o.backend });
    for (let i = 0; i < o.warmupSteps; i++) {
      const loss = run.step();
      await loss.data();
      loss.dispose();
    }
    const t0 = performance.now();
    const losses = Array.from({ length: o.timedSteps }, () => run.step());
    // The clock stops when the last loss is back: on a GPU that is when all the work is done.
    await losses[losses.length - 1]?.data();
    const msPerStep = (performance.now() - t0) / o.timedSteps;
    for (const loss of losses) loss.dispose();
    run.dispose();
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
  /** Evaluate the full bound every this many milliseconds of training. */
  checkEveryMs?: number;
}

export interface TimeToTargetPoint {
  batch: number;
  /** Training seconds until the full negative ELBO per point first fell below the target; null if never within the budget. */
  seconds: number | null;
  steps: number;
  /** The last full negative ELBO per point measured. */
  finalPerPoint: number;
}

/**
 * For each B, trains from the same initialisation and reports how much training time it took
 * for the full-data negative ELBO to reach the target. Evaluating the full bound is not counted.
 */
export async function timeToTarget(o: TimeToTargetOptions, onPoint: (p: TimeToTargetPoint) => unknown = () => undefined): Promise<TimeToTargetPoint[]> {
  const checkEveryMs = o.checkEveryMs ?? 100;
  const out: TimeToTargetPoint[] = [];
  for (const batch of o.batches) {
    const run = new SvgpRun({ data: o.data, batch: Math.min(batch, o.data.n), m: o.m, learningRate: o.learningRate ?? SVGP_DEFAULTS.learningRate, seed: o.seed, dtype: o.dtype, backend: o.backend });
    let trainingMs = 0;
    let reached: number | null = null;
    let perPoint = Infinity;
    while (trainingMs < o.budgetSeconds * 1000) {
      const t0 = performance.now();
      // Losses are read a group of steps behind, so a GPU is never left idle waiting for
      // JavaScript; the clock stops only when every step issued so far has come back.
      const inFlight: Promise<unknown>[] = [];
      do {
        const loss = run.step();
        inFlight.push(loss.data().then(() => loss.dispose()));
        const older = olderGroups(inFlight);
        if (older.length) await Promise.all(older);
      } while (performance.now() - t0 < checkEveryMs);
      await Promise.all(inFlight);
      trainingMs += performance.now() - t0;
      const full = run.fullLoss();
      perPoint = (await full.data())[0] / o.data.n;
      full.dispose();
      if (!Number.isFinite(perPoint)) break;
      if (perPoint <= o.targetPerPoint) {
        reached = trainingMs / 1000;
        break;
      }
    }
    const point = { batch, seconds: reached, steps: run.steps, finalPerPoint: perPoint };
    run.dispose();
    out.push(point);
    await onPoint(point);
  }
  return out;
}
