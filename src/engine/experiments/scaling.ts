/**
 * The four experiments of the `scaling` notebook (NOTEBOOKS.md section 5) as pure functions of a
 * seed, returning plain arrays a page can chart and the headless runner can print.
 *
 * Random streams: the data come from foldIn(key(seed), 0) (see generateLinearData); experiment
 * i draws its batches from foldIn(key(seed), i), and epoch e of a training run shuffles with
 * foldIn(thatKey, e). Every run inside one experiment sees the same shuffles (common random
 * numbers), so differences between its curves come from the batch size and step size alone.
 */
import type { Backend, FloatDType, Tensor } from '../tensor';
import { tidy } from '../tensor';
import * as E from '../ops';
import { valueAndGrad } from '../grad';
import { foldIn, key, split } from '../random';
import type { Key } from '../random';
import type { AdamState, Schedule } from '../optim/adam';
import { adamInit, adamUpdate } from '../optim/adam';
import { sgdInit, sgdUpdate } from '../optim/sgd';
import { constant, linearWarmup } from '../optim/schedules';
import type { ClassificationData } from '../data/twoMoons';
import { splitTrainValTest, twoMoons } from '../data/twoMoons';
import type { BnnData } from '../models/bnn';
import { BNN_LAYERS, bnnModel, bnnSites } from '../models/bnn';
import type { MeanFieldParams } from '../prob/guides';
import { MeanFieldNormalGuide } from '../prob/guides';
import { traceElbo } from '../prob/elbo';
import type { LinearData, LinearParams } from '../models/linearRegression';
import { defaultValues } from '../settings';
import { SCALING_SETTINGS } from '../notebooks/scaling/settings';
import { SGD_BATCHES, ksUpTo, powersOfTwo, varianceBatchSizes } from '../notebooks/scaling/sizes';
import {
  batchTensors,
  distance,
  fullLoss,
  generateLinearData,
  leastSquares,
  linearRegressionLoss,
  lossAndGradient,
  permutation,
  smoothness,
} from '../models/linearRegression';

export interface DataChoice {
  seed: number;
  /** Number of generated points (default 10,000). */
  n?: number;
  /** Reuse already generated data (must come from the same seed for the streams to match the CLI). */
  data?: LinearData;
}

/** The settings' defaults (notebooks/scaling/settings.ts): what every experiment uses when a value is not given. */
const D = defaultValues(SCALING_SETTINGS);

function dataFor(o: DataChoice): LinearData {
  return o.data ?? generateLinearData({ seed: o.seed, n: o.n });
}

function streamKey(seed: number, experiment: number): Key {
  return foldIn(key(seed), experiment);
}

/** Least-squares line y = intercept + slope x. */
export function fitLine(xs: readonly number[], ys: readonly number[]): { slope: number; intercept: number } {
  const n = xs.length;
  const mx = xs.reduce((s, v) => s + v, 0) / n;
  const my = ys.reduce((s, v) => s + v, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i] - mx) * (ys[i] - my);
    sxx += (xs[i] - mx) ** 2;
  }
  const slope = sxy / sxx;
  return { slope, intercept: my - slope * mx };
}

// ================================================================ 1. gradient variance against B

export interface GradientVarianceOptions extends DataChoice {
  /** Batch sizes (default 1, 2, 4, ..., 1024). */
  batchSizes?: readonly number[];
  /** Batches drawn per batch size (default 1000). */
  batches?: number;
  /** Where the gradients are taken (default: zeros, the SGD runs' starting point). */
  theta?: readonly number[];
  /** Called as soon as each batch size's variance is measured (for a live chart). */
  onPoint?: (p: VariancePoint) => void;
}

/** One measured point of the variance experiment. */
export interface VariancePoint {
  /** Position of the batch size in the list. */
  index: number;
  batch: number;
  /** Measured mean of |g_B - g_full|^2. */
  variance: number;
  /** Its exact expectation (trace Sigma / B) (N - B) / (N - 1). */
  theory: number;
  /** trace Sigma, the sigma^2 of the sigma^2 / B line. */
  traceCovariance: number;
}

