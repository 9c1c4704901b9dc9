/**
 * Triangular solve op(T) X = B for X [n,k] (row-major), T [n,n] lower or upper triangular,
 * op = transpose when asked; only the triangle that op(T) uses is read. X may be B itself.
 *
 * The effective matrix op(T) is lower triangular when lower != transpose: rows are solved from
 * the first (forwards), else from the last. Writing s for the position in that order, every
 * case is a forward substitution over s, in which row s of X is
 *   x_s = (b_s - sum_{s' < s} op(T)[s, s'] x_{s'}) / op(T)[s, s].
 * Rows are taken four at a time: for each solved row s' the four coefficients are broadcast and
 * one load of x_{s'} serves all four rows (the right-hand sides are the vector lanes); the
 * 4 x 4 triangle inside the block is finished afterwards. Columns are swept in blocks that keep
 * all n rows in L1, and within a block in chunks of two vectors (eight accumulators).
 */
import { at, lanes } from './vec';
import { GEMM_SUB, gemm } from './matmul';

/** Rows per block of the blocked solve. */
const NBS: i32 = 64;

/**
 * Exported entry: op(T) X = B. Up to NBS rows, the substitution below; beyond, blocked (Golub &
 * Van Loan, "Matrix Computations", 4th ed., sec. 3.1.4): the rows go in blocks of NBS in solve
 * order, each block first loses the solved rows' contribution, op(T)[block, solved] X[solved, :],
 * through the packed matrix-product kernel (whose packing also reads a transposed T row by row,
 * where the substitution would stride down its columns), then is solved against its diagonal
 * block of op(T) by the substitution.
 */
export function triangularSolve<T>(t: usize, b: usize, x: usize, n: i32, k: i32, lower: bool, transpose: bool): void {
  if (n <= 0 || k <= 0) return;
  if (x != b) memory.copy(x, b, at<T>(n * k));
  if (n <= NBS) {
    substitute<T>(t, n, x, k, n, k, lower, transpose);
    return;
  }
  const forward = lower != transpose;
  for (let s0 = 0; s0 < n; s0 += NBS) {
    const rows = min(NBS, n - s0);
    // Matrix rows [r0, r0 + rows) of this block; the rows solved before it are [0, r0) forwards, [r0 + rows, n) backwards.
    const r0 = forward ? s0 : n - s0 - rows;
    const solved0 = forward ? 0 : r0 + rows;
    const solved = s0;
    if (solved > 0) {
      // op(T)[i, p] is t[i n + p], or t[p n + i] when transposed.
      const a = transpose ? t + at<T>(solved0 * n + r0) : t + at<T>(r0 * n + solved0);
      gemm<T>(a, transpose ? 1 : n, transpose ? n : 1, x + at<T>(solved0 * k), k, 1, x + at<T>(r0 * k), k, rows, k, solved, GEMM_SUB);
    }
    substitute<T>(t + at<T>(r0 * n + r0), n, x + at<T>(r0 * k), k, rows, k, lower, transpose);
  }
}

