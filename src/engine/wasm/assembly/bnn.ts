/**
 * The Bayesian network's log-likelihood and its gradient for K weight vectors in one pass over
 * the data: an MLP with tanh hidden layers and one logit output, Bernoulli labels. Weights z [K,D]
 * per layer l: w [d_{l-1}, d_l] row-major, then b [d_l].
 *
 * The points go through the network in blocks of NB vectors (one point per vector lane: 2 in
 * float64, 4 in float32), layer by layer: each layer's activations for the block are a row of NB
 * vectors per unit in scratch (a few KiB, in L1), a weight is broadcast once per block, and every
 * inner loop runs over the block's independent vectors, so the long dependency chains of exp,
 * tanh and log1p overlap instead of waiting on each other (the tanh pass goes further and
 * interleaves four vectors' evaluations, vtanhInPlace). Each pre-activation is summed in the
 * order of the TypeScript kernel (bias, then inputs in order, two inputs per pass); the gradient's
 * sums are split over lanes and two accumulators, and added up at the end. NB = 32 measured as
 * fast as 64 and 128 and faster than 16 at the notebook's sizes.
 */
import { SCRATCH } from './memory';
import { bernoulliFromExp, bernoulliVector } from './elementwise';
import { vexp, vone, vtanhInPlace } from './math';
import { at, hsum, lanes, madd } from './vec';

/** Vectors per block. */
const NB: i32 = 32;
/** Bytes of one row (NB vectors). */
const ROW: usize = (<usize>NB << 4);

/**
 * terms[3 p] = sum_i y_i l_i - softplus(l_i) for weights z_p, and, unless dz is 0, its gradient
 * with respect to z_p into dz[3 p D .. 3 p D + D). widths: i32 [layers + 1].
 */