export interface GradientVarianceResult {
  theta: number[];
  batchSizes: number[];
  /** Measured V(B) = mean over the batches of |g_B - g_full|^2 (see gradientVariance). */
  variances: number[];
  /** Exact expectation (trace Sigma / B) (N - B) / (N - 1) for batches drawn without replacement. */
  theory: number[];
  /** trace Sigma: the per-example gradient variance, summed over coordinates (sigma^2 of sigma^2/B). */
  traceCovariance: number;
  /** Least-squares slope and intercept of ln V against ln B (the sigma^2/B law has slope -1). */
  slope: number;
  intercept: number;
  batchesPerSize: number;
}

/**
 * Gradient noise against the batch size, at a fixed theta.
 *
 * Definition: V(B) = E |g_B(theta) - g(theta)|^2, the expected squared Euclidean distance
 * between a mini-batch gradient and the exact full-data gradient, i.e. the trace of the
 * covariance matrix of g_B. It is estimated by averaging |g_B - g|^2 over `batches` batches,
 * with g computed exactly (so no Bessel correction is needed). Batches are what training uses:
 * consecutive slices of fresh random permutations, i.e. B distinct points each, uniformly at
 * random. For such sampling without replacement the expectation is exactly
 *   V(B) = (trace Sigma / B) (N - B) / (N - 1),  Sigma = 1/N sum_i (g_i - g)(g_i - g)^T,
 * the sigma^2/B law times the finite-population correction (which only bends the curve as B
 * approaches N: about -0.1 in ln V at B = 1024 of 10,000). The slope is fitted to the measured
 * points in ln-ln coordinates.
 */
export function gradientVariance(o: GradientVarianceOptions): GradientVarianceResult {
  const data = dataFor(o);
  const { n, d } = data;
  const batchSizes = [...(o.batchSizes ?? varianceBatchSizes(1024))];
  const batches = o.batches ?? D.batchesPerSize;
  const theta = Float64Array.from(o.theta ?? new Array<number>(d).fill(0));
  if (theta.length !== d) throw new RangeError(`gradientVariance: theta has ${theta.length} entries, the data ${d} columns`);
  if (!Number.isInteger(batches) || batches < 2) throw new RangeError(`gradientVariance: batches must be an integer >= 2, got ${batches}`);
  for (const b of batchSizes) {
    if (!Number.isInteger(b) || b < 1 || b > n) throw new RangeError(`gradientVariance: batch size ${b} is out of range: allowed 1 to N = ${n}`);
  }
  const full = new Float64Array(d);
  lossAndGradient(data, theta, full);

  // trace Sigma = 1/N sum_i |g_i - g|^2 with g_i = x_i (x_i . theta - y_i).
  let traceCovariance = 0;
  const gi = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    let res = -data.y[i];
    for (let j = 0; j < d; j++) res += data.x[i * d + j] * theta[j];
    for (let j = 0; j < d; j++) gi[j] = res * data.x[i * d + j] - full[j];
    for (let j = 0; j < d; j++) traceCovariance += gi[j] * gi[j];
  }
  traceCovariance /= n;

  const root = streamKey(o.seed, 1);
  const g = new Float64Array(d);
  const variances = batchSizes.map((b, bi) => {
    const sizeKey = foldIn(root, bi);
    const perEpoch = Math.floor(n / b);
    let sum = 0;
    let perm = permutation(foldIn(sizeKey, 0), n);
    let epoch = 0;
    let slot = 0;
    for (let r = 0; r < batches; r++) {
      if (slot === perEpoch) {
        perm = permutation(foldIn(sizeKey, ++epoch), n);
        slot = 0;
      }
      lossAndGradient(data, theta, g, perm, slot * b, slot * b + b);
      slot++;
      let s = 0;
      for (let j = 0; j < d; j++) s += (g[j] - full[j]) ** 2;
      sum += s;
    }
    const variance = sum / batches;
    o.onPoint?.({ index: bi, batch: b, variance, theory: ((traceCovariance / b) * (n - b)) / Math.max(1, n - 1), traceCovariance });
    return variance;
  });
  const theory = batchSizes.map((b) => ((traceCovariance / b) * (n - b)) / Math.max(1, n - 1));
  const fit = fitLine(
    batchSizes.map((b) => Math.log(b)),
    variances.map((v) => Math.log(v)),
  );
  return { theta: Array.from(theta), batchSizes, variances, theory, traceCovariance, slope: fit.slope, intercept: fit.intercept, batchesPerSize: batches };
}

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

// ================================================================ 3. the linear scaling rule

