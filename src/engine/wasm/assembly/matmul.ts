/**
 * out [m,n] = op(a) op(b), row-major, op = transpose where asked: a is stored [m,k] (or [k,m]
 * when transA), b [k,n] (or [n,k] when transB).
 *
 * The general case is blocked in the manner of Goto & van de Geijn (2008), "Anatomy of
 * high-performance matrix multiplication", ACM TOMS 34(3): a KC x NC block of op(b) is packed
 * into panels of NR columns (contiguous, zero-padded), an MC x KC block of op(a) into panels of
 * MR rows, and a register-blocked micro-kernel accumulates an MR x NR tile of out over the KC
 * depth with every operand in L1. Packing also absorbs both transposes and every ragged edge,
 * so one micro-kernel serves all four forms. MR = 4 rows by NR = two vectors (4 columns of
 * float64, 8 of float32): eight accumulators, two vector loads and four broadcasts per step.
 *
 * Matrix-vector shapes (one row or one column of out) take a direct path instead, where the
 * padding to 4 x NR tiles would waste most of the work.
 */
import { SCRATCH } from './memory';
import { at, hsum, lanes, madd } from './vec';

const MR: i32 = 4;
const KC: i32 = 256;
const MC: i32 = 64;
const NC: i32 = 128;

/** Packed a block: MC x KC elements (128 KiB in float64). */
const PACK_A: usize = SCRATCH;
/** Packed b block: KC x NC elements (256 KiB in float64). */
const PACK_B: usize = SCRATCH + 128 * 1024;
/** One MR x NR tile for ragged edges. */
const TILE: usize = SCRATCH + 384 * 1024;

@inline function nr<T>(): i32 {
  return 2 * lanes<T>();
}

/** Exported entry: out = op(a) op(b). */
export function matmul<T>(a: usize, b: usize, out: usize, m: i32, k: i32, n: i32, transA: bool, transB: bool): void {
  if (m <= 0 || n <= 0) return;
  if (k <= 0) {
    memory.fill(out, 0, at<T>(m * n));
    return;
  }
  if (n == 1) {
    // out [m,1] is also out^T [1,m] = op(b)^T op(a)^T, and op(b)^T [1,k] is b's k values in order.
    if (transA) rowTimesMatrix<T>(b, a, out, k, m);
    else dotRows<T>(a, b, out, m, k);
    return;
  }
  if (m == 1) {
    // op(a) [1,k] is a's k values in order whichever way a is stored.
    if (transB) dotRows<T>(b, a, out, n, k);
    else rowTimesMatrix<T>(a, b, out, k, n);
    return;
  }
  // Element (i,p) of op(a) is a[i ai + p ap]; element (p,j) of op(b) is b[p bp + j bj].
  gemm<T>(a, transA ? 1 : k, transA ? m : 1, b, transB ? 1 : n, transB ? k : 1, out, n, m, n, k, GEMM_SET);
}

/** gemm modes: out = product, out += product, out -= product. */
export const GEMM_SET: i32 = 0;
export const GEMM_ADD: i32 = 1;
export const GEMM_SUB: i32 = 2;

/**
 * The blocked product on strided operands, for the kernels that update blocks of a matrix in
 * place (the blocked Cholesky factor, its backward pass): out [m,n] (row stride ldo elements)
 * = / += / -= op(a) op(b), where element (i,p) of op(a) is a[i ai + p ap] and element (p,j) of
 * op(b) is b[p bp + j bj]. m, n, k > 0.
 */
export function gemm<T>(a: usize, ai: i32, ap: i32, b: usize, bp: i32, bj: i32, out: usize, ldo: i32, m: i32, n: i32, k: i32, mode: i32): void {
  for (let jc = 0; jc < n; jc += NC) {
    const nc = min(NC, n - jc);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = min(KC, k - pc);
      packB<T>(b, bp, bj, pc, kc, jc, nc);
      for (let ic = 0; ic < m; ic += MC) {
        const mc = min(MC, m - ic);
        // Subtracting is adding the product of the negated a.
        packA<T>(a, ai, ap, ic, mc, pc, kc, mode == GEMM_SUB);
        const accumulate = pc > 0 || mode != GEMM_SET;
        for (let jr = 0; jr < nc; jr += nr<T>()) {
          const cols = min(nr<T>(), nc - jr);
          const pb = PACK_B + at<T>(jr * kc);
          for (let ir = 0; ir < mc; ir += MR) {
            const rows = min(MR, mc - ir);
            const pa = PACK_A + at<T>(ir * kc);
            const c = out + at<T>((ic + ir) * ldo + jc + jr);
            if (rows == MR && cols == nr<T>()) {
              micro<T>(pa, pb, kc, c, at<T>(ldo), accumulate);
            } else {
              edgeTile<T>(pa, pb, kc, c, ldo, rows, cols, accumulate);
            }
          }
        }
      }
    }
  }
}

