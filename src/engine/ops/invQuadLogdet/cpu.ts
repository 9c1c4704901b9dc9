/**
 * C^{-1} from the lower Cholesky factor L of C on the cpu (LAPACK's potri), built from the
 * registry's triangular-solve and matrix-product kernels, so that faster variants of those
 * (WebAssembly) speed it up too.
 */
import type { DType, Tensor, TypedArray } from '../../tensor';
import type { CpuKernelApi } from '../../cpu/kernelApi';

/** Width of the column panels: wide enough that the copies (O(n^3 / PANEL)) stay small beside the products (n^3 / 3). */
const PANEL = 64;

function like(dtype: DType, length: number): TypedArray {
  return dtype === 'f32' ? new Float32Array(length) : new Float64Array(length);
}

/** Rows r0..n-1 and columns c0..c1-1 of a row-major [n,n] matrix, written row-major into `out`. */
function blockInto(x: TypedArray, n: number, r0: number, c0: number, c1: number, out: TypedArray): void {
  const w = c1 - c0;
  for (let i = r0; i < n; i++) out.set(x.subarray(i * n + c0, i * n + c1), (i - r0) * w);
}

/** Calls `visit` for each column panel [j0, j1) of an [n,n] matrix, PANEL wide, with m = n - j0 rows from its top down and width w = j1 - j0. */
function forEachPanel(n: number, visit: (j0: number, j1: number, m: number, w: number) => void): void {
  for (let j0 = 0; j0 < n; j0 += PANEL) {
    const j1 = Math.min(n, j0 + PANEL);
    visit(j0, j1, n - j0, j1 - j0);
  }
}

/**
 * C^{-1} [n,n] for C = L L^T, l [n,n] lower triangular. Two passes over column panels [j0, j1):
 *  1. X = L^{-1}: column j of X is zero above row j, so a panel needs only the trailing block,
 *     X[j0:, j0:j1] = L[j0:, j0:]^{-1} I[j0:, j0:j1]   (n^3/6 multiply-adds over all panels);
 *  2. C^{-1} = L^{-T} L^{-1} = X^T X, whose columns j0..j1 and rows above them need only rows
 *     k >= j0 of X: C^{-1}[0:j1, j0:j1] = X[j0:, 0:j1]^T X[j0:, j0:j1]   (n^3/6 again),
 *     mirrored into the lower triangle.
 * Solving with L twice against the identity instead would cost n^3.
 * The panels are tensors made through the kernel API (so that a recorded step owns them), and
 * every tensor's array is taken after the tensors made before it (see CpuKernelApi).
 */
export function choleskyInverseCpu(cpu: CpuKernelApi, l: Tensor): Tensor {
  const n = l.shape[0];
  const dtype = l.dtype;
  const out = cpu.output([n, n], dtype);
  // X in JavaScript memory: no tensor, so nothing moves it.
  const x = like(dtype, n * n);
  forEachPanel(n, (j0, _j1, m, w) => {
    const trailing = cpu.output([m, m], dtype);
    const unit = cpu.zeros([m, w], dtype);
    blockInto(cpu.data(l), n, j0, j0, n, cpu.data(trailing));
    const u = cpu.data(unit);
    for (let c = 0; c < w; c++) u[c * w + c] = 1;
    const panel = cpu.data(cpu.triangularSolve(trailing, unit, { lower: true, transpose: false }));
    for (let i = 0; i < m; i++) x.set(panel.subarray(i * w, (i + 1) * w), (j0 + i) * n + j0);
  });
  forEachPanel(n, (j0, j1, m, w) => {
    const left = cpu.output([m, j1], dtype);
    const right = cpu.output([m, w], dtype);
    blockInto(x, n, j0, 0, j1, cpu.data(left));
    blockInto(x, n, j0, j0, j1, cpu.data(right));
    const product = cpu.matmul(left, right, true, false);
    const p = cpu.data(product);
    const o = cpu.data(out);
    for (let i = 0; i < j1; i++) {
      for (let c = 0; c < w; c++) {
        const v = p[i * w + c];
        o[i * n + j0 + c] = v;
        o[(j0 + c) * n + i] = v;
      }
    }
  });
  return out;
}

/**
 * invQuadLogdet's gradient for C, g/2 (C^{-1} - alpha alpha^T) [n,n], from the lower factor
 * l [n,n], alpha [n,1] and g [] (elementwise in the order of the ops it replaces: the product
 * alpha_i alpha_j, the difference, then the product with g/2, each rounded to the dtype).
 */
export function invQuadLogdetGradCpu(cpu: CpuKernelApi, l: Tensor, alpha: Tensor, g: Tensor): Tensor {
  const n = l.shape[0];
  const cInv = choleskyInverseCpu(cpu, l);
  const out = cpu.output([n, n], l.dtype);
  const round = l.dtype === 'f32' ? Math.fround : (v: number) => v;
  const c = cpu.data(cInv);
  const a = cpu.data(alpha);
  const o = cpu.data(out);
  const h = round(cpu.data(g)[0] * 0.5);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) o[i * n + j] = round(c[i * n + j] - round(a[i] * a[j])) * h;
  }
  return out;
}