export interface ScalingRuleOptions extends DataChoice {
  baseBatch?: number;
  baseLearningRate?: number;
  ks?: readonly number[];
  epochs?: number;
  /** Length of the linear warm-up in epochs (default 3). */
  warmupEpochs?: number;
  /** Called once before any run, with L, 2/L and the settings of every run. */
  onStart?: (info: RuleStart) => void;
  /** Called at the start and after every epoch of every run, plain then warmed up, k by k. */
  onEpoch?: (p: RuleEpochPoint) => void;
  /** Called when both runs of a k have ended, with its entry of the result. */
  onRun?: (run: ScalingRuleResult['runs'][number]) => void;
}

/** What is known before the scaling-rule runs start. */
export interface RuleStart {
  smoothness: number;
  stabilityLimit: number;
  runs: { k: number; batch: number; learningRate: number; stepsPerEpoch: number; aboveStabilityLimit: boolean }[];
}

/** One epoch of one scaling-rule run. */
export interface RuleEpochPoint {
  k: number;
  /** True for the run with linear warm-up. */
  warmup: boolean;
  epoch: number;
  loss: number;
}

export interface ScalingRuleRun {
  /** Full loss at the start and after each epoch (shorter if diverged). */
  losses: number[];
  /** Full loss after the last epoch; null if the run diverged. */
  finalLoss: number | null;
  diverged: boolean;
  divergedAtEpoch: number | null;
}

export interface ScalingRuleResult {
  baseBatch: number;
  baseLearningRate: number;
  epochs: number;
  warmupEpochs: number;
  /** L = largest eigenvalue of X^T X / N. */
  smoothness: number;
  /** 2 / L: gradient descent on this loss diverges for a step size above it. */
  stabilityLimit: number;
  runs: {
    k: number;
    /** min(k * baseBatch, N). */
    batch: number;
    /** k * baseLearningRate. */
    learningRate: number;
    stepsPerEpoch: number;
    aboveStabilityLimit: boolean;
    plain: ScalingRuleRun;
    warmup: ScalingRuleRun;
  }[];
}

/**
 * The linear scaling rule (Goyal et al. 2017, "Accurate, large minibatch SGD: training ImageNet
 * in 1 hour", Sec. 2.1): when the batch grows from B to kB, multiply the learning rate by k, so
 * that one step of k eta on kB points moves theta as far, in expectation, as k steps of eta on B
 * points did. Each (kB, k eta) is trained from theta = 0 for `epochs` epochs, once with the
 * constant rate and once with Goyal et al.'s gradual warm-up (Sec. 2.2): linear from eta to
 * k eta over the first `warmupEpochs` epochs.
 *
 * On this quadratic loss the rule breaks where k eta nears the stability limit 2/L, L the
 * largest eigenvalue of the Hessian X^T X / N (here about 1, so 2/L is about 1.9): a gradient
 * step multiplies the error along the top eigenvector by (1 - eta L), whose size exceeds 1 for
 * eta > 2/L. Warm-up only delays that here, since the curvature is the same everywhere; in deep
 * networks it helps because the early iterates sit in sharper regions than the later ones.
 */
export function scalingRule(o: ScalingRuleOptions): ScalingRuleResult {
  const data = dataFor(o);
  const baseBatch = o.baseBatch ?? D.baseBatch;
  const eta = o.baseLearningRate ?? D.baseLearningRate;
  const epochs = o.epochs ?? D.ruleEpochs;
  const warmupEpochs = o.warmupEpochs ?? D.warmupEpochs;
  const L = smoothness(data);
  const shuffleKey = streamKey(o.seed, 3);
  const summary = (r: SgdRunResult): ScalingRuleRun => ({
    losses: r.losses,
    finalLoss: r.diverged ? null : r.losses[r.losses.length - 1],
    diverged: r.diverged,
    divergedAtEpoch: r.divergedAtEpoch,
  });
  const ks = o.ks ?? ksUpTo(D.maxK);
  o.onStart?.({
    smoothness: L,
    stabilityLimit: 2 / L,
    runs: ks.map((k) => {
      const batch = Math.min(k * baseBatch, data.n);
      return { k, batch, learningRate: k * eta, stepsPerEpoch: Math.ceil(data.n / batch), aboveStabilityLimit: k * eta >= 2 / L };
    }),
  });
  const runs = ks.map((k) => {
    const batch = Math.min(k * baseBatch, data.n);
    const learningRate = k * eta;
    const stepsPerEpoch = Math.ceil(data.n / batch);
    const report = (warmup: boolean) => o.onEpoch && ((epoch: number, loss: number) => o.onEpoch?.({ k, warmup, epoch, loss }));
    const plain = runSgd(data, { batch, schedule: constant(learningRate), epochs, shuffleKey, onEpoch: report(false) });
    const warm = runSgd(data, {
      batch,
      schedule: linearWarmup({ start: eta, peak: learningRate, warmupSteps: warmupEpochs * stepsPerEpoch }),
      epochs,
      shuffleKey,
      onEpoch: report(true),
    });
    const run = { k, batch, learningRate, stepsPerEpoch, aboveStabilityLimit: learningRate >= 2 / L, plain: summary(plain), warmup: summary(warm) };
    o.onRun?.(run);
    return run;
  });
  return { baseBatch, baseLearningRate: eta, epochs, warmupEpochs, smoothness: L, stabilityLimit: 2 / L, runs };
}