/** MR x NR tile of out (row stride cs bytes) += or = packed panel a times packed panel b over kc. */
@inline function micro<T>(pa: usize, pb: usize, kc: i32, c: usize, cs: usize, accumulate: bool): void {
  const S = sizeof<T>();
  let c00 = v128.splat<T>(0);
  let c01 = c00;
  let c10 = c00;
  let c11 = c00;
  let c20 = c00;
  let c21 = c00;
  let c30 = c00;
  let c31 = c00;
  if (accumulate) {
    c00 = v128.load(c);
    c01 = v128.load(c, 16);
    c10 = v128.load(c + cs);
    c11 = v128.load(c + cs, 16);
    c20 = v128.load(c + 2 * cs);
    c21 = v128.load(c + 2 * cs, 16);
    c30 = v128.load(c + 3 * cs);
    c31 = v128.load(c + 3 * cs, 16);
  }
  for (let p = 0; p < kc; p++) {
    const b0 = v128.load(pb);
    const b1 = v128.load(pb, 16);
    const a0 = v128.load_splat<T>(pa);
    const a1 = v128.load_splat<T>(pa, S);
    const a2 = v128.load_splat<T>(pa, 2 * S);
    const a3 = v128.load_splat<T>(pa, 3 * S);
    c00 = madd<T>(a0, b0, c00);
    c01 = madd<T>(a0, b1, c01);
    c10 = madd<T>(a1, b0, c10);
    c11 = madd<T>(a1, b1, c11);
    c20 = madd<T>(a2, b0, c20);
    c21 = madd<T>(a2, b1, c21);
    c30 = madd<T>(a3, b0, c30);
    c31 = madd<T>(a3, b1, c31);
    pa += 4 * S;
    pb += 32;
  }
  v128.store(c, c00);
  v128.store(c, c01, 16);
  v128.store(c + cs, c10);
  v128.store(c + cs, c11, 16);
  v128.store(c + 2 * cs, c20);
  v128.store(c + 2 * cs, c21, 16);
  v128.store(c + 3 * cs, c30);
  v128.store(c + 3 * cs, c31, 16);
}

/**
 * A ragged tile (rows < MR or cols < NR): computed whole in TILE, its valid part copied. The
 * copies are element loops: memory.copy is a call into the engine, too dear for a few elements.
 */
function edgeTile<T>(pa: usize, pb: usize, kc: i32, c: usize, ldo: i32, rows: i32, cols: i32, accumulate: bool): void {
  const w = nr<T>();
  if (accumulate) {
    for (let r = 0; r < MR; r++) {
      for (let j = 0; j < w; j++) store<T>(TILE + at<T>(r * w + j), r < rows && j < cols ? load<T>(c + at<T>(r * ldo + j)) : <T>0);
    }
  }
  micro<T>(pa, pb, kc, TILE, at<T>(w), accumulate);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < cols; j++) store<T>(c + at<T>(r * ldo + j), load<T>(TILE + at<T>(r * w + j)));
  }
}

/** Rows [i0, i0+mc) x depth [p0, p0+kc) of op(a) (negated when asked) into PACK_A: panels of MR rows, [p][r], zero-padded. */
function packA<T>(a: usize, ai: i32, ap: i32, i0: i32, mc: i32, p0: i32, kc: i32, negate: bool): void {
  for (let ir = 0; ir < mc; ir += MR) {
    const rows = min(MR, mc - ir);
    const panel = PACK_A + at<T>(ir * kc);
    for (let r = 0; r < MR; r++) {
      let dst = panel + at<T>(r);
      if (r < rows) {
        let src = a + at<T>((i0 + ir + r) * ai + p0 * ap);
        const step = at<T>(ap);
        if (negate) {
          for (let p = 0; p < kc; p++) {
            store<T>(dst, -load<T>(src));
            src += step;
            dst += at<T>(MR);
          }
        } else {
          for (let p = 0; p < kc; p++) {
            store<T>(dst, load<T>(src));
            src += step;
            dst += at<T>(MR);
          }
        }
      } else {
        for (let p = 0; p < kc; p++) {
          store<T>(dst, <T>0);
          dst += at<T>(MR);
        }
      }
    }
  }
}

