/** Cholesky factor, its backward rule, and the weighted Gram matrix (row-major, square factors). */
import { SCRATCH, SCRATCH_BYTES } from './memory';
import { substitute, triangularSolve } from './solve';
import { GEMM_ADD, GEMM_SET, GEMM_SUB, gemm } from './matmul';
import { at, hsum, lanes, madd } from './vec';

/** Columns per block of the blocked Cholesky factor: the diagonal block and the panel below it. */
const NBC: i32 = 64;
/** Rows per strip of the trailing update. */
const NBT: i32 = 128;

/**
 * Lower Cholesky factor l [n,n] of a + shift I; reads only the lower triangle of a, and the upper
 * triangle of l is zero. A non-positive pivot fills l with NaN, as the JavaScript kernel does.
 *
 * Blocked, right-looking (Golub & Van Loan, "Matrix Computations", 4th ed., alg. 4.2.10): for each
 * block of NBC columns, factor its diagonal block (Cholesky–Banachiewicz, row by row, each entry
 * a dot product of two contiguous rows), solve the panel below it against that factor, then
 * subtract the panel's outer product from the trailing matrix with the packed matrix-product
 * kernel, which is where nearly all the arithmetic is at large n. For n <= NBC this is the
 * unblocked algorithm, in the JavaScript kernel's order.
 */
export function cholesky<T>(a: usize, l: usize, n: i32, shift: T): void {
  if (n <= 0) return;
  for (let i = 0; i < n; i++) {
    const ai = a + at<T>(i * n);
    const li = l + at<T>(i * n);
    memory.copy(li, ai, at<T>(i + 1));
    store<T>(li + at<T>(i), load<T>(li + at<T>(i)) + shift);
    if (i + 1 < n) memory.fill(li + at<T>(i + 1), 0, at<T>(n - i - 1));
  }
  for (let k0 = 0; k0 < n; k0 += NBC) {
    const k1 = min(n, k0 + NBC);
    // The diagonal block, then the panel below it: rows i >= k0, columns j in [k0, min(i, k1)).
    for (let i = k0; i < n; i++) {
      const li = l + at<T>(i * n);
      const jEnd = min(i + 1, k1);
      for (let j = k0; j < jEnd; j++) {
        const lj = l + at<T>(j * n);
        let s = load<T>(li + at<T>(j));
        s -= dot<T>(li + at<T>(k0), lj + at<T>(k0), j - k0);
        if (i == j) {
          if (!(s > 0)) {
            fillNaN<T>(l, n * n);
            return;
          }
          store<T>(li + at<T>(i), sqrt<T>(s));
        } else {
          store<T>(li + at<T>(j), s / load<T>(lj + at<T>(j)));
        }
      }
    }
    if (k1 >= n) break;
    // Trailing update: l[i, j] -= sum_p l[i, p] l[j, p] over the block's columns p, for k1 <= j <= i
    // (strips of rows; the strip's part above the diagonal is updated too and cleared at the end).
    const kb = k1 - k0;
    for (let i0 = k1; i0 < n; i0 += NBT) {
      const rows = min(NBT, n - i0);
      const panel = l + at<T>(i0 * n + k0);
      gemm<T>(panel, n, 1, l + at<T>(k1 * n + k0), 1, n, l + at<T>(i0 * n + k1), n, rows, i0 + rows - k1, kb, GEMM_SUB);
    }
  }
  for (let i = 0; i + 1 < n; i++) memory.fill(l + at<T>(i * n + i + 1), 0, at<T>(n - i - 1));
}

function fillNaN<T>(p: usize, count: i32): void {
  const nan = v128.splat<T>(<T>NaN);
  const V = lanes<T>();
  let i = 0;
  for (; i + V <= count; i += V) v128.store(p + at<T>(i), nan);
  for (; i < count; i++) store<T>(p + at<T>(i), <T>NaN);
}

