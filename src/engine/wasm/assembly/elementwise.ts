/**
 * Elementwise kernels: the Bernoulli log-mass from logits and its backward, the fused Adam(W)
 * update, and plain maps of the elementary functions. The last partial vector goes through the
 * same vector code as the rest (its spare lanes computed and dropped), so an element's value does
 * not depend on its position.
 */
import { vexp, vlog1p, vone, vsigmoid, vsoftplus, vtanh } from './math';
import { at, hsum, lanes, loadPartial, storePartial } from './vec';

/**
 * out = y l - softplus(l), written as -(1 - y) l - softplus(-l) for l > 0, so that neither branch
 * subtracts two large numbers; both branches share log1p(e^-|l|).
 */
@inline export function bernoulliVector<T>(l: v128, y: v128): v128 {
  return bernoulliFromExp<T>(l, y, vexp<T>(v128.neg<T>(v128.abs<T>(l))));
}

/** bernoulliVector given e = e^-|l|, for callers that need e for the sigmoid too. */
@inline export function bernoulliFromExp<T>(l: v128, y: v128, e: v128): v128 {
  const one = vone<T>();
  const positive = v128.gt<T>(l, v128.splat<T>(0));
  const linear = v128.bitselect(v128.mul<T>(v128.neg<T>(v128.sub<T>(one, y)), l), v128.mul<T>(y, l), positive);
  return v128.sub<T>(linear, vlog1p<T>(e));
}

/** out [n] = Bernoulli log-mass of labels y given logits l. */
export function bernoulliLogits<T>(l: usize, y: usize, out: usize, n: i32): void {
  const V = lanes<T>();
  let i = 0;
  for (; i + V <= n; i += V) {
    const o = at<T>(i);
    v128.store(out + o, bernoulliVector<T>(v128.load(l + o), v128.load(y + o)));
  }
  if (i < n) {
    const o = at<T>(i);
    storePartial<T>(out + o, bernoulliVector<T>(loadPartial<T>(l + o, n - i, 0), loadPartial<T>(y + o, n - i, 0)), n - i);
  }
}

/** out [n] = g (y - sigmoid(l)). */
export function bernoulliLogitsBackward<T>(l: usize, y: usize, g: usize, out: usize, n: i32): void {
  const V = lanes<T>();
  let i = 0;
  for (; i + V <= n; i += V) {
    const o = at<T>(i);
    v128.store(out + o, v128.mul<T>(v128.load(g + o), v128.sub<T>(v128.load(y + o), vsigmoid<T>(v128.load(l + o)))));
  }
  if (i < n) {
    const o = at<T>(i);
    const c = n - i;
    storePartial<T>(out + o, v128.mul<T>(loadPartial<T>(g + o, c, 0), v128.sub<T>(loadPartial<T>(y + o, c, 0), vsigmoid<T>(loadPartial<T>(l + o, c, 0)))), c);
  }
}

/**
 * Adam (Kingma & Ba 2015) with bias corrections c1 = 1 / (1 - b1^t), c2 = 1 / (1 - b2^t) and eps
 * outside the square root, as optax, plus decoupled weight decay wd (AdamW), in place:
 * m <- b1 m + (1 - b1) g; v <- b2 v + (1 - b2) g^2; p <- p - lr (m c1 / (sqrt(v c2) + eps) + wd p).
 * The operations are those of the JavaScript kernel, in its order.
 */
export function adam<T>(p: usize, g: usize, m: usize, v: usize, n: i32, lr: f64, b1: f64, b2: f64, eps: f64, wd: f64, c1: f64, c2: f64): void {
  const V = lanes<T>();
  const B1 = v128.splat<T>(<T>b1);
  const B2 = v128.splat<T>(<T>b2);
  const A1 = v128.splat<T>(<T>(1 - b1));
  const A2 = v128.splat<T>(<T>(1 - b2));
  const C1 = v128.splat<T>(<T>c1);
  const C2 = v128.splat<T>(<T>c2);
  const E = v128.splat<T>(<T>eps);
  const LR = v128.splat<T>(<T>lr);
  const WD = v128.splat<T>(<T>wd);
  let i = 0;
  for (; i + V <= n; i += V) {
    const o = at<T>(i);
    const gi = v128.load(g + o);
    const mi = v128.add<T>(v128.mul<T>(B1, v128.load(m + o)), v128.mul<T>(A1, gi));
    const vi = v128.add<T>(v128.mul<T>(B2, v128.load(v + o)), v128.mul<T>(v128.mul<T>(A2, gi), gi));
    v128.store(m + o, mi);
    v128.store(v + o, vi);
    const pi = v128.load(p + o);
    const step = v128.add<T>(v128.div<T>(v128.mul<T>(mi, C1), v128.add<T>(v128.sqrt<T>(v128.mul<T>(vi, C2)), E)), v128.mul<T>(WD, pi));
    v128.store(p + o, v128.sub<T>(pi, v128.mul<T>(LR, step)));
  }
  for (; i < n; i++) {
    const o = at<T>(i);
    const gi = load<T>(g + o);
    const mi: T = <T>b1 * load<T>(m + o) + <T>(1 - b1) * gi;
    const vi: T = <T>b2 * load<T>(v + o) + <T>(1 - b2) * gi * gi;
    store<T>(m + o, mi);
    store<T>(v + o, vi);
    const pi = load<T>(p + o);
    store<T>(p + o, pi - <T>lr * ((mi * <T>c1) / (sqrt<T>(vi * <T>c2) + <T>eps) + <T>wd * pi));
  }
}