export function bnnLogLikelihood<T>(z: usize, x: usize, y: usize, n: i32, widths: usize, layers: i32, k: i32, terms: usize, dz: usize): void {
  const V = lanes<T>();
  const P = NB * V;
  const d0 = load<i32>(widths);
  let d = 0;
  let units = 0;
  let widest = 0;
  for (let l = 0; l <= layers; l++) {
    const b = load<i32>(widths + 4 * l);
    units += b;
    widest = max(widest, b);
    if (l > 0) d += load<i32>(widths + 4 * (l - 1)) * b + b;
  }
  // Scratch: a row per unit of every layer, two rows of errors per unit of the widest layer, the
  // labels and the lane mask of the block, and the gradient's partial sums (d vectors).
  const act = SCRATCH;
  const deltaA = act + ROW * <usize>units;
  const deltaB = deltaA + ROW * <usize>widest;
  const yRow = deltaB + ROW * <usize>widest;
  const maskRow = yRow + ROW;
  const acc = maskRow + ROW;
  const zero = v128.splat<T>(0);
  const one = vone<T>();
  for (let p = 0; p < k; p++) {
    const zp = z + at<T>(p * d);
    if (dz != 0) for (let i = 0; i < d; i++) v128.store(acc + (<usize>i << 4), zero);
    let ll0 = zero;
    let ll1 = zero;
    for (let i0 = 0; i0 < n; i0 += P) {
      const count = min(P, n - i0);
      const nv = (count + V - 1) / V;
      loadBlock<T>(x, y, i0, count, nv, d0, act, yRow, maskRow);
      // Forward, layer by layer.
      let o = 0;
      let inRow = act;
      let a = d0;
      for (let l = 1; l <= layers; l++) {
        const b = load<i32>(widths + 4 * l);
        const outRow = inRow + ROW * <usize>a;
        for (let j = 0; j < b; j++) {
          const dst = outRow + ROW * <usize>j;
          // Two inputs per pass over the block (one load and store of the sums for two products),
          // the first pass starting from the bias: the same order of additions as one at a time.
          const bias = v128.load_splat<T>(zp + at<T>(o + a * b + j));
          let t = 0;
          if (a >= 2) {
            const w0 = v128.load_splat<T>(zp + at<T>(o + j));
            const w1 = v128.load_splat<T>(zp + at<T>(o + b + j));
            const src = inRow;
            for (let v = 0; v < nv; v++) {
              const q = <usize>v << 4;
              v128.store(dst + q, madd<T>(v128.load(src + q, ROW), w1, madd<T>(v128.load(src + q), w0, bias)));
            }
            t = 2;
          } else {
            for (let v = 0; v < nv; v++) v128.store(dst + (<usize>v << 4), bias);
          }
          for (; t + 2 <= a; t += 2) {
            const w0 = v128.load_splat<T>(zp + at<T>(o + t * b + j));
            const w1 = v128.load_splat<T>(zp + at<T>(o + (t + 1) * b + j));
            const src = inRow + ROW * <usize>t;
            for (let v = 0; v < nv; v++) {
              const q = <usize>v << 4;
              v128.store(dst + q, madd<T>(v128.load(src + q, ROW), w1, madd<T>(v128.load(src + q), w0, v128.load(dst + q))));
            }
          }
          if (t < a) {
            const w = v128.load_splat<T>(zp + at<T>(o + t * b + j));
            const src = inRow + ROW * <usize>t;
            for (let v = 0; v < nv; v++) {
              const q = <usize>v << 4;
              v128.store(dst + q, madd<T>(v128.load(src + q), w, v128.load(dst + q)));
            }
          }
          if (l < layers) vtanhInPlace<T>(dst, nv);
        }
        o += a * b + b;
        inRow = outRow;
        a = b;
      }
      // The logits: the log-likelihood, and (with the gradient) the output's error y - sigmoid(l).
      if (dz == 0) {
        let v = 0;
        for (; v + 2 <= nv; v += 2) {
          const q = <usize>v << 4;
          ll0 = v128.add<T>(ll0, v128.mul<T>(v128.load(maskRow + q), bernoulliVector<T>(v128.load(inRow + q), v128.load(yRow + q))));
          ll1 = v128.add<T>(ll1, v128.mul<T>(v128.load(maskRow + q, 16), bernoulliVector<T>(v128.load(inRow + q, 16), v128.load(yRow + q, 16))));
        }
        if (v < nv) {
          const q = <usize>v << 4;
          ll0 = v128.add<T>(ll0, v128.mul<T>(v128.load(maskRow + q), bernoulliVector<T>(v128.load(inRow + q), v128.load(yRow + q))));
        }
        continue;
      }
      for (let v = 0; v < nv; v++) {
        const q = <usize>v << 4;
        const l = v128.load(inRow + q);
        const yv = v128.load(yRow + q);
        const m = v128.load(maskRow + q);
        // One e^-|l| serves both: log1p(e^-|l|) in the log-mass, e / (1 + e) or 1 / (1 + e) in the sigmoid.
        const e = vexp<T>(v128.neg<T>(v128.abs<T>(l)));
        ll0 = v128.add<T>(ll0, v128.mul<T>(m, bernoulliFromExp<T>(l, yv, e)));
        const sig = v128.div<T>(v128.bitselect(one, e, v128.ge<T>(l, zero)), v128.add<T>(one, e));
        v128.store(deltaA + q, v128.mul<T>(m, v128.sub<T>(yv, sig)));
      }
      backward<T>(zp, widths, layers, d, nv, inRow, deltaA, deltaB, acc, one);
    }
    store<T>(terms + at<T>(3 * p), hsum<T>(v128.add<T>(ll0, ll1)));
    if (dz != 0) {
      const g = dz + at<T>(3 * p * d);
      for (let i = 0; i < d; i++) store<T>(g + at<T>(i), hsum<T>(v128.load(acc + (<usize>i << 4))));
    }
  }
}

/**
 * The block's inputs as rows (unit t's row holds feature t of every point, one per lane), its
 * labels, and a mask of 1 for the lanes that hold points (spare lanes get inputs and labels 0).
 */