// ================================================================ 4. gradient accumulation

export interface AccumulationOptions extends DataChoice {
  /** Number of micro-batches K (default 8). */
  micro?: number;
  /** Micro-batch size b (default 32); the big batch has K b points. */
  microBatch?: number;
  /** Where the gradients are taken (default theta_true / 2, a point with sizeable residuals). */
  theta?: readonly number[];
  dtype?: FloatDType;
  backend?: Backend;
}

export interface AccumulationResult {
  micro: number;
  microBatch: number;
  batch: number;
  dtype: FloatDType;
  /** Gradient of the loss on all K b points at once. */
  oneShot: number[];
  /** Sum over the K micro-batches of the gradient of (their loss / K). */
  accumulated: number[];
  /** max_j |oneShot_j - accumulated_j|. */
  maxAbsDifference: number;
  /** max_j |oneShot_j|, for scale. */
  maxAbsGradient: number;
}

const lossGrad = valueAndGrad((p: LinearParams, x: Tensor, y: Tensor, over: number) => E.div(linearRegressionLoss(p, x, y), over));

/**
 * The two gradients of gradient accumulation as engine tensors (autodiff), so a page can read
 * them back from any backend: the gradient of the mean loss over rows idx[0..K b) in one batch,
 * and the sum of the K gradients of (micro-batch loss / K) over consecutive slices of b. Equal in
 * exact arithmetic because the mean over K b points is the mean of the K micro-batch means.
 */
export function accumulatedGradients(
  data: LinearData,
  idx: ArrayLike<number>,
  micro: number,
  microBatch: number,
  theta: readonly number[],
  options: { dtype?: FloatDType; backend?: Backend } = {},
): { oneShot: Tensor; accumulated: Tensor } {
  const co = { dtype: options.dtype ?? 'f64', backend: options.backend };
  const params: LinearParams = { theta: E.tensor(theta, [theta.length], co) };
  const all = batchTensors(data, idx, 0, micro * microBatch, co);
  const oneShot = lossGrad(params, all.x, all.y, 1).grads.theta;
  let accumulated: Tensor | null = null;
  for (let k = 0; k < micro; k++) {
    const part = batchTensors(data, idx, k * microBatch, (k + 1) * microBatch, co);
    const g = lossGrad(params, part.x, part.y, micro).grads.theta;
    accumulated = accumulated ? E.add(accumulated, g) : g;
  }
  return { oneShot, accumulated: accumulated as Tensor };
}

/** One batch of K b points against K accumulated micro-batches of b, read back synchronously (cpu). */
export function gradientAccumulation(o: AccumulationOptions): AccumulationResult {
  const data = dataFor(o);
  const micro = o.micro ?? D.micro;
  const microBatch = o.microBatch ?? D.microBatch;
  const dtype = o.dtype ?? D.dtype;
  if (!Number.isInteger(micro) || micro < 1 || !Number.isInteger(microBatch) || microBatch < 1 || micro * microBatch > data.n) {
    throw new RangeError(`gradientAccumulation: need K >= 1, b >= 1 and K b <= N = ${data.n}, got K = ${micro}, b = ${microBatch}`);
  }
  const theta = o.theta ?? Array.from(data.thetaTrue, (v) => v / 2);
  const idx = permutation(streamKey(o.seed, 4), data.n);
  const g = accumulatedGradients(data, idx, micro, microBatch, theta, { dtype, backend: o.backend });
  const oneShot = Array.from(g.oneShot.dataSync());
  const accumulated = Array.from(g.accumulated.dataSync());
  let maxAbsDifference = 0;
  let maxAbsGradient = 0;
  for (let j = 0; j < oneShot.length; j++) {
    maxAbsDifference = Math.max(maxAbsDifference, Math.abs(oneShot[j] - accumulated[j]));
    maxAbsGradient = Math.max(maxAbsGradient, Math.abs(oneShot[j]));
  }
  return { micro, microBatch, batch: micro * microBatch, dtype, oneShot, accumulated, maxAbsDifference, maxAbsGradient };
}

