/**
 * Dense matrix products for the cpu backend, row-major.
 * Loop orders are chosen so the innermost loop walks contiguous memory (the only
 * "vectorisation" a JavaScript JIT offers), which is what makes the SVGP step fast.
 */
import type { TypedArray } from '../tensor';
import { COLUMN_BLOCK, axpyRows } from './axpy';

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
  if (!transA) {
    // out[i,j] = dot(a[i,:], b[j,:]): both rows contiguous.
    for (let i = 0; i < m; i++) {
      const ai = i * k;
      for (let j = 0; j < n; j++) {
        const bj = j * k;
        let s0 = 0;
        let s1 = 0;
        let p = 0;
        for (; p + 1 < k; p += 2) {
          s0 += a[ai + p] * b[bj + p];
          s1 += a[ai + p + 1] * b[bj + p + 1];
        }
        if (p < k) s0 += a[ai + p] * b[bj + p];
        out[i * n + j] = s0 + s1;
      }
    }
    return;
  }
  // a^T b^T = (b a)^T: rare, done plainly.
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += a[p * m + i] * b[j * k + p];
      out[i * n + j] = s;
    }
  }
}

/** out [n,m] = x^T for x [m,n]. */
export function transposeInto(x: TypedArray, out: TypedArray, m: number, n: number): void {
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) out[j * m + i] = x[i * n + j];
}