function loadBlock<T>(x: usize, y: usize, i0: i32, count: i32, nv: i32, d0: i32, act: usize, yRow: usize, maskRow: usize): void {
  const V = lanes<T>();
  const full = count / V;
  for (let v = 0; v < full; v++) {
    const first = i0 + v * V;
    v128.store(yRow + (<usize>v << 4), v128.load(y + at<T>(first)));
    v128.store(maskRow + (<usize>v << 4), vone<T>());
    for (let t = 0; t < d0; t++) {
      let r = v128.splat<T>(0);
      for (let j = 0; j < V; j++) r = replaceLane<T>(r, j, load<T>(x + at<T>((first + j) * d0 + t)));
      v128.store(act + ROW * <usize>t + (<usize>v << 4), r);
    }
  }
  if (full < nv) {
    const first = i0 + full * V;
    const rest = count - full * V;
    let yv = v128.splat<T>(0);
    let mask = v128.splat<T>(0);
    for (let j = 0; j < rest; j++) {
      yv = replaceLane<T>(yv, j, load<T>(y + at<T>(first + j)));
      mask = replaceLane<T>(mask, j, <T>1);
    }
    v128.store(yRow + (<usize>full << 4), yv);
    v128.store(maskRow + (<usize>full << 4), mask);
    for (let t = 0; t < d0; t++) {
      let r = v128.splat<T>(0);
      for (let j = 0; j < rest; j++) r = replaceLane<T>(r, j, load<T>(x + at<T>((first + j) * d0 + t)));
      v128.store(act + ROW * <usize>t + (<usize>full << 4), r);
    }
  }
}

/**
 * Back-propagation through the block: `delta` holds d ll / d logit; each layer adds its weights'
 * and biases' gradients to acc and passes delta_{l-1} = (W_l delta_l) (1 - h_{l-1}^2) down.
 */
function backward<T>(zp: usize, widths: usize, layers: i32, d: i32, nv: i32, outRow: usize, delta: usize, prev: usize, acc: usize, one: v128): void {
  let wo = d;
  let b = 1;
  for (let l = layers; l >= 1; l--) {
    const a = load<i32>(widths + 4 * (l - 1));
    wo -= a * b + b;
    const hRow = outRow - ROW * <usize>a;
    for (let j = 0; j < b; j++) {
      const dRow = delta + ROW * <usize>j;
      addTo<T>(acc + (<usize>(wo + a * b + j) << 4), rowSum<T>(dRow, nv));
      for (let t = 0; t < a; t++) addTo<T>(acc + (<usize>(wo + t * b + j) << 4), rowDot<T>(hRow + ROW * <usize>t, dRow, nv));
    }
    if (l > 1) {
      for (let t = 0; t < a; t++) {
        const pRow = prev + ROW * <usize>t;
        const hr = hRow + ROW * <usize>t;
        const wt = zp + at<T>(wo + t * b);
        // Up to four errors in one pass over the block (the same sums, in the same order).
        if (b <= 4) {
          if (b == 1) propagate<T>(pRow, hr, delta, wt, 1, nv, one);
          else if (b == 2) propagate<T>(pRow, hr, delta, wt, 2, nv, one);
          else if (b == 3) propagate<T>(pRow, hr, delta, wt, 3, nv, one);
          else propagate<T>(pRow, hr, delta, wt, 4, nv, one);
          continue;
        }
        const w0 = v128.load_splat<T>(wt);
        for (let v = 0; v < nv; v++) v128.store(pRow + (<usize>v << 4), v128.mul<T>(v128.load(delta + (<usize>v << 4)), w0));
        for (let j = 1; j < b; j++) {
          const w = v128.load_splat<T>(zp + at<T>(wo + t * b + j));
          const dRow = delta + ROW * <usize>j;
          for (let v = 0; v < nv; v++) {
            const q = pRow + (<usize>v << 4);
            v128.store(q, madd<T>(v128.load(dRow + (<usize>v << 4)), w, v128.load(q)));
          }
        }
        for (let v = 0; v < nv; v++) {
          const h = v128.load(hr + (<usize>v << 4));
          const q = pRow + (<usize>v << 4);
          v128.store(q, v128.mul<T>(v128.load(q), v128.sub<T>(one, v128.mul<T>(h, h))));
        }
      }
      const swap = delta;
      delta = prev;
      prev = swap;
    }
    outRow = hRow;
    b = a;
  }
}