/** sum_{p < len} x[p] y[p], two vector accumulators. */
@inline function dot<T>(x: usize, y: usize, len: i32): T {
  const V = lanes<T>();
  let s0 = v128.splat<T>(0);
  let s1 = s0;
  let p = 0;
  for (; p + 2 * V <= len; p += 2 * V) {
    const o = at<T>(p);
    s0 = madd<T>(v128.load(x + o), v128.load(y + o), s0);
    s1 = madd<T>(v128.load(x + o, 16), v128.load(y + o, 16), s1);
  }
  if (p + V <= len) {
    const o = at<T>(p);
    s0 = madd<T>(v128.load(x + o), v128.load(y + o), s0);
    p += V;
  }
  let s = hsum<T>(v128.add<T>(s0, s1));
  for (; p < len; p++) s += load<T>(x + at<T>(p)) * load<T>(y + at<T>(p));
  return s;
}

/**
 * Ā = sym(L^{-T} Φ(L^T L̄) L^{-1}) for L = chol(A) (Murray 2016, "Differentiation of the
 * Cholesky decomposition", arXiv:1602.07527), Φ = lower triangle with the diagonal halved; only
 * the lower triangles of L and L̄ are read. out must not overlap l or lBar; work [n,n] is
 * scratch. P = Φ(L^T L̄) is formed in out by blocks (the part of each sum below the diagonal block
 * with the packed matrix-product kernel, the triangular part inside it directly), then
 * X = L^{-T} P, then Y^T = L^{-T} X^T, then out = (Y + Y^T) / 2.
 */
export function choleskyBackward<T>(l: usize, lBar: usize, out: usize, n: i32, work: usize): void {
  if (n <= 0) return;
  const V = lanes<T>();
  // work = tril(L̄); out = 0.
  for (let i = 0; i < n; i++) {
    const wi = work + at<T>(i * n);
    memory.copy(wi, lBar + at<T>(i * n), at<T>(i + 1));
    if (i + 1 < n) memory.fill(wi + at<T>(i + 1), 0, at<T>(n - i - 1));
  }
  memory.fill(out, 0, at<T>(n * n));
  // P[i, j] = sum_{k >= i} L[k, i] L̄[k, j] for j <= i, by blocks of rows I and columns J <= I.
  for (let i0 = 0; i0 < n; i0 += NBC) {
    const i1 = min(n, i0 + NBC);
    const bi = i1 - i0;
    // Rows k >= i1 (below the diagonal block): one product for all columns j < i1.
    if (i1 < n) gemm<T>(l + at<T>(i1 * n + i0), 1, n, work + at<T>(i1 * n), n, 1, out + at<T>(i0 * n), n, bi, i1, n - i1, GEMM_ADD);
    // Rows k in [i, i1) (inside it): L[k, i] times row k of tril(L̄), up to column i.
    for (let i = i0; i < i1; i++) {
      const pi = out + at<T>(i * n);
      const width = i + 1;
      for (let k = i; k < i1; k++) {
        const c = load<T>(l + at<T>(k * n + i));
        const cv = v128.splat<T>(c);
        const src = work + at<T>(k * n);
        let j = 0;
        for (; j + V <= width; j += V) v128.store(pi + at<T>(j), madd<T>(cv, v128.load(src + at<T>(j)), v128.load(pi + at<T>(j))));
        for (; j < width; j++) store<T>(pi + at<T>(j), load<T>(pi + at<T>(j)) + c * load<T>(src + at<T>(j)));
      }
    }
  }
  // Φ: halve the diagonal; the products above put values right of the diagonal, which go.
  for (let i = 0; i < n; i++) {
    const pi = out + at<T>(i * n);
    store<T>(pi + at<T>(i), <T>0.5 * load<T>(pi + at<T>(i)));
    if (i + 1 < n) memory.fill(pi + at<T>(i + 1), 0, at<T>(n - i - 1));
  }
  triangularSolve<T>(l, out, out, n, n, true, true);
  transposeSquare<T>(out, n);
  triangularSolve<T>(l, out, out, n, n, true, true);
  // out holds Y^T; (Y + Y^T) / 2 is symmetric, so one pass over the lower triangle fills both.
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      const u = out + at<T>(i * n + j);
      const w = out + at<T>(j * n + i);
      const v: T = <T>0.5 * (load<T>(w) + load<T>(u));
      store<T>(u, v);
      store<T>(w, v);
    }
  }
}

