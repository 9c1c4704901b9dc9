/**
 * Sparse variational Gaussian process regression with a whitened guide, trained on
 * mini-batches (Titsias 2009; Hensman et al. 2013, 2015).
 *
 *   u = L_zz v,  L_zz = chol(K_zz + jitter I),  q(v) = N(m, S S^T),  S lower triangular
 *   A = L_zz^{-1} K_zx,  mu = A^T m,  var = s2 - colsum(A^2) + colsum((S^T A)^2)
 *   E_q[log p(y|f)] = -0.5 log(2 pi sigma2) - ((y - mu)^2 + var) / (2 sigma2)
 *   KL = 0.5 (|m|^2 + |S|_F^2 - M - 2 sum log|S_ii|)
 *   loss = -( (N/B) sum_batch E_q[log p(y|f)] - KL )
 *
 * For predictions the two column sums are one quadratic form, colsum(A ∘ ((I - S S^T) A)).
 */
import type { Backend, FloatDType, Tensor } from '../tensor';
import type { TensorRecord } from '../autodiff';
import * as E from '../ops';
import { foldIn, key, normal, split, uniform } from '../random';
import { SVGP_SETTINGS } from '../notebooks/svgp/settings';

export interface SvgpParams extends TensorRecord {
  /** Inducing inputs [M, 2]. */
  z: Tensor;
  /** log s2, the kernel variance []. */
  logVariance: Tensor;
  /** log l, the kernel lengthscale []. */
  logLengthscale: Tensor;
  /** log sigma2, the Gaussian noise variance []. */
  logNoise: Tensor;
  /** Whitened posterior mean m [M, 1]. */
  qMean: Tensor;
  /** Whitened posterior scale S [M, M]; only its lower triangle is used. */
  qScale: Tensor;
}

/** The notebook's settings at their defaults (declared in notebooks/svgp/settings.ts), and the model's constants. */
export const SVGP_DEFAULTS = {
  n: SVGP_SETTINGS.n.default,
  m: SVGP_SETTINGS.m.default,
  batch: SVGP_SETTINGS.batch.default,
  learningRate: SVGP_SETTINGS.learningRate.default,
  fullSteps: SVGP_SETTINGS.fullSteps.default,
  miniSteps: SVGP_SETTINGS.miniSteps.default,
  jitter: 1e-4,
  initialVariance: 1,
  initialLengthscale: 0.5,
  initialNoise: 0.01,
  observationNoise: 0.1,
  /** Side of the evaluation grid over the domain (the posterior heatmaps and the grid RMSE). */
  gridSize: 60,
  domain: 1.5,
} as const;

/** The regression target f(x) = sin(3 x1) exp(-1.5 (x1^2 + x2^2)) + 0.3 x2. */
export function svgpTarget(x1: number, x2: number): number {
  return Math.sin(3 * x1) * Math.exp(-1.5 * (x1 * x1 + x2 * x2)) + 0.3 * x2;
}

export interface RegressionData {
  /** Inputs, row-major [n, 2]. */
  x: Float64Array;
  /** Targets [n]. */
  y: Float64Array;
  n: number;
}

/** n inputs uniform on [-1.5, 1.5]^2 and y = f(x) + 0.1 eps, all drawn from `seed`. */
export function generateSvgpData(n: number, seed: number): RegressionData {
  const [kx, ke] = split(key(seed));
  const d = SVGP_DEFAULTS.domain;
  const x = uniform(kx, 2 * n, 'f64', -d, d);
  const eps = normal(ke, n, 'f64');
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) y[i] = svgpTarget(x[2 * i], x[2 * i + 1]) + SVGP_DEFAULTS.observationNoise * eps[i];
  return { x, y, n };
}

/** The size x size grid of points spanning [-1.5, 1.5]^2 inclusive, row-major with x1 fastest. */
export function evaluationGrid(size: number = SVGP_DEFAULTS.gridSize): Float64Array {
  const d = SVGP_DEFAULTS.domain;
  const g = new Float64Array(size * size * 2);
  for (let r = 0; r < size; r++) {
    for (let c = 0; c < size; c++) {
      const i = r * size + c;
      g[2 * i] = -d + (2 * d * c) / (size - 1);
      g[2 * i + 1] = -d + (2 * d * r) / (size - 1);
    }
  }
  return g;
}

/** The true function on a grid of points [k, 2] -> [k]. */
export function targetOnPoints(points: Float64Array): Float64Array {
  const k = points.length / 2;
  return Float64Array.from({ length: k }, (_, i) => svgpTarget(points[2 * i], points[2 * i + 1]));
}

/**
 * M initial inducing inputs on a grid over [-1.3, 1.3]^2 with twice as many columns (x1) as
 * rows (x2): for M = 50, the 10 x 5 grid of the reference notebook.
 */
export function initialInducingInputs(m: number): Float64Array {
  const rows = Math.max(1, Math.round(Math.sqrt(m / 2)));
  const cols = Math.ceil(m / rows);
  const z = new Float64Array(2 * m);
  const at = (i: number, count: number) => (count === 1 ? 0 : -1.3 + (2.6 * i) / (count - 1));
  for (let i = 0; i < m; i++) {
    z[2 * i] = at(i % cols, cols);
    z[2 * i + 1] = at(Math.floor(i / cols), rows);
  }
  return z;
}

export interface SvgpInit {
  m: number;
  dtype?: FloatDType;
  backend?: Backend;
}