/**
 * pRow = (sum_j delta_j w_j) (1 - h^2) over the block for `count` (a constant, 1 to 4) errors:
 * delta_j the rows from delta, w_j = wt[j] broadcast, h the row at hr.
 */
@inline function propagate<T>(pRow: usize, hr: usize, delta: usize, wt: usize, count: i32, nv: i32, one: v128): void {
  const w0 = v128.load_splat<T>(wt);
  const w1 = count > 1 ? v128.load_splat<T>(wt + at<T>(1)) : w0;
  const w2 = count > 2 ? v128.load_splat<T>(wt + at<T>(2)) : w0;
  const w3 = count > 3 ? v128.load_splat<T>(wt + at<T>(3)) : w0;
  for (let v = 0; v < nv; v++) {
    const q = delta + (<usize>v << 4);
    let s = v128.mul<T>(v128.load(q), w0);
    if (count > 1) s = madd<T>(v128.load(q, ROW), w1, s);
    if (count > 2) s = madd<T>(v128.load(q, 2 * ROW), w2, s);
    if (count > 3) s = madd<T>(v128.load(q, 3 * ROW), w3, s);
    const h = v128.load(hr + (<usize>v << 4));
    v128.store(pRow + (<usize>v << 4), v128.mul<T>(s, v128.sub<T>(one, v128.mul<T>(h, h))));
  }
}

/** sum over the first nv vectors of a row, lane by lane (two accumulators). */
@inline function rowSum<T>(r: usize, nv: i32): v128 {
  let s0 = v128.splat<T>(0);
  let s1 = s0;
  let v = 0;
  for (; v + 2 <= nv; v += 2) {
    s0 = v128.add<T>(s0, v128.load(r + (<usize>v << 4)));
    s1 = v128.add<T>(s1, v128.load(r + (<usize>v << 4), 16));
  }
  if (v < nv) s0 = v128.add<T>(s0, v128.load(r + (<usize>v << 4)));
  return v128.add<T>(s0, s1);
}

/** sum over the first nv vectors of two rows' products, lane by lane (two accumulators). */
@inline function rowDot<T>(r: usize, s: usize, nv: i32): v128 {
  let s0 = v128.splat<T>(0);
  let s1 = s0;
  let v = 0;
  for (; v + 2 <= nv; v += 2) {
    const q = (<usize>v << 4);
    s0 = madd<T>(v128.load(r + q), v128.load(s + q), s0);
    s1 = madd<T>(v128.load(r + q, 16), v128.load(s + q, 16), s1);
  }
  if (v < nv) s0 = madd<T>(v128.load(r + (<usize>v << 4)), v128.load(s + (<usize>v << 4)), s0);
  return v128.add<T>(s0, s1);
}

/** *p += v (as T lanes). */
@inline function addTo<T>(p: usize, v: v128): void {
  v128.store(p, v128.add<T>(v128.load(p), v));
}

/** v with lane j set to s (j < lanes). */
@inline function replaceLane<T>(v: v128, j: i32, s: T): v128 {
  if (j == 0) return v128.replace_lane<T>(v, 0, s);
  if (j == 1) return v128.replace_lane<T>(v, 1, s);
  if (sizeof<T>() == 4) {
    if (j == 2) return v128.replace_lane<T>(v, 2, s);
    return v128.replace_lane<T>(v, 3, s);
  }
  return v;
}