// ================================================================ everything, for the runner

export interface ScalingNotebookOptions {
  seed: number;
  n: number;
  batchesPerSize: number;
  epochs: number;
  sgdLearningRate: number;
  baseBatch: number;
  baseLearningRate: number;
  warmupEpochs: number;
  micro: number;
  microBatch: number;
  dtype: FloatDType;
}

export const SCALING_NOTEBOOK_DEFAULTS: ScalingNotebookOptions = {
  seed: D.seed,
  n: D.n,
  batchesPerSize: D.batchesPerSize,
  epochs: D.epochs,
  sgdLearningRate: D.sgdLearningRate,
  baseBatch: D.baseBatch,
  baseLearningRate: D.baseLearningRate,
  warmupEpochs: D.warmupEpochs,
  micro: D.micro,
  microBatch: D.microBatch,
  dtype: D.dtype,
};

export interface ScalingNotebookResult {
  notebook: 'scaling';
  seed: number;
  n: number;
  d: number;
  gradientVariance: GradientVarianceResult;
  sgd: MiniBatchSgdResult;
  scalingRule: ScalingRuleResult;
  accumulation: AccumulationResult;
  seconds: number;
}

/** All four experiments on one data set. */
export function runScalingNotebook(options: Partial<ScalingNotebookOptions> = {}): ScalingNotebookResult {
  const o = { ...SCALING_NOTEBOOK_DEFAULTS, ...options };
  const t0 = performance.now();
  const data = generateLinearData({ seed: o.seed, n: o.n });
  const common = { seed: o.seed, data };
  const gradientVarianceResult = gradientVariance({ ...common, batchSizes: varianceBatchSizes(o.n), batches: o.batchesPerSize });
  const sgd = miniBatchSgd({ ...common, learningRate: o.sgdLearningRate, epochs: o.epochs });
  const rule = scalingRule({ ...common, baseBatch: o.baseBatch, baseLearningRate: o.baseLearningRate, epochs: o.epochs, warmupEpochs: o.warmupEpochs });
  const accumulation = gradientAccumulation({ ...common, micro: o.micro, microBatch: o.microBatch, dtype: o.dtype });
  return {
    notebook: 'scaling',
    seed: o.seed,
    n: data.n,
    d: data.d,
    gradientVariance: gradientVarianceResult,
    sgd,
    scalingRule: rule,
    accumulation,
    seconds: (performance.now() - t0) / 1000,
  };
}

// ================================================================ 4b. accumulation against K, on any backend

export interface AccumulationSweepOptions extends DataChoice {
  /** Micro-batch size b (default 32). */
  microBatch?: number;
  /** Numbers of micro-batches K to compare (default 2, 4, ..., 64, those with K b <= N). */
  micros?: readonly number[];
  /** Where the gradients are taken (default theta_true / 2, as gradientAccumulation). */
  theta?: readonly number[];
  dtype?: FloatDType;
  backend?: Backend;
  /** Called with each K's comparison as soon as it is read back. */
  onPoint?: (p: AccumulationPoint) => void | Promise<void>;
}

/** One batch of K b points against K accumulated micro-batches of b. */
export interface AccumulationPoint {
  micro: number;
  microBatch: number;
  batch: number;
  dtype: FloatDType;
  oneShot: number[];
  accumulated: number[];
  maxAbsDifference: number;
  maxAbsGradient: number;
}

/** The largest |a_j - b_j| and the largest |a_j|. */
export function maxAbsDifference(a: ArrayLike<number>, b: ArrayLike<number>): { difference: number; scale: number } {
  let difference = 0;
  let scale = 0;
  for (let j = 0; j < a.length; j++) {
    difference = Math.max(difference, Math.abs(a[j] - b[j]));
    scale = Math.max(scale, Math.abs(a[j]));
  }
  return { difference, scale };
}