// ---------------------------------------------------------------- maps

/** Which elementary function `map` applies. */
export const MAP_EXP = 0;
export const MAP_TANH = 1;
export const MAP_SIGMOID = 2;
export const MAP_SOFTPLUS = 3;
export const MAP_LOG1P = 4;
export const MAP_NEG = 5;
export const MAP_ABS = 6;
export const MAP_SQUARE = 7;
export const MAP_SQRT = 8;
export const MAP_RECIPROCAL = 9;

@inline function apply<T>(f: i32, x: v128): v128 {
  if (f == MAP_EXP) return vexp<T>(x);
  if (f == MAP_TANH) return vtanh<T>(x);
  if (f == MAP_SIGMOID) return vsigmoid<T>(x);
  if (f == MAP_SOFTPLUS) return vsoftplus<T>(x);
  if (f == MAP_NEG) return v128.neg<T>(x);
  if (f == MAP_ABS) return v128.abs<T>(x);
  if (f == MAP_SQUARE) return v128.mul<T>(x, x);
  if (f == MAP_SQRT) return v128.sqrt<T>(x);
  if (f == MAP_RECIPROCAL) return v128.div<T>(vone<T>(), x);
  return vlog1p<T>(x);
}

/** out [n] = f(x) for one of the MAP_ functions (log1p for x >= 0 only). */
export function map<T>(f: i32, x: usize, out: usize, n: i32): void {
  const V = lanes<T>();
  let i = 0;
  if (f == MAP_EXP) for (; i + V <= n; i += V) v128.store(out + at<T>(i), vexp<T>(v128.load(x + at<T>(i))));
  else if (f == MAP_TANH) for (; i + V <= n; i += V) v128.store(out + at<T>(i), vtanh<T>(v128.load(x + at<T>(i))));
  else if (f == MAP_SIGMOID) for (; i + V <= n; i += V) v128.store(out + at<T>(i), vsigmoid<T>(v128.load(x + at<T>(i))));
  else if (f == MAP_SOFTPLUS) for (; i + V <= n; i += V) v128.store(out + at<T>(i), vsoftplus<T>(v128.load(x + at<T>(i))));
  else if (f == MAP_LOG1P) for (; i + V <= n; i += V) v128.store(out + at<T>(i), vlog1p<T>(v128.load(x + at<T>(i))));
  else if (f == MAP_NEG) for (; i + V <= n; i += V) v128.store(out + at<T>(i), v128.neg<T>(v128.load(x + at<T>(i))));
  else if (f == MAP_ABS) for (; i + V <= n; i += V) v128.store(out + at<T>(i), v128.abs<T>(v128.load(x + at<T>(i))));
  else if (f == MAP_SQUARE) {
    for (; i + V <= n; i += V) {
      const v = v128.load(x + at<T>(i));
      v128.store(out + at<T>(i), v128.mul<T>(v, v));
    }
  } else if (f == MAP_SQRT) for (; i + V <= n; i += V) v128.store(out + at<T>(i), v128.sqrt<T>(v128.load(x + at<T>(i))));
  else {
    const one = vone<T>();
    for (; i + V <= n; i += V) v128.store(out + at<T>(i), v128.div<T>(one, v128.load(x + at<T>(i))));
  }
  if (i < n) storePartial<T>(out + at<T>(i), apply<T>(f, loadPartial<T>(x + at<T>(i), n - i, 0)), n - i);
}

export const OP_ADD = 0;
export const OP_SUB = 1;
export const OP_MUL = 2;
export const OP_DIV = 3;
export const OP_MAXIMUM = 4;
export const OP_MINIMUM = 5;
export const OP_GREATER = 6;
/** out = a (a broadcast copy). */
export const OP_FIRST = 7;

@inline function combine<T>(op: i32, a: v128, b: v128): v128 {
  if (op == OP_ADD) return v128.add<T>(a, b);
  if (op == OP_SUB) return v128.sub<T>(a, b);
  if (op == OP_MUL) return v128.mul<T>(a, b);
  if (op == OP_DIV) return v128.div<T>(a, b);
  // a >= b ? a : b, a <= b ? a : b, as the JavaScript kernels (a NaN in a gives b).
  if (op == OP_MAXIMUM) return v128.bitselect(a, b, v128.ge<T>(a, b));
  if (op == OP_MINIMUM) return v128.bitselect(a, b, v128.le<T>(a, b));
  if (op == OP_GREATER) return v128.and(v128.gt<T>(a, b), vone<T>());
  return a;
}

