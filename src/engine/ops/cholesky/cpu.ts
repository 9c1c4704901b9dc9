/** The Cholesky factor and its backward pass on the cpu (row-major, square n x n factors). */
import type { Tensor, TypedArray } from '../../tensor';
import type { CpuKernelApi } from '../../cpu/kernelApi';
import { triangularSolveInto } from '../triangularSolve/cpu';

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

/** L [n,n] with L L^T = a + shift I. */
export function choleskyCpu(cpu: CpuKernelApi, a: Tensor, shift: number): Tensor {
  const n = a.shape[0];
  const l = cpu.output([n, n], a.dtype);
  choleskyInto(cpu.data(a), cpu.data(l), n, shift);
  return l;
}

/** Ā [n,n] from L and L̄ (Murray 2016). */
export function choleskyBackwardCpu(cpu: CpuKernelApi, l: Tensor, lBar: Tensor): Tensor {
  const n = l.shape[0];
  const out = cpu.output([n, n], l.dtype);
  choleskyBackwardInto(cpu.data(l), cpu.data(lBar), cpu.data(out), n);
  return out;
}
