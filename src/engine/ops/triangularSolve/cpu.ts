/** Triangular solves on the cpu. */
import type { Tensor, TriangularSolveOptions, TypedArray } from '../../tensor';
import type { CpuKernelApi } from '../../cpu/kernelApi';
import { axpyRows } from '../../cpu/axpy';

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

/** X [n,k] with op(L) X = B. */
export function triangularSolveCpu(cpu: CpuKernelApi, l: Tensor, b: Tensor, options: TriangularSolveOptions): Tensor {
  const [n, k] = b.shape;
  const x = cpu.output([n, k], b.dtype);
  triangularSolveInto(cpu.data(l), cpu.data(b), cpu.data(x), n, k, options.lower, options.transpose);
  return x;
}
