/** Dense linear-algebra kernels of the cpu backend (row-major, square n x n factors). */
import type { TypedArray } from '../tensor';
import { axpyRows } from './axpy';

/**
 * Lower Cholesky factor L with L L^T = A + shift I (Cholesky–Banachiewicz, row by row).
 * Reads only the lower triangle of A. A non-positive pivot fills L with NaN so
 * the failure surfaces as a non-finite loss instead of an exception mid-step.
 */
export function choleskyInto(a: TypedArray, l: TypedArray, n: number, shift = 0): void {
  l.fill(0);
  for (let i = 0; i < n; i++) {
    const li = i * n;
    for (let j = 0; j <= i; j++) {
      const lj = j * n;
      let s = i === j ? a[li + j] + shift : a[li + j];
      for (let p = 0; p < j; p++) s -= l[li + p] * l[lj + p];
      if (i === j) {
        if (!(s > 0)) {
          l.fill(NaN);
          return;
        }
        l[li + i] = Math.sqrt(s);
      } else {
        l[li + j] = s / l[lj + j];
      }
    }
  }
}

/**
 * Ā = sym(L^{-T} Φ(L^T L̄) L^{-1}) for L = chol(A) (Murray 2016), Φ = lower triangle with the
 * diagonal halved; only the lower triangle of L̄ enters. Intermediates in float64.
 */
export function choleskyBackwardInto(l: TypedArray, lBar: TypedArray, out: TypedArray, n: number): void {
  const p = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let k = i; k < n; k++) s += l[k * n + i] * lBar[k * n + j];
      p[i * n + j] = i === j ? 0.5 * s : s;
    }
  }
  // X = L^{-T} P, then Y^T = L^{-T} X^T, so Y = X L^{-1}.
  const x = new Float64Array(n * n);
  triangularSolveInto(l, p, x, n, n, true, true);
  const xt = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) xt[j * n + i] = x[i * n + j];
  const yt = new Float64Array(n * n);
  triangularSolveInto(l, xt, yt, n, n, true, true);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[i * n + j] = 0.5 * (yt[j * n + i] + yt[i * n + j]);
}

/**
 * Solves op(T) X = B for X [n,k], T triangular [n,n] (lower or upper), op = transpose
 * when asked. Each step updates a whole contiguous row of X (k right-hand sides at once).
 */
export function triangularSolveInto(
  t: TypedArray,
  b: TypedArray,
  x: TypedArray,
  n: number,
  k: number,
  lower: boolean,
  transpose: boolean,
): void {
  x.set(b);
  // The effective matrix op(T) is lower triangular when lower !== transpose: solve forwards,
  // else backwards. Element (i,p) of op(T) is t[i*n+p], or t[p*n+i] when transposed.
  const forward = lower !== transpose;
  const co = (i: number) => (transpose ? i : i * n);
  const cs = transpose ? n : 1;
  for (let s = 0; s < n; s++) {
    const i = forward ? s : n - 1 - s;
    const xi = i * k;
    // x[i,:] -= sum over solved rows p of op(T)[i,p] x[p,:]
    if (forward) axpyRows(x, xi, t, co(i), cs, x, k, 0, i, 0, k, -1);
    else axpyRows(x, xi, t, co(i), cs, x, k, i + 1, n, 0, k, -1);
    const d = 1 / t[i * n + i];
    for (let j = 0; j < k; j++) x[xi + j] *= d;
  }
}

/** Lower triangle of x [n,n] with the diagonal scaled by diagScale. */
export function trilInto(x: TypedArray, out: TypedArray, n: number, diagScale: number): void {
  out.fill(0);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) out[i * n + j] = x[i * n + j];
    out[i * n + i] = x[i * n + i] * diagScale;
  }
}
