/**
 * Exact Gaussian-process regression in one dimension, as in GPyTorch's introductory tutorial:
 * a constant mean c, an RBF kernel with outputscale s^2 and lengthscale l, Gaussian noise sigma^2,
 * every hyperparameter trained through GPyTorch's constraints from a raw value that starts at 0:
 *   s^2 = softplus(a),  l = softplus(b),  sigma^2 = 1e-4 + softplus(n)   (each ln 2 at the start).
 *
 * The loss is the negative log marginal likelihood per point,
 *   (1/N) [ 1/2 r^T C^{-1} r + 1/2 log det C + N/2 log 2 pi ],  C = K + sigma^2 I,  r = y - c,
 * computed on one of two gradient paths that give the same numbers: `fused`, the op
 * invQuadLogdet with its closed-form backward, or `generic`, reverse mode through the Cholesky
 * factorisation and the triangular solve.
 */
import type { Backend, FloatDType, Tensor } from '../tensor';
import type { TensorRecord } from '../autodiff';
import * as E from '../ops';
import { key, normal, split, uniform } from '../random';
import { EXACT_GP_MAX_N, EXACT_GP_SETTINGS } from '../notebooks/exact-gp/settings';
import type { GradientPath } from '../notebooks/exact-gp/settings';

export interface ExactGpParams extends TensorRecord {
  /** The constant mean c []. */
  mean: Tensor;
  /** a, with outputscale s^2 = softplus(a) []. */
  rawOutputscale: Tensor;
  /** b, with lengthscale l = softplus(b) []. */
  rawLengthscale: Tensor;
  /** n, with noise variance sigma^2 = 1e-4 + softplus(n) []. */
  rawNoise: Tensor;
}

/** The notebook's settings at their defaults (declared in notebooks/exact-gp/settings.ts), and the model's constants. */
export const EXACT_GP_DEFAULTS = {
  n: EXACT_GP_SETTINGS.n.default,
  steps: EXACT_GP_SETTINGS.steps.default,
  learningRate: EXACT_GP_SETTINGS.learningRate.default,
  path: EXACT_GP_SETTINGS.path.default,
  /** GPyTorch's GreaterThan(1e-4) on the likelihood's noise. */
  noiseFloor: 1e-4,
  /** Standard deviation of the observation noise of the generated data. */
  observationNoise: 0.2,
  /** Points of the evaluation grid over [0, 1] (the posterior curve and the RMSE). */
  gridSize: 200,
} as const;

/** The regression target of the generated data, sin(2 pi x). */
export function exactGpTarget(x: number): number {
  return Math.sin(2 * Math.PI * x);
}

export interface CurveData {
  /** Inputs [n]. */
  x: Float64Array;
  /** Targets [n]. */
  y: Float64Array;
  n: number;
}

/** n inputs uniform on [0, 1] and y = sin(2 pi x) + 0.2 eps, all drawn from `seed`. */
export function generateExactGpData(n: number, seed: number): CurveData {
  const [kx, ke] = split(key(seed));
  const x = uniform(kx, n, 'f64', 0, 1);
  const eps = normal(ke, n, 'f64');
  const y = Float64Array.from(x, (xi, i) => exactGpTarget(xi) + EXACT_GP_DEFAULTS.observationNoise * eps[i]);
  return { x, y, n };
}

/**
 * Why data cannot be fitted, or null: at least 2 points and at most EXACT_GP_MAX_N (an N x N
 * matrix takes 8 N^2 bytes in float64), every value finite.
 */
export function checkExactGpData(data: CurveData): string | null {
  if (data.n < 2) return `${data.n} point${data.n === 1 ? '' : 's'}: the exact GP needs at least 2`;
  if (data.n > EXACT_GP_MAX_N) return `${data.n} points: the exact GP here takes at most ${EXACT_GP_MAX_N} (each N x N matrix takes 8 N^2 bytes)`;
  for (let i = 0; i < data.n; i++) {
    if (!Number.isFinite(data.x[i]) || !Number.isFinite(data.y[i])) return `point ${i + 1} is not finite (x ${data.x[i]}, y ${data.y[i]})`;
  }
  return null;
}