/**
 * Gradient accumulation for several K at one micro-batch size, on any backend (the gradients
 * are read back asynchronously, as a GPU needs). The rows are the same as gradientAccumulation's:
 * the first K b entries of one permutation, so its figure for a given K is this one's on the cpu.
 */
export async function accumulationSweep(o: AccumulationSweepOptions): Promise<AccumulationPoint[]> {
  const data = dataFor(o);
  const microBatch = o.microBatch ?? D.microBatch;
  const dtype = o.dtype ?? D.dtype;
  const micros = [...(o.micros ?? powersOfTwo(2, 64).filter((k) => k * microBatch <= data.n))];
  for (const micro of micros) {
    if (!Number.isInteger(micro) || micro < 1 || !Number.isInteger(microBatch) || microBatch < 1 || micro * microBatch > data.n) {
      throw new RangeError(`accumulationSweep: need K >= 1, b >= 1 and K b <= N = ${data.n}, got K = ${micro}, b = ${microBatch}`);
    }
  }
  const theta = o.theta ?? Array.from(data.thetaTrue, (v) => v / 2);
  const idx = permutation(streamKey(o.seed, 4), data.n);
  const out: AccumulationPoint[] = [];
  for (const micro of micros) {
    const g = tidy(() => accumulatedGradients(data, idx, micro, microBatch, theta, { dtype, backend: o.backend }));
    const oneShot = Array.from(await g.oneShot.data());
    const accumulated = Array.from(await g.accumulated.data());
    g.oneShot.dispose();
    g.accumulated.dispose();
    const m = maxAbsDifference(oneShot, accumulated);
    const point = { micro, microBatch, batch: micro * microBatch, dtype, oneShot, accumulated, maxAbsDifference: m.difference, maxAbsGradient: m.scale };
    out.push(point);
    await o.onPoint?.(point);
  }
  return out;
}

// ================================================================ 5. the rule on the Bayesian network's ELBO

export type BnnRuleOptimizer = 'sgd' | 'adam';

export interface BnnRuleOptions {
  /** Seed of the data, the split and the guide, split as the bnn notebook splits it. */
  seed: number;
  /** Two-moons points before the split (default 2,000: 980 train) and their noise (0.25). */
  n?: number;
  noise?: number;
  baseBatch?: number;
  baseLearningRate?: number;
  ks?: readonly number[];
  epochs?: number;
  optimizer?: BnnRuleOptimizer;
  /** Linear warm-up from eta to k eta over this many epochs; 0 (default) for a constant rate. */
  warmupEpochs?: number;
  /** Weight draws per step: 1 (default), or k for the run with k when true. */
  particlesGrowWithK?: boolean;
  /** Fixed weight draws behind each epoch's -ELBO per point (default 16, the same for every run and epoch). */
  evalDraws?: number;
  /** An epoch loss above this multiple of the starting one counts as divergence (default 100). */
  explodeRatio?: number;
  backend?: Backend;
  dtype?: FloatDType;
  onStart?: (info: BnnRuleStart) => void | Promise<void>;
  /** Called after each evaluation (epoch 0 is the start); return true to stop the whole experiment. */
  onEpoch?: (p: BnnRuleEpoch) => boolean | void | Promise<boolean | void>;
  onRun?: (run: BnnRuleRun) => void | Promise<void>;
}

export interface BnnRuleSetting {
  k: number;
  batch: number;
  learningRate: number;
  particles: number;
  stepsPerEpoch: number;
}

export interface BnnRuleStart {
  nTrain: number;
  /** Number of guide parameters (locations and scales). */
  parameters: number;
  runs: BnnRuleSetting[];
}

export interface BnnRuleEpoch {
  k: number;
  epoch: number;
  /** -ELBO per training point, averaged over the fixed evaluation draws. */
  loss: number;
}

export interface BnnRuleRun extends BnnRuleSetting {
  /** -ELBO per point at the start and after each epoch (cut short by divergence or a stop). */
  losses: number[];
  diverged: boolean;
  divergedAtEpoch: number | null;
  /** Mean over the last quarter of the epochs (at least one); null if it diverged or stopped early. */
  tailMean: number | null;
  steps: number;
  seconds: number;
}

