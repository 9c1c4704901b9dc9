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
import * as E from '../ops';
import { valueAndGrad } from '../grad';
import { foldIn, key } from '../random';
import type { Key } from '../random';
import type { Schedule } from '../optim/adam';
import { constant, linearWarmup } from '../optim/schedules';
import type { LinearData, LinearParams } from '../models/linearRegression';
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

function dataFor(o: DataChoice): LinearData {
  return o.data ?? generateLinearData({ seed: o.seed, n: o.n });
}

function streamKey(seed: number, experiment: number): Key {
  return foldIn(key(seed), experiment);
}

function powersOfTwo(from: number, to: number): number[] {
  const out: number[] = [];
  for (let b = from; b <= to; b *= 2) out.push(b);
  return out;
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
  const batchSizes = [...(o.batchSizes ?? powersOfTwo(1, 1024))];
  const batches = o.batches ?? 1000;
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
    return sum / batches;
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
    if (loss > explode * initial) return stop(epoch + 1);
  }
  return { losses, theta: Array.from(theta), diverged: false, divergedAtEpoch: null, steps: step };
}

// ================================================================ 2. SGD for several batch sizes

export interface MiniBatchSgdOptions extends DataChoice {
  batchSizes?: readonly number[];
  learningRate?: number;
  epochs?: number;
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
  const learningRate = o.learningRate ?? 0.1;
  const epochs = o.epochs ?? 20;
  const shuffleKey = streamKey(o.seed, 2);
  const runs = (o.batchSizes ?? [16, 64, 256]).map((batch) => {
    const r = runSgd(data, { batch, schedule: constant(learningRate), epochs, shuffleKey });
    return { batch, finalError: r.theta && distance(r.theta, data.thetaTrue), losses: r.losses, diverged: r.diverged, steps: r.steps };
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
  const baseBatch = o.baseBatch ?? 32;
  const eta = o.baseLearningRate ?? 0.01;
  const epochs = o.epochs ?? 20;
  const warmupEpochs = o.warmupEpochs ?? 3;
  const L = smoothness(data);
  const shuffleKey = streamKey(o.seed, 3);
  const summary = (r: SgdRunResult): ScalingRuleRun => ({
    losses: r.losses,
    finalLoss: r.diverged ? null : r.losses[r.losses.length - 1],
    diverged: r.diverged,
    divergedAtEpoch: r.divergedAtEpoch,
  });
  const runs = (o.ks ?? [1, 2, 4, 8, 16, 32, 64]).map((k) => {
    const batch = Math.min(k * baseBatch, data.n);
    const learningRate = k * eta;
    const stepsPerEpoch = Math.ceil(data.n / batch);
    const plain = runSgd(data, { batch, schedule: constant(learningRate), epochs, shuffleKey });
    const warm = runSgd(data, {
      batch,
      schedule: linearWarmup({ start: eta, peak: learningRate, warmupSteps: warmupEpochs * stepsPerEpoch }),
      epochs,
      shuffleKey,
    });
    return { k, batch, learningRate, stepsPerEpoch, aboveStabilityLimit: learningRate >= 2 / L, plain: summary(plain), warmup: summary(warm) };
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
  const micro = o.micro ?? 8;
  const microBatch = o.microBatch ?? 32;
  const dtype = o.dtype ?? 'f64';
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
  seed: 0,
  n: 10_000,
  batchesPerSize: 1000,
  epochs: 20,
  sgdLearningRate: 0.1,
  baseBatch: 32,
  baseLearningRate: 0.01,
  warmupEpochs: 3,
  micro: 8,
  microBatch: 32,
  dtype: 'f64',
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
  const gradientVarianceResult = gradientVariance({ ...common, batchSizes: powersOfTwo(1, Math.min(1024, o.n)), batches: o.batchesPerSize });
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
