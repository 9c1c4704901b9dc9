/**
 * Elementwise kernels: the Bernoulli log-mass from logits and its backward, the fused Adam(W)
 * update, and plain maps of the elementary functions. The last partial vector goes through the
 * same vector code as the rest (its spare lanes computed and dropped), so an element's value does
 * not depend on its position.
 */
import { vexp, vlog1p, vone, vsigmoid, vsoftplus, vtanh } from './math';
import { at, lanes, loadPartial, storePartial } from './vec';

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

@inline function apply<T>(f: i32, x: v128): v128 {
  if (f == MAP_EXP) return vexp<T>(x);
  if (f == MAP_TANH) return vtanh<T>(x);
  if (f == MAP_SIGMOID) return vsigmoid<T>(x);
  if (f == MAP_SOFTPLUS) return vsoftplus<T>(x);
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
  else for (; i + V <= n; i += V) v128.store(out + at<T>(i), vlog1p<T>(v128.load(x + at<T>(i))));
  if (i < n) storePartial<T>(out + at<T>(i), apply<T>(f, loadPartial<T>(x + at<T>(i), n - i, 0)), n - i);
}
