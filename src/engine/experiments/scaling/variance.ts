/** Experiment 1 of the scaling notebook: gradient noise against the batch size. */
import { foldIn } from '../../random';
import { lossAndGradient, permutation } from '../../models/linearRegression';
import type { DataChoice } from './common';
import { D, dataFor, fitLine, streamKey } from './common';
import { varianceBatchSizes } from '../../notebooks/scaling/sizes';

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