/** Depth [p0, p0+kc) x columns [j0, j0+nc) of op(b) into PACK_B: panels of NR columns, [p][c], zero-padded. */
function packB<T>(b: usize, bp: i32, bj: i32, p0: i32, kc: i32, j0: i32, nc: i32): void {
  const w = nr<T>();
  for (let jr = 0; jr < nc; jr += w) {
    const cols = min(w, nc - jr);
    let dst = PACK_B + at<T>(jr * kc);
    if (bj == 1 && cols == w) {
      // Rows of b are contiguous: two vector copies per depth step.
      let src = b + at<T>(p0 * bp + j0 + jr);
      const step = at<T>(bp);
      for (let p = 0; p < kc; p++) {
        v128.store(dst, v128.load(src));
        v128.store(dst, v128.load(src, 16), 16);
        src += step;
        dst += 32;
      }
      continue;
    }
    for (let p = 0; p < kc; p++) {
      const row = b + at<T>((p0 + p) * bp);
      for (let c = 0; c < w; c++) {
        store<T>(dst + at<T>(c), c < cols ? load<T>(row + at<T>((j0 + jr + c) * bj)) : <T>0);
      }
      dst += 32;
    }
  }
}

/** out[j] = sum_p x[p] y[p j] for x [k], y [k,n] row-major: rows of y scaled and summed, four vectors of out at a time. */
function rowTimesMatrix<T>(x: usize, y: usize, out: usize, k: i32, n: i32): void {
  const V = lanes<T>();
  const rowBytes = at<T>(n);
  let j = 0;
  for (; j + 4 * V <= n; j += 4 * V) {
    let s0 = v128.splat<T>(0);
    let s1 = s0;
    let s2 = s0;
    let s3 = s0;
    let py = y + at<T>(j);
    for (let p = 0; p < k; p++) {
      const c = v128.load_splat<T>(x + at<T>(p));
      s0 = madd<T>(c, v128.load(py), s0);
      s1 = madd<T>(c, v128.load(py, 16), s1);
      s2 = madd<T>(c, v128.load(py, 32), s2);
      s3 = madd<T>(c, v128.load(py, 48), s3);
      py += rowBytes;
    }
    const o = out + at<T>(j);
    v128.store(o, s0);
    v128.store(o, s1, 16);
    v128.store(o, s2, 32);
    v128.store(o, s3, 48);
  }
  for (; j + V <= n; j += V) {
    let s0 = v128.splat<T>(0);
    let py = y + at<T>(j);
    for (let p = 0; p < k; p++) {
      s0 = madd<T>(v128.load_splat<T>(x + at<T>(p)), v128.load(py), s0);
      py += rowBytes;
    }
    v128.store(out + at<T>(j), s0);
  }
  for (; j < n; j++) {
    let s: T = 0;
    for (let p = 0; p < k; p++) s += load<T>(x + at<T>(p)) * load<T>(y + at<T>(p * n + j));
    store<T>(out + at<T>(j), s);
  }
}

/** out[i] = sum_p r[i p] v[p] for rows r [rows,len] and v [len]: four rows share each load of v. */
function dotRows<T>(r: usize, v: usize, out: usize, rows: i32, len: i32): void {
  const V = lanes<T>();
  const vecEnd = len - (len % V);
  let i = 0;
  for (; i + 4 <= rows; i += 4) {
    const r0 = r + at<T>(i * len);
    const r1 = r0 + at<T>(len);
    const r2 = r1 + at<T>(len);
    const r3 = r2 + at<T>(len);
    let s0 = v128.splat<T>(0);
    let s1 = s0;
    let s2 = s0;
    let s3 = s0;
    for (let p = 0; p < vecEnd; p += V) {
      const o = at<T>(p);
      const x = v128.load(v + o);
      s0 = madd<T>(v128.load(r0 + o), x, s0);
      s1 = madd<T>(v128.load(r1 + o), x, s1);
      s2 = madd<T>(v128.load(r2 + o), x, s2);
      s3 = madd<T>(v128.load(r3 + o), x, s3);
    }
    let t0 = hsum<T>(s0);
    let t1 = hsum<T>(s1);
    let t2 = hsum<T>(s2);
    let t3 = hsum<T>(s3);
    for (let p = vecEnd; p < len; p++) {
      const x = load<T>(v + at<T>(p));
      t0 += load<T>(r0 + at<T>(p)) * x;
      t1 += load<T>(r1 + at<T>(p)) * x;
      t2 += load<T>(r2 + at<T>(p)) * x;
      t3 += load<T>(r3 + at<T>(p)) * x;
    }
    store<T>(out + at<T>(i), t0);
    store<T>(out + at<T>(i + 1), t1);
    store<T>(out + at<T>(i + 2), t2);
    store<T>(out + at<T>(i + 3), t3);
  }
  for (; i < rows; i++) {
    const r0 = r + at<T>(i * len);
    let s0 = v128.splat<T>(0);
    for (let p = 0; p < vecEnd; p += V) s0 = madd<T>(v128.load(r0 + at<T>(p)), v128.load(v + at<T>(p)), s0);
    let t0 = hsum<T>(s0);
    for (let p = vecEnd; p < len; p++) t0 += load<T>(r0 + at<T>(p)) * load<T>(v + at<T>(p));
    store<T>(out + at<T>(i), t0);
  }
}
