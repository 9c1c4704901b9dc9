/** Mini-batch SGD on the linear regression (typed arrays), and experiment 2: SGD for several batch sizes. */
import { foldIn } from '../../random';
import type { Key } from '../../random';
import type { Schedule } from '../../optim/adam';
import { constant } from '../../optim/schedules';
import type { LinearData } from '../../models/linearRegression';
import { distance, fullLoss, leastSquares, lossAndGradient, permutation } from '../../models/linearRegression';
import type { DataChoice } from './common';
import { D, dataFor, streamKey } from './common';
import { SGD_BATCHES } from '../../notebooks/scaling/sizes';

// ================================================================ mini-batch SGD (typed arrays)

export interface SgdRunOptions {
  batch: number;
  /** Learning rate of the 0-based step. */
  schedule: Schedule;
  epochs: number;
  /** Epoch e (0-based) is shuffled by permutation(foldIn(shuffleKey, e), N). */
  shuffleKey: Key;
  /** Starting point (default zeros). */
  theta0?: readonly number[];
  /** A full loss above this multiple of the initial loss counts as divergence (default 1e3). */
  explodeRatio?: number;
  /**
   * Called with the full loss at the start (epoch 0) and after each completed epoch, including
   * the last one recorded before a divergence stop; `theta` is the live vector (copy to keep it).
   */
  onEpoch?: (epoch: number, loss: number, theta: Float64Array) => void;
}

export interface SgdRunResult {
  /** Full-data loss at the start (index 0) and after each completed epoch; cut short by divergence. */
  losses: number[];
  /** Final coefficients (null when the run diverged). */
  theta: number[] | null;
  diverged: boolean;
  /** 1-based epoch in which divergence was detected, or null. */
  divergedAtEpoch: number | null;
  /** Updates applied (until divergence). */
  steps: number;
}

/**
 * Mini-batch SGD on the half-MSE: each epoch reshuffles, walks the permutation in slices of
 * `batch` and keeps the last partial slice as a smaller batch (its gradient is the mean over its
 * own points). Divergence is detected rather than carried into NaN: a non-finite mini-batch loss
 * or coefficient stops the run at once, and so does a full loss at the end of an epoch that is
 * non-finite or larger than explodeRatio times the initial loss.
 */
export function runSgd(data: LinearData, o: SgdRunOptions): SgdRunResult {
  const { n, d } = data;
  if (!Number.isInteger(o.batch) || o.batch < 1) throw new RangeError(`runSgd: batch must be a positive integer, got ${o.batch}`);
  const batch = Math.min(o.batch, n);
  const explode = o.explodeRatio ?? 1e3;
  const theta = Float64Array.from(o.theta0 ?? new Array<number>(d).fill(0));
  const g = new Float64Array(d);
  const initial = fullLoss(data, theta);
  const losses = [initial];
  o.onEpoch?.(0, initial, theta);
  let step = 0;
  const stop = (epoch: number): SgdRunResult => ({ losses, theta: null, diverged: true, divergedAtEpoch: epoch, steps: step });
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    const perm = permutation(foldIn(o.shuffleKey, epoch), n);
    for (let start = 0; start < n; start += batch) {
      const lr = o.schedule(step);
      const batchLoss = lossAndGradient(data, theta, g, perm, start, Math.min(start + batch, n));
      if (!Number.isFinite(batchLoss)) return stop(epoch + 1);
      let ok = true;
      for (let j = 0; j < d; j++) {
        theta[j] -= lr * g[j];
        ok &&= Number.isFinite(theta[j]);
      }
      step++;
      if (!ok) return stop(epoch + 1);
    }
    const loss = fullLoss(data, theta);
    if (!Number.isFinite(loss)) return stop(epoch + 1);
    losses.push(loss);
    o.onEpoch?.(epoch + 1, loss, theta);
    if (loss > explode * initial) return stop(epoch + 1);
  }
  return { losses, theta: Array.from(theta), diverged: false, divergedAtEpoch: null, steps: step };
}

// ================================================================ 2. SGD for several batch sizes

export interface MiniBatchSgdOptions extends DataChoice {
  batchSizes?: readonly number[];
  learningRate?: number;
  epochs?: number;
  /** Called at the start and after every epoch of every run (for live charts). */
  onEpoch?: (p: SgdEpochPoint) => void;
  /** Called when a run ends, with its entry of the result. */
  onRun?: (run: MiniBatchSgdResult['runs'][number]) => void;
}

/** One epoch of one mini-batch SGD run. */
export interface SgdEpochPoint {
  batch: number;
  /** 0 for the starting point, then 1, 2, ... */
  epoch: number;
  /** Full-data loss. */
  loss: number;
  /** |theta - theta_true|. */
  error: number;
}

export interface MiniBatchSgdResult {
  learningRate: number;
  epochs: number;
  runs: {
    batch: number;
    /** |theta - theta_true| at the end (null if the run diverged). */
    finalError: number | null;
    /** Full loss at the start and after each epoch. */
    losses: number[];
    diverged: boolean;
    steps: number;
  }[];
  /** |theta_hat - theta_true| for the exact least-squares fit: the floor any run can reach. */
  leastSquaresError: number;
}

/** Plain mini-batch SGD, B in {16, 64, 256}, lr 0.1, 20 epochs by default, from theta = 0. */
export function miniBatchSgd(o: MiniBatchSgdOptions): MiniBatchSgdResult {
  const data = dataFor(o);
  const learningRate = o.learningRate ?? D.sgdLearningRate;
  const epochs = o.epochs ?? D.sgdEpochs;
  const shuffleKey = streamKey(o.seed, 2);
  const runs = (o.batchSizes ?? SGD_BATCHES).map((batch) => {
    const onEpoch = o.onEpoch && ((epoch: number, loss: number, theta: Float64Array) => o.onEpoch?.({ batch, epoch, loss, error: distance(theta, data.thetaTrue) }));
    const r = runSgd(data, { batch, schedule: constant(learningRate), epochs, shuffleKey, onEpoch });
    const run = { batch, finalError: r.theta && distance(r.theta, data.thetaTrue), losses: r.losses, diverged: r.diverged, steps: r.steps };
    o.onRun?.(run);
    return run;
  });
  return { learningRate, epochs, runs, leastSquaresError: distance(leastSquares(data), data.thetaTrue) };
}