/** Initial parameters: grid inducing inputs, s2 = 1, l = 0.5, sigma2 = 0.01, m = 0, S = I. */
export function initSvgpParams({ m, dtype = 'f64', backend }: SvgpInit): SvgpParams {
  const o = { dtype, backend };
  return {
    z: E.tensor(initialInducingInputs(m), [m, 2], o),
    logVariance: E.scalar(Math.log(SVGP_DEFAULTS.initialVariance), o),
    logLengthscale: E.scalar(Math.log(SVGP_DEFAULTS.initialLengthscale), o),
    logNoise: E.scalar(Math.log(SVGP_DEFAULTS.initialNoise), o),
    qMean: E.zeros([m, 1], o),
    qScale: E.eye(m, o),
  };
}

/** L_zz = chol(K_zz + jitter I) [M, M]. */
function inducingFactor(p: SvgpParams, jitter: number): Tensor {
  const kzz = E.rbf(p.z, p.z, p.logVariance, p.logLengthscale);
  return E.cholesky(kzz, jitter);
}

/** KL(q(v) || N(0, I)) for q(v) = N(m, S S^T) with S lower triangular []. */
export function svgpKl(p: SvgpParams): Tensor {
  const m = p.qMean.shape[0];
  const s = E.tril(p.qScale);
  const logDiag = E.sum(E.log(E.abs(E.diag(s))));
  return E.mul(E.sub(E.add(E.sumSquares(p.qMean), E.sumSquares(s)), E.add(E.mul(logDiag, 2), m)), 0.5);
}

/** Latent mean [B] and variance [B] of q(f) at inputs x [B, 2], given the factor L_zz. */
function latentMoments(p: SvgpParams, l: Tensor, x: Tensor): { mean: Tensor; variance: Tensor } {
  const m = p.z.shape[0];
  const kzx = E.rbf(p.z, x, p.logVariance, p.logLengthscale);
  const a = E.triangularSolve(l, kzx, { lower: true });
  const mean = E.reshape(E.matmul(a, p.qMean, { transA: true }), [x.shape[0]]);
  const s = E.tril(p.qScale);
  const w = E.sub(E.eye(m, { dtype: p.z.dtype, backend: p.z.backend }), E.matmul(s, s, { transB: true }));
  const variance = E.sub(E.exp(p.logVariance), E.columnQuadForm(w, a));
  return { mean, variance };
}

/**
 * The mini-batch negative ELBO []: x [B, 2], y [B]; the expected log-likelihood is scaled by
 * nTotal / B, the KL is not, so its expectation over uniform batches is the full negative ELBO.
 *
 * The batch enters through two statistics of A = L^{-1} K_zx (Titsias 2009's Psi statistics,
 * whitened), so the O(B M^2) work is one solve, one symmetric product and, backward, one
 * product (see whitenedGram):
 *   sum_n (y_n - mu_n)^2 = y^T y - 2 m^T r + m^T P m,   r = A y = L^{-1} (K_zx y),  P = A A^T
 *   sum_n var_n          = B s2 - tr((I - S S^T) P)
 * Computing P as L^{-1} (K_zx K_xz) L^{-T} instead would amplify rounding errors by
 * cond(K_zz) rather than cond(L) = sqrt(cond(K_zz)); with the jitter of 1e-4, cond(K_zz)
 * reaches 1e5 to 1e6 within twenty steps, and in float32 that form drifts 1e-2 (relative)
 * from the float64 trajectory within 100 steps, where this one stays within 1e-4.
 */
export function svgpNegativeElbo(p: SvgpParams, x: Tensor, y: Tensor, nTotal: number, jitter: number = SVGP_DEFAULTS.jitter): Tensor {
  const b = x.shape[0];
  const m = p.z.shape[0];
  const o = { dtype: p.z.dtype, backend: p.z.backend };
  const l = inducingFactor(p, jitter);
  const kzx = E.rbf(p.z, x, p.logVariance, p.logLengthscale);
  const pMat = E.whitenedGram(l, kzx);
  const r = E.triangularSolve(l, E.matmul(kzx, E.reshape(y, [b, 1])), { lower: true });
  const s = E.tril(p.qScale);
  const w = E.sub(E.eye(m, o), E.matmul(s, s, { transB: true }));
  const sumResid2 = E.add(
    E.sub(E.sumSquares(y), E.mul(E.sum(E.mul(p.qMean, r)), 2)),
    E.sum(E.mul(p.qMean, E.matmul(pMat, p.qMean))),
  );
  const sumVar = E.sub(E.mul(E.exp(p.logVariance), b), E.sum(E.mul(w, pMat)));
  const sigma2 = E.exp(p.logNoise);
  // sum_n E[log p(y_n|f_n)] = -B/2 log(2 pi sigma2) - (sum (y - mu)^2 + sum var) / (2 sigma2)
  const sumEll = E.sub(E.mul(E.add(p.logNoise, Math.log(2 * Math.PI)), -0.5 * b), E.div(E.add(sumResid2, sumVar), E.mul(sigma2, 2)));
  return E.sub(svgpKl(p), E.mul(sumEll, nTotal / b));
}

/** Posterior mean [k] and latent variance [k] of f at points x [k, 2]. */
export function svgpPredict(p: SvgpParams, x: Tensor, jitter: number = SVGP_DEFAULTS.jitter): { mean: Tensor; variance: Tensor } {
  return latentMoments(p, inducingFactor(p, jitter), x);
}

/** Indices [B] (i32) of the mini-batch for a step: uniform with replacement, from foldIn(batchKey, step). */
export function batchIndices(backend: Backend, batchKey: Uint32Array, step: number, batch: number, n: number): Tensor {
  return backend.randint(foldIn(batchKey, step), [batch], 0, n);
}