export interface BnnRuleResult {
  nTrain: number;
  baseBatch: number;
  baseLearningRate: number;
  epochs: number;
  optimizer: BnnRuleOptimizer;
  warmupEpochs: number;
  runs: BnnRuleRun[];
  /** True when a callback stopped the experiment before every run finished. */
  stopped: boolean;
}

/** Mean of the last quarter (at least one) of losses[1..epochs]; null when the run is shorter. */
export function tailMean(losses: readonly number[], epochs: number): number | null {
  if (epochs < 1 || losses.length < epochs + 1) return null;
  const tail = Math.max(1, Math.ceil(epochs / 4));
  let s = 0;
  for (let e = epochs - tail + 1; e <= epochs; e++) s += losses[e];
  return s / tail;
}

function classificationTensors(d: ClassificationData, rows: ArrayLike<number> | null, start: number, end: number, o: { backend?: Backend; dtype: FloatDType }): BnnData {
  const b = end - start;
  const x = new Float64Array(2 * b);
  const y = new Float64Array(b);
  for (let r = 0; r < b; r++) {
    const i = rows ? rows[start + r] : start + r;
    x[2 * r] = d.x[2 * i];
    x[2 * r + 1] = d.x[2 * i + 1];
    y[r] = d.y[i];
  }
  return { x: E.tensor(x, [b, 2], o), y: E.tensor(y, [b], o) };
}

function disposeRecord(r: Record<string, Tensor>): void {
  for (const t of Object.values(r)) t.dispose();
}

/**
 * The linear scaling rule on the variational objective of the bnn notebook's network (two
 * moons, MLP 2-4-3-1, mean-field Normal guide). Every (k B, k eta) run starts from the same
 * guide and trains for `epochs` epochs of reshuffled mini-batches (last partial batch kept) on
 * the per-point negative ELBO
 *   -( log p(w) - log q(w) + (N / b) log p(y_batch | w) ) / N,   w ~ q (one draw, or k),
 * whose expectation is the full-data -ELBO / N whatever the batch. After each epoch the
 * full-data -ELBO / N is estimated with the same `evalDraws` fixed draws for every run, so
 * differences between curves come from training, not from the estimate.
 *
 * Keys: split(key(seed), 3) gives the data, split and run keys as in the bnn notebook; the guide
 * starts from split(runKey, 3)[0], the bnn notebook's initial guide. Epoch e of every run is
 * shuffled by foldIn(foldIn(runKey, 11), e); step t draws its weights from foldIn(foldIn(runKey,
 * 12), t); the evaluation draws come from foldIn(runKey, 13).
 */