/** Columns per panel of L^{-1} (and rows per block of its substitutions). */
const NBI: i32 = 64;
/** Columns per panel of the product L^{-T} L^{-1}: the packed kernel's column block. */
const NBP: i32 = 128;

/**
 * C^{-1} [n,n] (both triangles) for C = L L^T, from the lower factor l [n,n] (only its lower
 * triangle is read); LAPACK's potri. x [n,n] is scratch and ends holding L^{-1} in its lower
 * triangle. Two sweeps over column panels, each nearly all packed matrix products:
 *  1. X = L^{-1} (trtri, n^3/6 multiply-adds): column j of X is zero above row j, so panel
 *     J = [j0, j1) solves L[j0:, j0:] X[j0:, J] = I[j0:, J] by blocks R of NBI rows, top down:
 *     X[R, J] = L[R, R]^{-1} (I[R, J] - L[R, j0:r0] X[j0:r0, J])   (a product, then a substitution);
 *  2. C^{-1} = X^T X (lauum, n^3/6): column block J and the rows above it need only rows k >= j0
 *     of X, C^{-1}[0:j1, J] = X[j0:, 0:j1]^T X[j0:, J]; then the upper triangle is mirrored.
 * The same arithmetic as the JavaScript kernel (choleskyInverseCpu), without its copies.
 * Given alpha [n] and g [1] (pointers; 0 for none), out is instead invQuadLogdet's gradient
 * g/2 (C^{-1} - alpha alpha^T), formed in the pass that mirrors (as invQuadLogdetGradCpu).
 */
export function choleskyInverse<T>(l: usize, out: usize, n: i32, x: usize, alpha: usize, g: usize): void {
  if (n <= 0) return;
  for (let j0 = 0; j0 < n; j0 += NBI) {
    const j1 = min(n, j0 + NBI);
    const w = j1 - j0;
    // X[:, J] = I[:, J] (the zeros above the diagonal are read by the product's wider panels).
    for (let i = 0; i < n; i++) memory.fill(x + at<T>(i * n + j0), 0, at<T>(w));
    for (let j = j0; j < j1; j++) store<T>(x + at<T>(j * n + j), <T>1);
    for (let r0 = j0; r0 < n; r0 += NBI) {
      const rows = min(NBI, n - r0);
      const xr = x + at<T>(r0 * n + j0);
      if (r0 > j0) gemm<T>(l + at<T>(r0 * n + j0), n, 1, x + at<T>(j0 * n + j0), n, 1, xr, n, rows, w, r0 - j0, GEMM_SUB);
      substitute<T>(l + at<T>(r0 * n + r0), n, xr, n, rows, w, true, false);
    }
  }
  for (let j0 = 0; j0 < n; j0 += NBP) {
    const j1 = min(n, j0 + NBP);
    // Element (i, p) of X[j0:, 0:j1]^T is x[(j0 + p) n + i]; element (p, j) of X[j0:, J] is x[(j0 + p) n + j0 + j].
    gemm<T>(x + at<T>(j0 * n), 1, n, x + at<T>(j0 * n + j0), n, 1, out + at<T>(j0), n, j1, j1 - j0, n - j0, GEMM_SET);
  }
  if (alpha == 0) {
    transposeSquare<T>(out, n, true);
    return;
  }
  // (C^{-1}[j, i] - alpha_i alpha_j) g/2 for j <= i, written to both (i, j) and (j, i), by tiles.
  const h: T = load<T>(g) * <T>0.5;
  const B = 16;
  for (let i0 = 0; i0 < n; i0 += B) {
    const i1 = min(n, i0 + B);
    for (let j0 = 0; j0 <= i0; j0 += B) {
      for (let i = i0; i < i1; i++) {
        const ai = load<T>(alpha + at<T>(i));
        const jEnd = min(i + 1, j0 + B);
        for (let j = j0; j < jEnd; j++) {
          const w = out + at<T>(j * n + i);
          const v: T = (load<T>(w) - ai * load<T>(alpha + at<T>(j))) * h;
          store<T>(out + at<T>(i * n + j), v);
          store<T>(w, v);
        }
      }
    }
  }
}