/** Substitution: op(T) X = X in place for the n x n triangle at t (row stride ldt elements), X [n,k] (row stride ldx elements). */
export function substitute<T>(t: usize, ldt: i32, x: usize, ldx: i32, n: i32, k: i32, lower: bool, transpose: bool): void {
  const forward = lower != transpose;
  // Row of X and of op(T) at solve position s: i(s) = s forwards, n - 1 - s backwards.
  // op(T)[i,p] = t[i n + p], or t[p n + i] when transposed. Along s', p = i(s') moves by
  // +-1, so the coefficient address moves by cStep bytes.
  const cUnit = transpose ? at<T>(ldt) : at<T>(1);
  const cStep: usize = forward ? cUnit : 0 - cUnit; // wraps: addresses move down
  const rowBytes = at<T>(ldx);
  const xStep: usize = forward ? rowBytes : 0 - rowBytes;
  const xFirst = x + (forward ? 0 : <usize>(n - 1) * rowBytes);
  const V = lanes<T>();
  // Column blocks whose n rows fit in about 16 KiB of L1: every row block of the sweep then
  // reads the solved rows from L1 instead of streaming all of X again.
  let cb = 16384 / (n * <i32>sizeof<T>());
  cb = max(2 * V, cb - (cb % (2 * V)));
  const fullBlocks = n - (n % 4);
  for (let j0 = 0; j0 < k; j0 += cb) {
    const j1 = min(k, j0 + cb);
    for (let s = 0; s < fullBlocks; s += 4) {
      const i0 = forward ? s : n - 1 - s;
      const c0 = coefficientBase<T>(t, ldt, n, i0, forward, transpose);
      const c1 = coefficientBase<T>(t, ldt, n, forward ? i0 + 1 : i0 - 1, forward, transpose);
      const c2 = coefficientBase<T>(t, ldt, n, forward ? i0 + 2 : i0 - 2, forward, transpose);
      const c3 = coefficientBase<T>(t, ldt, n, forward ? i0 + 3 : i0 - 3, forward, transpose);
      const x0 = x + <usize>i0 * rowBytes;
      // Reciprocals of the block's pivots, once for all its columns (divisions are slow).
      const sc = <usize>s * cStep;
      const d0: T = <T>1 / load<T>(c0 + sc);
      const d1: T = <T>1 / load<T>(c1 + sc + cStep);
      const d2: T = <T>1 / load<T>(c2 + sc + 2 * cStep);
      const d3: T = <T>1 / load<T>(c3 + sc + 3 * cStep);
      let j = j0;
      for (; j + 2 * V <= j1; j += 2 * V) block4<T>(c0, c1, c2, c3, cStep, x0, xStep, xFirst, s, j, 2, d0, d1, d2, d3);
      for (; j + V <= j1; j += V) block4<T>(c0, c1, c2, c3, cStep, x0, xStep, xFirst, s, j, 1, d0, d1, d2, d3);
      for (; j < j1; j++) block4<T>(c0, c1, c2, c3, cStep, x0, xStep, xFirst, s, j, 0, d0, d1, d2, d3);
    }
  }
  // The last n % 4 rows, one at a time, over all columns.
  for (let s = fullBlocks; s < n; s++) {
    const i = forward ? s : n - 1 - s;
    const c = coefficientBase<T>(t, ldt, n, i, forward, transpose);
    const xi = x + <usize>i * rowBytes;
    const d: T = <T>1 / load<T>(t + at<T>(i * ldt + i));
    let j = 0;
    for (; j + V <= k; j += V) {
      const o = at<T>(j);
      let acc = v128.load(xi + o);
      let pc = c;
      let px = xFirst + o;
      for (let q = 0; q < s; q++) {
        acc = v128.sub<T>(acc, v128.mul<T>(v128.load_splat<T>(pc), v128.load(px)));
        pc += cStep;
        px += xStep;
      }
      v128.store(xi + o, v128.mul<T>(acc, v128.splat<T>(d)));
    }
    for (; j < k; j++) {
      const o = at<T>(j);
      let acc = load<T>(xi + o);
      let pc = c;
      let px = xFirst + o;
      for (let q = 0; q < s; q++) {
        acc -= load<T>(pc) * load<T>(px);
        pc += cStep;
        px += xStep;
      }
      store<T>(xi + o, acc * d);
    }
  }
}

/** Address of op(T)[i, p(0)], the coefficient of the first solved row in row i's sum (T n x n, row stride ldt). */
@inline function coefficientBase<T>(t: usize, ldt: i32, n: i32, i: i32, forward: bool, transpose: bool): usize {
  const p = forward ? 0 : n - 1;
  return t + at<T>(transpose ? p * ldt + i : i * ldt + p);
}

/**
 * Rows s..s+3 (solve order) of X, columns [j, j + width) where width is two vectors (w = 2),
 * one vector (w = 1) or one element (w = 0): subtract the solved rows, then finish the block.
 * x0 is the row of position s; xFirst the row of position 0.
 */