/** `size` equally spaced points from lo to hi inclusive (default: the evaluation grid over [0, 1]). */
export function curveGrid(size: number = EXACT_GP_DEFAULTS.gridSize, lo = 0, hi = 1): Float64Array {
  return Float64Array.from({ length: size }, (_, i) => (size === 1 ? lo : lo + ((hi - lo) * i) / (size - 1)));
}

export interface ExactGpInit {
  dtype?: FloatDType;
  backend?: Backend;
}

/** Every raw parameter and the mean at 0, as GPyTorch initialises them. */
export function initExactGpParams({ dtype = 'f64', backend }: ExactGpInit = {}): ExactGpParams {
  const o = { dtype, backend };
  return { mean: E.scalar(0, o), rawOutputscale: E.scalar(0, o), rawLengthscale: E.scalar(0, o), rawNoise: E.scalar(0, o) };
}

/** The constrained hyperparameters, each []: s^2, l and sigma^2. */
export function exactGpHyperparameters(p: ExactGpParams): { outputscale: Tensor; lengthscale: Tensor; noise: Tensor } {
  return {
    outputscale: E.softplus(p.rawOutputscale),
    lengthscale: E.softplus(p.rawLengthscale),
    noise: E.add(E.softplus(p.rawNoise), EXACT_GP_DEFAULTS.noiseFloor),
  };
}

/** K(a, b) = s^2 exp(-(a_i - b_j)^2 / (2 l^2)) for inputs a [p, 1], b [q, 1] -> [p, q]. */
function kernelMatrix(p: ExactGpParams, a: Tensor, b: Tensor): Tensor {
  const h = exactGpHyperparameters(p);
  return E.rbf(a, b, E.log(h.outputscale), E.log(h.lengthscale));
}

/** C = K(x, x) + sigma^2 I [n, n] for inputs x [n, 1]. */
export function exactGpCovariance(p: ExactGpParams, x: Tensor): Tensor {
  const n = x.shape[0];
  const eye = E.eye(n, { dtype: x.dtype, backend: x.backend });
  return E.add(kernelMatrix(p, x, x), E.mul(eye, exactGpHyperparameters(p).noise));
}

/**
 * The negative log marginal likelihood per point [] at inputs x [n, 1] and targets y [n], its
 * gradient computed on the chosen path.
 */
export function exactGpLoss(p: ExactGpParams, x: Tensor, y: Tensor, path: GradientPath): Tensor {
  const n = x.shape[0];
  const c = exactGpCovariance(p, x);
  const r = E.sub(y, p.mean);
  const f = path === 'fused' ? E.invQuadLogdet(c, r) : E.invQuadLogdetGeneric(c, r);
  return E.mul(E.add(f.value, 0.5 * n * Math.log(2 * Math.PI)), 1 / n);
}

/**
 * The posterior at points xs [m, 1] given the data x [n, 1], y [n]: the mean c + K_*^T C^{-1} r
 * [m] and the latent variance s^2 - diag(K_*^T C^{-1} K_*) [m], through A = L^{-1} K_* (a
 * new observation's variance adds sigma^2).
 */
export function exactGpPredict(p: ExactGpParams, x: Tensor, y: Tensor, xs: Tensor): { mean: Tensor; variance: Tensor } {
  const n = x.shape[0];
  const l = E.cholesky(exactGpCovariance(p, x));
  const a = E.triangularSolve(l, kernelMatrix(p, x, xs), { lower: true });
  const w = E.triangularSolve(l, E.reshape(E.sub(y, p.mean), [n, 1]), { lower: true });
  const mean = E.add(E.reshape(E.matmul(a, w, { transA: true }), [xs.shape[0]]), p.mean);
  const variance = E.sub(exactGpHyperparameters(p).outputscale, E.sum(E.square(a), 0));
  return { mean, variance };
}