/**
 * For each pair j < i of x [n,n]: x^T in place (swap x[i, j] and x[j, i]), or, with mirror, the
 * upper triangle copied into the lower (x[i, j] = x[j, i]). By tiles of 16 x 16, so that both
 * sides of each pair stay in cache.
 */
function transposeSquare<T>(x: usize, n: i32, mirror: bool = false): void {
  const B = 16;
  for (let i0 = 0; i0 < n; i0 += B) {
    const i1 = min(n, i0 + B);
    for (let j0 = 0; j0 <= i0; j0 += B) {
      for (let i = i0; i < i1; i++) {
        const jEnd = min(i, j0 + B);
        for (let j = j0; j < jEnd; j++) {
          const u = x + at<T>(i * n + j);
          const w = x + at<T>(j * n + i);
          if (mirror) {
            store<T>(u, load<T>(w));
          } else {
            const t = load<T>(u);
            store<T>(u, load<T>(w));
            store<T>(w, t);
          }
        }
      }
    }
  }
}

/**
 * out [m,m] = a diag(g) a^T for a [m,n], g [n]: out[i,q] = sum_j (a[i,j] g[j]) a[q,j].
 * Symmetric, so only q <= i is computed, and mirrored at the end. The columns are swept in
 * blocks whose scaled rows a[i,:] g fit in L1 (written once into scratch); within a block,
 * tiles of four scaled rows by two rows of a share every load (eight accumulators).
 */
export function weightedGram<T>(a: usize, g: usize, out: usize, m: i32, n: i32): void {
  if (m <= 0) return;
  memory.fill(out, 0, at<T>(m * m));
  const V = lanes<T>();
  const nVec = n - (n % V);
  // Block width: the m scaled rows take about 48 KiB (L1 and L2), at least four vectors; wider
  // blocks mean fewer horizontal sums per tile.
  let nb = 49152 / (m * <i32>sizeof<T>());
  nb = max(4 * V, nb - (nb % V));
  nb = min(nb, (SCRATCH_BYTES / (m * <i32>sizeof<T>())) & ~(V - 1));
  const ag = SCRATCH;
  for (let j0 = 0; j0 < nVec; j0 += nb) {
    const w = min(nb, nVec - j0);
    const stride = at<T>(w);
    for (let i = 0; i < m; i++) {
      const src = a + at<T>(i * n + j0);
      const dst = ag + <usize>i * stride;
      for (let j = 0; j < w; j += V) v128.store(dst + at<T>(j), v128.mul<T>(v128.load(src + at<T>(j)), v128.load(g + at<T>(j0 + j))));
    }
    let i0 = 0;
    for (; i0 + 4 <= m; i0 += 4) {
      let q0 = 0;
      for (; q0 + 2 <= i0 + 4; q0 += 2) tile4x2<T>(ag + <usize>i0 * stride, stride, a + at<T>(q0 * n + j0), at<T>(n), w, out, m, i0, q0);
    }
    for (; i0 < m; i0++) {
      const x = ag + <usize>i0 * stride;
      for (let q = 0; q <= i0; q++) {
        const o = out + at<T>(i0 * m + q);
        store<T>(o, load<T>(o) + dot<T>(x, a + at<T>(q * n + j0), w));
      }
    }
  }
  // Columns past the last whole vector.
  for (let j = nVec; j < n; j++) {
    const gj = load<T>(g + at<T>(j));
    for (let i = 0; i < m; i++) {
      const s = load<T>(a + at<T>(i * n + j)) * gj;
      for (let q = 0; q <= i; q++) {
        const o = out + at<T>(i * m + q);
        store<T>(o, load<T>(o) + s * load<T>(a + at<T>(q * n + j)));
      }
    }
  }
  for (let i = 0; i < m; i++) {
    for (let q = 0; q < i; q++) store<T>(out + at<T>(q * m + i), load<T>(out + at<T>(i * m + q)));
  }
}