export async function bnnScalingRule(o: BnnRuleOptions): Promise<BnnRuleResult> {
  const place = { backend: o.backend, dtype: o.dtype ?? 'f64' };
  const baseBatch = o.baseBatch ?? D.bnnB;
  const eta = o.baseLearningRate ?? D.bnnLr;
  const epochs = o.epochs ?? D.bnnEpochs;
  const optimizer = o.optimizer ?? D.bnnOpt;
  const warmupEpochs = o.warmupEpochs ?? D.bnnWarmup;
  const evalDraws = o.evalDraws ?? 16;
  const explode = o.explodeRatio ?? 100;
  const ks = [...(o.ks ?? ksUpTo(D.bnnMaxK))];
  if (!Number.isInteger(baseBatch) || baseBatch < 1) throw new RangeError(`bnnScalingRule: base batch must be a positive integer, got ${baseBatch}`);
  if (!Number.isInteger(epochs) || epochs < 1) throw new RangeError(`bnnScalingRule: epochs must be a positive integer, got ${epochs}`);

  const [dataKey, splitKey, runKey] = split(key(o.seed), 3);
  const { train } = splitTrainValTest(twoMoons(o.n ?? 2000, o.noise ?? 0.25, dataKey), splitKey);
  const nTrain = train.n;
  const guide = new MeanFieldNormalGuide(bnnSites(BNN_LAYERS));
  const init = guide.init(split(runKey, 3)[0], place);
  const shuffleKey = foldIn(runKey, 11);
  const drawKey = foldIn(runKey, 12);
  const evalKey = foldIn(runKey, 13);
  const all = classificationTensors(train, null, 0, nTrain, place);
  const evalNoise = Array.from({ length: evalDraws }, (_, s) => guide.noise(foldIn(evalKey, s)));

  const negElboPerPoint = valueAndGrad((p: MeanFieldParams, batch: BnnData, scale: number, k: Key, particles: number) =>
    E.div(E.neg(traceElbo({ model: bnnModel, guide, params: p, data: batch, key: k, particles, likelihoodScale: scale }).elbo), nTrain),
  );
  const evaluate = async (p: MeanFieldParams): Promise<number> => {
    const t = tidy(() => {
      let acc: Tensor | null = null;
      for (const eps of evalNoise) {
        const draw = guide.sampleWithNoise(p, eps);
        const terms = bnnModel(draw.latents, all);
        const w = E.sub(E.add(terms.logPrior, terms.logLikelihood), draw.logQ);
        acc = acc ? E.add(acc, w) : w;
      }
      return E.div(E.neg(acc as Tensor), evalDraws * nTrain);
    });
    const v = (await t.data())[0];
    t.dispose();
    return v;
  };

  const settings: BnnRuleSetting[] = ks.map((k) => {
    const batch = Math.min(k * baseBatch, nTrain);
    return { k, batch, learningRate: k * eta, particles: o.particlesGrowWithK ? k : 1, stepsPerEpoch: Math.ceil(nTrain / batch) };
  });
  await o.onStart?.({ nTrain, parameters: 2 * guide.size, runs: settings });

  const initialLoss = await evaluate(init);
  const runs: BnnRuleRun[] = [];
  let stopped = false;
  for (const s of settings) {
    if (stopped) break;
    const schedule: Schedule =
      warmupEpochs > 0 ? linearWarmup({ start: eta, peak: s.learningRate, warmupSteps: warmupEpochs * s.stepsPerEpoch }) : constant(s.learningRate);
    let params = init;
    let sgd = sgdInit();
    let adam: AdamState<MeanFieldParams> | null = optimizer === 'adam' ? adamInit(init) : null;
    const losses = [initialLoss];
    let diverged = false;
    let divergedAtEpoch: number | null = null;
    let step = 0;
    const t0 = performance.now();
    let seconds = 0;
    stopped = (await o.onEpoch?.({ k: s.k, epoch: 0, loss: initialLoss })) === true;
    for (let epoch = 0; epoch < epochs && !stopped; epoch++) {
      const perm = permutation(foldIn(shuffleKey, epoch), nTrain);
      for (let start = 0; start < nTrain; start += s.batch) {
        const end = Math.min(start + s.batch, nTrain);
        const current = params;
        const next = tidy(() => {
          const batch = classificationTensors(train, perm, start, end, place);
          const { grads } = negElboPerPoint(current, batch, nTrain / (end - start), foldIn(drawKey, step), s.particles);
          if (adam) {
            const r = adamUpdate(current, grads, adam, { learningRate: schedule });
            return { params: r.params, adam: r.state };
          }
          const r = sgdUpdate(current, grads, sgd, { learningRate: schedule });
          sgd = r.state;
          return { params: r.params, adam: null };
        });
        if (current !== init) disposeRecord(current);
        if (adam && next.adam) {
          disposeRecord(adam.m);
          disposeRecord(adam.v);
        }
        params = next.params;
        adam = next.adam;
        step++;
      }
      seconds = (performance.now() - t0) / 1000;
      const loss = await evaluate(params);
      if (!Number.isFinite(loss) || loss > explode * initialLoss) {
        if (Number.isFinite(loss)) losses.push(loss);
        diverged = true;
        divergedAtEpoch = epoch + 1;
        if (Number.isFinite(loss)) stopped = (await o.onEpoch?.({ k: s.k, epoch: epoch + 1, loss })) === true;
        break;
      }
      losses.push(loss);
      stopped = (await o.onEpoch?.({ k: s.k, epoch: epoch + 1, loss })) === true;
    }
    if (params !== init) disposeRecord(params);
    if (adam) {
      disposeRecord(adam.m);
      disposeRecord(adam.v);
    }
    const run: BnnRuleRun = { ...s, losses, diverged, divergedAtEpoch, tailMean: diverged ? null : tailMean(losses, epochs), steps: step, seconds };
    runs.push(run);
    await o.onRun?.(run);
  }
  disposeRecord(init);
  disposeRecord({ x: all.x, y: all.y });
  return { nTrain, baseBatch, baseLearningRate: eta, epochs, optimizer, warmupEpochs, runs, stopped };
}
