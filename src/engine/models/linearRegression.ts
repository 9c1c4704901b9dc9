/**
 * Linear regression for the `scaling` notebook (NOTEBOOKS.md section 5):
 *   x_i ~ N(0, I_d),  y_i = x_i . theta_true + sigma eps_i,  eps_i ~ N(0, 1),
 *   L(theta) = 1/(2B) sum_{i in batch} (x_i . theta - y_i)^2,
 *   grad L   = 1/B sum_{i in batch} x_i (x_i . theta - y_i),  Hessian X_B^T X_B / B.
 *
 * Two implementations of the same loss: an engine loss (tensors, so `valueAndGrad` gives the
 * gradient, and the page can run it on any backend), and plain typed-array loops for the
 * experiments that need tens of thousands of small gradients, where building tensors per step
 * would cost more than the arithmetic. The tests hold the loops to the autodiff gradient.
 */
import type { Tensor } from '../tensor';
import type { TensorRecord } from '../autodiff';
import type { CreateOptions } from '../ops';
import * as E from '../ops';
import type { Key } from '../random';
import { foldIn, key, normal, split, uniform } from '../random';

export const LINEAR_REGRESSION_DEFAULTS = {
  n: 10_000,
  thetaTrue: [1, -2, 0.5, 3, -1.5] as readonly number[],
  noise: 0.1,
} as const;

export interface LinearData {
  /** Inputs, row-major [n, d]. */
  x: Float64Array;
  /** Targets [n]. */
  y: Float64Array;
  n: number;
  d: number;
  /** The coefficients the data were generated with. */
  thetaTrue: Float64Array;
  /** Standard deviation of the observation noise. */
  noise: number;
}

export interface LinearDataOptions {
  seed: number;
  n?: number;
  thetaTrue?: readonly number[];
  noise?: number;
}

/**
 * The seeded data set: key(seed) is folded with 0 and split into the key of the inputs (n * d
 * standard normals, row-major) and the key of the noise (n standard normals).
 */
export function generateLinearData(o: LinearDataOptions): LinearData {
  const n = o.n ?? LINEAR_REGRESSION_DEFAULTS.n;
  const thetaTrue = Float64Array.from(o.thetaTrue ?? LINEAR_REGRESSION_DEFAULTS.thetaTrue);
  const noise = o.noise ?? LINEAR_REGRESSION_DEFAULTS.noise;
  const d = thetaTrue.length;
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`generateLinearData: n must be a positive integer, got ${n}`);
  if (d < 1) throw new RangeError('generateLinearData: thetaTrue must not be empty');
  const [kx, ke] = split(foldIn(key(o.seed), 0));
  const x = normal(kx, n * d);
  const eps = normal(ke, n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += x[i * d + j] * thetaTrue[j];
    y[i] = s + noise * eps[i];
  }
  return { x, y, n, d, thetaTrue, noise };
}

// ------------------------------------------------------------------------- the engine loss

export interface LinearParams extends TensorRecord {
  /** Coefficients [d]. */
  theta: Tensor;
}

/** Half mean squared error 1/(2B) |X theta - y|^2 for x [B, d], y [B] -> []. */
export function linearRegressionLoss(params: LinearParams, x: Tensor, y: Tensor): Tensor {
  const d = params.theta.size;
  const prediction = E.reshape(E.matmul(x, E.reshape(params.theta, [d, 1])), [x.shape[0]]);
  return E.mul(E.mean(E.square(E.sub(prediction, y))), 0.5);
}

/** Rows idx[start..end) of the data as tensors x [B, d], y [B]. */
export function batchTensors(
  data: LinearData,
  idx: ArrayLike<number>,
  start = 0,
  end = idx.length,
  options: CreateOptions = {},
): { x: Tensor; y: Tensor } {
  const b = end - start;
  const { d } = data;
  const x = new Float64Array(b * d);
  const y = new Float64Array(b);
  for (let r = 0; r < b; r++) {
    const i = idx[start + r];
    x.set(data.x.subarray(i * d, i * d + d), r * d);
    y[r] = data.y[i];
  }
  return { x: E.tensor(x, [b, d], options), y: E.tensor(y, [b], options) };
}

// ------------------------------------------------------------------------- typed-array helpers

/**
 * Loss and gradient over rows idx[start..end) (all rows when idx is null), written into `grad`
 * (length d; overwritten). Returns the loss 1/(2B) sum r_i^2, r_i = x_i . theta - y_i.
 */
export function lossAndGradient(
  data: LinearData,
  theta: ArrayLike<number>,
  grad: Float64Array,
  idx: ArrayLike<number> | null = null,
  start = 0,
  end = idx ? idx.length : data.n,
): number {
  const { x, y, d } = data;
  grad.fill(0);
  let loss = 0;
  for (let r = start; r < end; r++) {
    const i = idx ? idx[r] : r;
    const o = i * d;
    let res = -y[i];
    for (let j = 0; j < d; j++) res += x[o + j] * theta[j];
    loss += res * res;
    for (let j = 0; j < d; j++) grad[j] += res * x[o + j];
  }
  const b = end - start;
  for (let j = 0; j < d; j++) grad[j] /= b;
  return loss / (2 * b);
}

