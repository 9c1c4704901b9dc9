/**
 * Dense matrix products on the cpu, row-major. Loop orders are chosen so the innermost loop walks
 * contiguous memory (the only "vectorisation" a JavaScript JIT offers), which is what makes the
 * SVGP step fast.
 */
import type { Tensor, TypedArray } from '../../tensor';
import type { CpuKernelApi } from '../../cpu/kernelApi';
import { COLUMN_BLOCK, axpyRows } from '../../cpu/axpy';

/**
 * out [m,n] = op(a) op(b), with op(a) [m,k] and op(b) [k,n].
 * a is stored [m,k] (or [k,m] when transA), b is stored [k,n] (or [n,k] when transB).
 */
export function matmulInto(
  a: TypedArray,
  b: TypedArray,
  out: TypedArray,
  m: number,
  k: number,
  n: number,
  transA: boolean,
  transB: boolean,
): void {
  out.fill(0);
  if (!transB) {
    // out[i,:] += sum_p a_ip * b[p,:]  (axpy over contiguous rows of b, blocked over columns)
    for (let j0 = 0; j0 < n; j0 += COLUMN_BLOCK) {
      const j1 = Math.min(n, j0 + COLUMN_BLOCK);
      for (let i = 0; i < m; i++) {
        if (transA) axpyRows(out, i * n, a, i, m, b, n, 0, k, j0, j1);
        else axpyRows(out, i * n, a, i * k, 1, b, n, 0, k, j0, j1);
      }
    }
    return;
  }
  // op(b) = b^T: transposing b once (k*n copies) lets the row-axpy loop above do the
  // products, which keeps the inner loop on contiguous memory for any shapes.
  const bt = b instanceof Float32Array ? new Float32Array(k * n) : new Float64Array(k * n);
  transposeInto(b, bt, n, k);
  matmulInto(a, bt, out, m, k, n, transA, false);
}

/** out [n,m] = x^T for x [m,n]. */
export function transposeInto(x: TypedArray, out: TypedArray, m: number, n: number): void {
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) out[j * m + i] = x[i * n + j];
}

/** op(a) op(b) [m,n]. */
export function matmulCpu(cpu: CpuKernelApi, a: Tensor, b: Tensor, transA: boolean, transB: boolean): Tensor {
  const m = transA ? a.shape[1] : a.shape[0];
  const k = transA ? a.shape[0] : a.shape[1];
  const n = transB ? b.shape[0] : b.shape[1];
  const out = cpu.output([m, n], a.dtype);
  matmulInto(cpu.data(a), cpu.data(b), cpu.data(out), m, k, n, transA, transB);
  return out;
}