@inline function block4<T>(c0: usize, c1: usize, c2: usize, c3: usize, cStep: usize, x0: usize, xStep: usize, xFirst: usize, s: i32, j: i32, w: i32, d0: T, d1: T, d2: T, d3: T): void {
  const o = at<T>(j);
  const r0 = x0 + o;
  const r1 = r0 + xStep;
  const r2 = r1 + xStep;
  const r3 = r2 + xStep;
  if (w == 0) {
    let a0 = load<T>(r0);
    let a1 = load<T>(r1);
    let a2 = load<T>(r2);
    let a3 = load<T>(r3);
    let px = xFirst + o;
    let q0 = c0;
    let q1 = c1;
    let q2 = c2;
    let q3 = c3;
    for (let q = 0; q < s; q++) {
      const xv = load<T>(px);
      a0 -= load<T>(q0) * xv;
      a1 -= load<T>(q1) * xv;
      a2 -= load<T>(q2) * xv;
      a3 -= load<T>(q3) * xv;
      px += xStep;
      q0 += cStep;
      q1 += cStep;
      q2 += cStep;
      q3 += cStep;
    }
    // Inside the block: q0..q3 now address the coefficients of positions s..s+3.
    const x0v = a0 * d0;
    a1 -= load<T>(q1) * x0v;
    const x1v = a1 * d1;
    a2 -= load<T>(q2) * x0v;
    a2 -= load<T>(q2 + cStep) * x1v;
    const x2v = a2 * d2;
    a3 -= load<T>(q3) * x0v;
    a3 -= load<T>(q3 + cStep) * x1v;
    a3 -= load<T>(q3 + 2 * cStep) * x2v;
    const x3v = a3 * d3;
    store<T>(r0, x0v);
    store<T>(r1, x1v);
    store<T>(r2, x2v);
    store<T>(r3, x3v);
    return;
  }
  let a00 = v128.load(r0);
  let a10 = v128.load(r1);
  let a20 = v128.load(r2);
  let a30 = v128.load(r3);
  let a01 = a00;
  let a11 = a00;
  let a21 = a00;
  let a31 = a00;
  if (w == 2) {
    a01 = v128.load(r0, 16);
    a11 = v128.load(r1, 16);
    a21 = v128.load(r2, 16);
    a31 = v128.load(r3, 16);
  }
  let px = xFirst + o;
  let q0 = c0;
  let q1 = c1;
  let q2 = c2;
  let q3 = c3;
  for (let q = 0; q < s; q++) {
    const k0 = v128.load_splat<T>(q0);
    const k1 = v128.load_splat<T>(q1);
    const k2 = v128.load_splat<T>(q2);
    const k3 = v128.load_splat<T>(q3);
    const xa = v128.load(px);
    a00 = v128.sub<T>(a00, v128.mul<T>(k0, xa));
    a10 = v128.sub<T>(a10, v128.mul<T>(k1, xa));
    a20 = v128.sub<T>(a20, v128.mul<T>(k2, xa));
    a30 = v128.sub<T>(a30, v128.mul<T>(k3, xa));
    if (w == 2) {
      const xb = v128.load(px, 16);
      a01 = v128.sub<T>(a01, v128.mul<T>(k0, xb));
      a11 = v128.sub<T>(a11, v128.mul<T>(k1, xb));
      a21 = v128.sub<T>(a21, v128.mul<T>(k2, xb));
      a31 = v128.sub<T>(a31, v128.mul<T>(k3, xb));
    }
    px += xStep;
    q0 += cStep;
    q1 += cStep;
    q2 += cStep;
    q3 += cStep;
  }
  // Finish the 4 x 4 triangle: multiply by reciprocals of the pivots, as the JavaScript kernel does.
  const v0 = v128.splat<T>(d0);
  const v1 = v128.splat<T>(d1);
  const v2 = v128.splat<T>(d2);
  const v3 = v128.splat<T>(d3);
  const l10 = v128.load_splat<T>(q1);
  const l20 = v128.load_splat<T>(q2);
  const l21 = v128.load_splat<T>(q2 + cStep);
  const l30 = v128.load_splat<T>(q3);
  const l31 = v128.load_splat<T>(q3 + cStep);
  const l32 = v128.load_splat<T>(q3 + 2 * cStep);
  a00 = v128.mul<T>(a00, v0);
  a10 = v128.mul<T>(v128.sub<T>(a10, v128.mul<T>(l10, a00)), v1);
  a20 = v128.mul<T>(v128.sub<T>(v128.sub<T>(a20, v128.mul<T>(l20, a00)), v128.mul<T>(l21, a10)), v2);
  a30 = v128.mul<T>(v128.sub<T>(v128.sub<T>(v128.sub<T>(a30, v128.mul<T>(l30, a00)), v128.mul<T>(l31, a10)), v128.mul<T>(l32, a20)), v3);
  v128.store(r0, a00);
  v128.store(r1, a10);
  v128.store(r2, a20);
  v128.store(r3, a30);
  if (w == 2) {
    a01 = v128.mul<T>(a01, v0);
    a11 = v128.mul<T>(v128.sub<T>(a11, v128.mul<T>(l10, a01)), v1);
    a21 = v128.mul<T>(v128.sub<T>(v128.sub<T>(a21, v128.mul<T>(l20, a01)), v128.mul<T>(l21, a11)), v2);
    a31 = v128.mul<T>(v128.sub<T>(v128.sub<T>(v128.sub<T>(a31, v128.mul<T>(l30, a01)), v128.mul<T>(l31, a11)), v128.mul<T>(l32, a21)), v3);
    v128.store(r0, a01, 16);
    v128.store(r1, a11, 16);
    v128.store(r2, a21, 16);
    v128.store(r3, a31, 16);
  }
}
