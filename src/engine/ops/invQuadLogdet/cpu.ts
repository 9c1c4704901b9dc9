/**
 * C^{-1} from the lower Cholesky factor L of C on the cpu (LAPACK's potri), built from the
 * registry's triangular-solve and matrix-product kernels, so that faster variants of those
 * (WebAssembly) speed it up too.
 */
import type { Tensor, TypedArray } from '../../tensor';
import type { CpuKernelApi } from '../../cpu/kernelApi';

/** Width of the column panels: wide enough that the copies (O(n^3 / PANEL)) stay small beside the products (n^3 / 3). */
const PANEL = 64;

function like(x: TypedArray, length: number): TypedArray {
  return x instanceof Float32Array ? new Float32Array(length) : new Float64Array(length);
}

/** Rows r0..n-1 and columns c0..c1-1 of a row-major [n,n] matrix, as a new row-major block. */
function block(x: TypedArray, n: number, r0: number, c0: number, c1: number): TypedArray {
  const w = c1 - c0;
  const out = like(x, (n - r0) * w);
  for (let i = r0; i < n; i++) out.set(x.subarray(i * n + c0, i * n + c1), (i - r0) * w);
  return out;
}

/**
 * C^{-1} [n,n] for C = L L^T, l [n,n] lower triangular. Two passes over column panels [j0, j1):
 *  1. X = L^{-1}: column j of X is zero above row j, so a panel needs only the trailing block,
 *     X[j0:, j0:j1] = L[j0:, j0:]^{-1} I[j0:, j0:j1]   (n^3/6 multiply-adds over all panels);
 *  2. C^{-1} = L^{-T} L^{-1} = X^T X, whose columns j0..j1 and rows above them need only rows
 *     k >= j0 of X: C^{-1}[0:j1, j0:j1] = X[j0:, 0:j1]^T X[j0:, j0:j1]   (n^3/6 again),
 *     mirrored into the lower triangle.
 * Solving with L twice against the identity instead would cost n^3.
 */
export function choleskyInverseCpu(cpu: CpuKernelApi, l: Tensor): Tensor {
  const n = l.shape[0];
  const dtype = l.dtype;
  const ld = cpu.data(l);
  const x = like(ld, n * n);
  for (let j0 = 0; j0 < n; j0 += PANEL) {
    const j1 = Math.min(n, j0 + PANEL);
    const m = n - j0;
    const w = j1 - j0;
    const trailing = cpu.wrap(block(ld, n, j0, j0, n), [m, m], dtype);
    const unit = like(ld, m * w);
    for (let c = 0; c < w; c++) unit[c * w + c] = 1;
    const panel = cpu.data(cpu.triangularSolve(trailing, cpu.wrap(unit, [m, w], dtype), { lower: true, transpose: false }));
    for (let i = 0; i < m; i++) x.set(panel.subarray(i * w, (i + 1) * w), (j0 + i) * n + j0);
  }
  const out = cpu.zeros([n, n], dtype);
  const o = cpu.data(out);
  for (let j0 = 0; j0 < n; j0 += PANEL) {
    const j1 = Math.min(n, j0 + PANEL);
    const m = n - j0;
    const w = j1 - j0;
    const left = cpu.wrap(block(x, n, j0, 0, j1), [m, j1], dtype);
    const right = cpu.wrap(block(x, n, j0, j0, j1), [m, w], dtype);
    const p = cpu.data(cpu.matmul(left, right, true, false));
    for (let i = 0; i < j1; i++) {
      for (let c = 0; c < w; c++) {
        const v = p[i * w + c];
        o[i * n + j0 + c] = v;
        o[(j0 + c) * n + i] = v;
      }
    }
  }
  return out;
}