/** out[i0+r, q0+c] += dot(scaled row r, row c of a) over w columns, for r < 4, c < 2, where q0 + c <= i0 + r. */
@inline function tile4x2<T>(x: usize, xs: usize, y: usize, ys: usize, w: i32, out: usize, m: i32, i0: i32, q0: i32): void {
  let s00 = v128.splat<T>(0);
  let s01 = s00;
  let s10 = s00;
  let s11 = s00;
  let s20 = s00;
  let s21 = s00;
  let s30 = s00;
  let s31 = s00;
  const x1 = x + xs;
  const x2 = x1 + xs;
  const x3 = x2 + xs;
  const y1 = y + ys;
  for (let j = 0; j < w; j += lanes<T>()) {
    const o = at<T>(j);
    const b0 = v128.load(y + o);
    const b1 = v128.load(y1 + o);
    const a0 = v128.load(x + o);
    const a1 = v128.load(x1 + o);
    const a2 = v128.load(x2 + o);
    const a3 = v128.load(x3 + o);
    s00 = madd<T>(a0, b0, s00);
    s01 = madd<T>(a0, b1, s01);
    s10 = madd<T>(a1, b0, s10);
    s11 = madd<T>(a1, b1, s11);
    s20 = madd<T>(a2, b0, s20);
    s21 = madd<T>(a2, b1, s21);
    s30 = madd<T>(a3, b0, s30);
    s31 = madd<T>(a3, b1, s31);
  }
  accumulate<T>(out, m, i0, q0, hsum<T>(s00));
  accumulate<T>(out, m, i0, q0 + 1, hsum<T>(s01));
  accumulate<T>(out, m, i0 + 1, q0, hsum<T>(s10));
  accumulate<T>(out, m, i0 + 1, q0 + 1, hsum<T>(s11));
  accumulate<T>(out, m, i0 + 2, q0, hsum<T>(s20));
  accumulate<T>(out, m, i0 + 2, q0 + 1, hsum<T>(s21));
  accumulate<T>(out, m, i0 + 3, q0, hsum<T>(s30));
  accumulate<T>(out, m, i0 + 3, q0 + 1, hsum<T>(s31));
}

/** out[i, q] += v where q <= i (the lower triangle only). */
@inline function accumulate<T>(out: usize, m: i32, i: i32, q: i32, v: T): void {
  if (q <= i) {
    const o = out + at<T>(i * m + q);
    store<T>(o, load<T>(o) + v);
  }
}

/**
 * Column quadratic forms out[j] = a_j^T w a_j for w [m,m], a [m,n]: out[j] = sum_i a[i,j] (w a)[i,j].
 * For each row i and a chunk of two vectors of columns, (w a)[i, chunk] is summed over p in
 * registers and multiplied into the output at once, so w a is never stored. Columns are swept in
 * blocks whose m rows of a stay in L1 while every i passes over them.
 */
export function columnQuadForm<T>(w: usize, a: usize, out: usize, m: i32, n: i32): void {
  if (n <= 0) return;
  memory.fill(out, 0, at<T>(n));
  const V = lanes<T>();
  let nb = 24576 / (max(m, 1) * <i32>sizeof<T>());
  nb = max(2 * V, nb - (nb % (2 * V)));
  const rowBytes = at<T>(n);
  for (let j0 = 0; j0 < n; j0 += nb) {
    const j1 = min(n, j0 + nb);
    for (let i = 0; i < m; i++) {
      const wi = w + at<T>(i * m);
      const ai = a + at<T>(i * n);
      let j = j0;
      for (; j + 2 * V <= j1; j += 2 * V) {
        const o = at<T>(j);
        let s0 = v128.splat<T>(0);
        let s1 = s0;
        let ap = a + o;
        for (let p = 0; p < m; p++) {
          const c = v128.load_splat<T>(wi + at<T>(p));
          s0 = madd<T>(c, v128.load(ap), s0);
          s1 = madd<T>(c, v128.load(ap, 16), s1);
          ap += rowBytes;
        }
        const q = out + o;
        v128.store(q, madd<T>(v128.load(ai + o), s0, v128.load(q)));
        v128.store(q, madd<T>(v128.load(ai + o, 16), s1, v128.load(q, 16)), 16);
      }
      for (; j < j1; j++) {
        let s: T = 0;
        for (let p = 0; p < m; p++) s += load<T>(wi + at<T>(p)) * load<T>(a + at<T>(p * n + j));
        const q = out + at<T>(j);
        store<T>(q, load<T>(q) + load<T>(ai + at<T>(j)) * s);
      }
    }
  }
}