/** Full-data loss L(theta) = 1/(2N) |X theta - y|^2. */
export function fullLoss(data: LinearData, theta: ArrayLike<number>): number {
  const { x, y, d, n } = data;
  let loss = 0;
  for (let i = 0; i < n; i++) {
    let res = -y[i];
    for (let j = 0; j < d; j++) res += x[i * d + j] * theta[j];
    loss += res * res;
  }
  return loss / (2 * n);
}

/** X^T X / N [d, d] row-major: the Hessian of the full loss (constant in theta). */
export function hessian(data: LinearData): Float64Array {
  const { x, d, n } = data;
  const h = new Float64Array(d * d);
  for (let i = 0; i < n; i++) {
    const o = i * d;
    for (let a = 0; a < d; a++) for (let b = a; b < d; b++) h[a * d + b] += x[o + a] * x[o + b];
  }
  for (let a = 0; a < d; a++) {
    for (let b = a; b < d; b++) {
      h[a * d + b] /= n;
      h[b * d + a] = h[a * d + b];
    }
  }
  return h;
}

/**
 * Eigenvalues of a symmetric matrix [m, m] (row-major), ascending, by cyclic Jacobi rotations
 * (Golub & Van Loan, Matrix Computations, Sec. 8.5): each rotation zeroes one off-diagonal pair,
 * and sweeps repeat until the off-diagonal mass is negligible. Exact to rounding for the 5 x 5
 * Hessians here, with no starting-vector luck as power iteration would need.
 */
export function symmetricEigenvalues(matrix: ArrayLike<number>, m: number): Float64Array {
  const a = Float64Array.from(matrix);
  if (a.length !== m * m) throw new Error(`symmetricEigenvalues: expected ${m * m} entries, got ${a.length}`);
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    let total = 0;
    for (let p = 0; p < m; p++) {
      for (let q = 0; q < m; q++) {
        total += a[p * m + q] ** 2;
        if (p !== q) off += a[p * m + q] ** 2;
      }
    }
    if (off <= 1e-30 * total || off === 0) break;
    for (let p = 0; p < m - 1; p++) {
      for (let q = p + 1; q < m; q++) {
        const apq = a[p * m + q];
        if (apq === 0) continue;
        // Rotation angle with tan(2 phi) = 2 a_pq / (a_qq - a_pp); t = tan(phi), the smaller root.
        const tau = (a[q * m + q] - a[p * m + p]) / (2 * apq);
        const t = Math.sign(tau || 1) / (Math.abs(tau) + Math.sqrt(1 + tau * tau));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = t * c;
        for (let k = 0; k < m; k++) {
          // Columns p and q: A <- A J.
          const akp = a[k * m + p];
          const akq = a[k * m + q];
          a[k * m + p] = c * akp - s * akq;
          a[k * m + q] = s * akp + c * akq;
        }
        for (let k = 0; k < m; k++) {
          // Rows p and q: A <- J^T A.
          const apk = a[p * m + k];
          const aqk = a[q * m + k];
          a[p * m + k] = c * apk - s * aqk;
          a[q * m + k] = s * apk + c * aqk;
        }
      }
    }
  }
  return Float64Array.from({ length: m }, (_, i) => a[i * m + i]).sort();
}

/** L, the largest eigenvalue of X^T X / N: the loss is L-smooth, and GD is stable for eta < 2/L. */
export function smoothness(data: LinearData): number {
  const ev = symmetricEigenvalues(hessian(data), data.d);
  return ev[ev.length - 1];
}

/**
 * The least-squares fit theta_hat = (X^T X)^{-1} X^T y, the minimiser of the full loss (by a
 * Cholesky solve of the normal equations, well conditioned here since X^T X / N is near I).
 */
export function leastSquares(data: LinearData): Float64Array {
  const { x, y, d, n } = data;
  const h = hessian(data);
  const rhs = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) rhs[j] += (x[i * d + j] * y[i]) / n;
  const l = new Float64Array(d * d);
  for (let j = 0; j < d; j++) {
    let s = h[j * d + j];
    for (let k = 0; k < j; k++) s -= l[j * d + k] ** 2;
    l[j * d + j] = Math.sqrt(s);
    for (let i = j + 1; i < d; i++) {
      let t = h[i * d + j];
      for (let k = 0; k < j; k++) t -= l[i * d + k] * l[j * d + k];
      l[i * d + j] = t / l[j * d + j];
    }
  }
  const z = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    let s = rhs[i];
    for (let k = 0; k < i; k++) s -= l[i * d + k] * z[k];
    z[i] = s / l[i * d + i];
  }
  const theta = new Float64Array(d);
  for (let i = d - 1; i >= 0; i--) {
    let s = z[i];
    for (let k = i + 1; k < d; k++) s -= l[k * d + i] * theta[k];
    theta[i] = s / l[i * d + i];
  }
  return theta;
}

/** Euclidean distance |a - b|. */
export function distance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] - b[i]) ** 2;
  return Math.sqrt(s);
}

/**
 * A uniformly random permutation of 0..n-1 from the key: Fisher-Yates with j = floor(u_i (i + 1))
 * from n float64 uniforms of the key (the float grid of 2^-52 makes the bias negligible for any
 * n this app uses). Used to reshuffle the data each epoch.
 */
export function permutation(k: Key, n: number): Int32Array {
  const u = uniform(k, n);
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(u[i] * (i + 1));
    const t = p[i];
    p[i] = p[j];
    p[j] = t;
  }
  return p;
}