/**
 * out[o, i] = a[o aos + i ais] op b[o bos + i bis] for o < outer, i < inner (out row-major): the
 * broadcasts of two operands of at most two dimensions (a stride 0 repeats an element). ais and
 * bis are 0 or 1.
 */
export function binary<T>(op: i32, a: usize, b: usize, out: usize, outer: i32, inner: i32, aos: i32, ais: i32, bos: i32, bis: i32): void {
  const V = lanes<T>();
  for (let o = 0; o < outer; o++) {
    const pa = a + at<T>(o * aos);
    const pb = b + at<T>(o * bos);
    const po = out + at<T>(o * inner);
    let i = 0;
    if (ais == 1 && bis == 1) {
      if (op == OP_ADD) for (; i + V <= inner; i += V) v128.store(po + at<T>(i), v128.add<T>(v128.load(pa + at<T>(i)), v128.load(pb + at<T>(i))));
      else if (op == OP_SUB) for (; i + V <= inner; i += V) v128.store(po + at<T>(i), v128.sub<T>(v128.load(pa + at<T>(i)), v128.load(pb + at<T>(i))));
      else if (op == OP_MUL) for (; i + V <= inner; i += V) v128.store(po + at<T>(i), v128.mul<T>(v128.load(pa + at<T>(i)), v128.load(pb + at<T>(i))));
      else for (; i + V <= inner; i += V) v128.store(po + at<T>(i), combine<T>(op, v128.load(pa + at<T>(i)), v128.load(pb + at<T>(i))));
    } else if (ais == 1) {
      const bv = v128.load_splat<T>(pb);
      if (op == OP_MUL) for (; i + V <= inner; i += V) v128.store(po + at<T>(i), v128.mul<T>(v128.load(pa + at<T>(i)), bv));
      else for (; i + V <= inner; i += V) v128.store(po + at<T>(i), combine<T>(op, v128.load(pa + at<T>(i)), bv));
    } else if (bis == 1) {
      const av = v128.load_splat<T>(pa);
      for (; i + V <= inner; i += V) v128.store(po + at<T>(i), combine<T>(op, av, v128.load(pb + at<T>(i))));
    } else {
      const v = combine<T>(op, v128.load_splat<T>(pa), v128.load_splat<T>(pb));
      for (; i + V <= inner; i += V) v128.store(po + at<T>(i), v);
    }
    for (; i < inner; i++) {
      const r = combine<T>(op, v128.splat<T>(load<T>(pa + at<T>(i * ais))), v128.splat<T>(load<T>(pb + at<T>(i * bis))));
      store<T>(po + at<T>(i), v128.extract_lane<T>(r, 0));
    }
  }
}

/**
 * Sums of x [outer, inner]: over the rows (out [inner], the rows added in order, as the
 * JavaScript kernel does) when `rows`, else within each row (out [outer]).
 */
export function sum<T>(x: usize, out: usize, outer: i32, inner: i32, rows: bool): void {
  const V = lanes<T>();
  if (rows) {
    memory.fill(out, 0, at<T>(inner));
    for (let o = 0; o < outer; o++) {
      const px = x + at<T>(o * inner);
      let i = 0;
      for (; i + V <= inner; i += V) v128.store(out + at<T>(i), v128.add<T>(v128.load(out + at<T>(i)), v128.load(px + at<T>(i))));
      for (; i < inner; i++) store<T>(out + at<T>(i), load<T>(out + at<T>(i)) + load<T>(px + at<T>(i)));
    }
    return;
  }
  for (let o = 0; o < outer; o++) {
    const px = x + at<T>(o * inner);
    let s0 = v128.splat<T>(0);
    let s1 = s0;
    let i = 0;
    for (; i + 2 * V <= inner; i += 2 * V) {
      s0 = v128.add<T>(s0, v128.load(px + at<T>(i)));
      s1 = v128.add<T>(s1, v128.load(px + at<T>(i), 16));
    }
    for (; i + V <= inner; i += V) s0 = v128.add<T>(s0, v128.load(px + at<T>(i)));
    let t = hsum<T>(v128.add<T>(s0, s1));
    for (; i < inner; i++) t += load<T>(px + at<T>(i));
    store<T>(out + at<T>(o), t);
  }
}

/** out [n,m] = x^T for x [m,n], by tiles of 16 x 16. */
export function transpose<T>(x: usize, out: usize, m: i32, n: i32): void {
  const B = 16;
  for (let i0 = 0; i0 < m; i0 += B) {
    const i1 = min(m, i0 + B);
    for (let j0 = 0; j0 < n; j0 += B) {
      const j1 = min(n, j0 + B);
      for (let i = i0; i < i1; i++) for (let j = j0; j < j1; j++) store<T>(out + at<T>(j * m + i), load<T>(x + at<T>(i * n + j)));
    }
  }
}
