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
 * interleaves four vectors' evaluations, vtanhInPlace; in float64 the Bernoulli output term
 * interleaves two, bernoulliPair64). Each pre-activation is summed in the
 * order of the TypeScript kernel (bias, then inputs in order, two inputs per pass); the gradient's
 * sums are split over lanes and two accumulators, and added up at the end. NB = 32 measured as
 * fast as 64 and 128 and faster than 16 at the notebook's sizes.
 */
import { SCRATCH } from './memory';
import { bernoulliFromExp, bernoulliVector } from './elementwise';
import { expArg64, expFinish64, expK64, expQ64, expR64, log1pF64, log1pFinish64, log1pHu64, log1pMaskC64, log1pS64, log1pUnitC64, log1pUnitDk64, log1pW64, vexp, vone, vtanhInPlace } from './math';
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
        if (sizeof<T>() == 8) for (; v + 2 <= nv; v += 2) ll1 = v128.add<T>(ll1, bernoulliPair64(inRow, yRow, maskRow, <usize>v << 4, 0));
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
      let v = 0;
      if (sizeof<T>() == 8) for (; v + 2 <= nv; v += 2) ll1 = v128.add<T>(ll1, bernoulliPair64(inRow, yRow, maskRow, <usize>v << 4, deltaA));
      for (; v < nv; v++) {
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

// The Bernoulli term of two float64 vectors at a time, their evaluations interleaved stage by
// stage (as tanh64Quad; two measured faster than four with the gradient, where more values stay
// live, and within noise without): e = e^-|l|, w = 1 + e, the log-mass
// y l - max(l, 0) - log1p(e), and with the gradient the error y - sigmoid(l), sigmoid(l) = (1 or e) / w.
// With the gradient one reciprocal 1 / w serves the sigmoid and log1p's correction term c / w
// (three divisions per vector become two). c / w is below an ulp of log1p, so the log-mass moves by
// an ulp at most; the sigmoid is rounded twice instead of once.

/** e^-|l|. */
@inline function expNegAbs64(l: v128): v128 {
  return expArg64(f64x2.neg(f64x2.abs(l)));
}

/**
 * sum over the two vectors from byte q of the rows of m (y l - max(l, 0) - log1p(e^-|l|)), l the
 * logits, y the labels, m the mask; and, when delta is not 0, m (y - sigmoid(l)) into delta.
 */
@inline function bernoulliPair64(lRow: usize, yRow: usize, mRow: usize, q: usize, delta: usize): v128 {
  const l0 = v128.load(lRow + q);
  const l1 = v128.load(lRow + q, 16);
  const x0 = expNegAbs64(l0);
  const x1 = expNegAbs64(l1);
  const k0 = expK64(x0);
  const k1 = expK64(x1);
  const r0 = expR64(x0, k0);
  const r1 = expR64(x1, k1);
  const rr0 = f64x2.mul(r0, r0);
  const rr1 = f64x2.mul(r1, r1);
  const e0 = expFinish64(r0, rr0, expQ64(r0, rr0), k0);
  const e1 = expFinish64(r1, rr1, expQ64(r1, rr1), k1);
  const w0 = log1pW64(e0);
  const w1 = log1pW64(e1);
  const one = vone<f64>();
  const i0 = delta != 0 ? f64x2.div(one, w0) : one;
  const i1 = delta != 0 ? f64x2.div(one, w1) : one;
  const h0 = log1pHu64(w0);
  const h1 = log1pHu64(w1);
  const f0 = log1pF64(e0, h0);
  const f1 = log1pF64(e1, h1);
  const s0 = log1pS64(f0);
  const s1 = log1pS64(f1);
  const c0 = log1pMaskC64(e0, delta != 0 ? f64x2.mul(log1pUnitC64(e0, w0), i0) : f64x2.div(log1pUnitC64(e0, w0), w0));
  const c1 = log1pMaskC64(e1, delta != 0 ? f64x2.mul(log1pUnitC64(e1, w1), i1) : f64x2.div(log1pUnitC64(e1, w1), w1));
  const p0 = log1pFinish64(f0, s0, c0, log1pUnitDk64(e0));
  const p1 = log1pFinish64(f1, s1, c1, log1pUnitDk64(e1));
  const y0 = v128.load(yRow + q);
  const y1 = v128.load(yRow + q, 16);
  const m0 = v128.load(mRow + q);
  const m1 = v128.load(mRow + q, 16);
  const t0 = f64x2.mul(m0, f64x2.sub(bernoulliLinear64(l0, y0, one), p0));
  const t1 = f64x2.mul(m1, f64x2.sub(bernoulliLinear64(l1, y1, one), p1));
  if (delta != 0) {
    v128.store(delta + q, f64x2.mul(m0, f64x2.sub(y0, sigmoidFrom64(l0, e0, i0, one))));
    v128.store(delta + q, f64x2.mul(m1, f64x2.sub(y1, sigmoidFrom64(l1, e1, i1, one))), 16);
  }
  return f64x2.add(t0, t1);
}

/** y l - max(l, 0) as bernoulliFromExp takes it: y l for l > 0, -(1 - y) l otherwise. */
@inline function bernoulliLinear64(l: v128, y: v128, one: v128): v128 {
  return v128.bitselect(f64x2.mul(f64x2.neg(f64x2.sub(one, y)), l), f64x2.mul(y, l), f64x2.gt(l, f64x2.splat(0)));
}

/** sigmoid(l) = 1 / w for l >= 0, e / w below, given e = e^-|l| and i = 1 / w, w = 1 + e. */
@inline function sigmoidFrom64(l: v128, e: v128, i: v128, one: v128): v128 {
  return f64x2.mul(v128.bitselect(one, e, f64x2.ge(l, f64x2.splat(0))), i);
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
    const stride = at<T>(d0);
    for (let t = 0; t < d0; t++) v128.store(act + ROW * <usize>t + (<usize>v << 4), gatherLanes<T>(x + at<T>(first * d0 + t), stride));
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
      // Up to four inputs: the bias's and the weights' sums in one pass over the block.
      if (a <= 4) {
        if (a == 1) gradientSums<T>(acc, wo, b, j, hRow, dRow, 1, nv);
        else if (a == 2) gradientSums<T>(acc, wo, b, j, hRow, dRow, 2, nv);
        else if (a == 3) gradientSums<T>(acc, wo, b, j, hRow, dRow, 3, nv);
        else gradientSums<T>(acc, wo, b, j, hRow, dRow, 4, nv);
        continue;
      }
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

/**
 * Unit j's gradient sums over the block for a layer of `a` (a constant, 1 to 4) inputs and b
 * units whose weights start at wo: the bias's, sum of delta_j, and input t's weight's, sum of
 * h_t delta_j, added to acc; delta_j the row dRow, h_t the rows from hRow. One pass, a + 1
 * independent sums (one accumulator each, lane by lane).
 */
@inline function gradientSums<T>(acc: usize, wo: i32, b: i32, j: i32, hRow: usize, dRow: usize, a: i32, nv: i32): void {
  let s = v128.splat<T>(0);
  let s0 = s;
  let s1 = s;
  let s2 = s;
  let s3 = s;
  for (let v = 0; v < nv; v++) {
    const q = <usize>v << 4;
    const dv = v128.load(dRow + q);
    s = v128.add<T>(s, dv);
    s0 = madd<T>(v128.load(hRow + q), dv, s0);
    if (a > 1) s1 = madd<T>(v128.load(hRow + q, ROW), dv, s1);
    if (a > 2) s2 = madd<T>(v128.load(hRow + q, 2 * ROW), dv, s2);
    if (a > 3) s3 = madd<T>(v128.load(hRow + q, 3 * ROW), dv, s3);
  }
  addTo<T>(acc + (<usize>(wo + a * b + j) << 4), s);
  addTo<T>(acc + (<usize>(wo + j) << 4), s0);
  if (a > 1) addTo<T>(acc + (<usize>(wo + b + j) << 4), s1);
  if (a > 2) addTo<T>(acc + (<usize>(wo + 2 * b + j) << 4), s2);
  if (a > 3) addTo<T>(acc + (<usize>(wo + 3 * b + j) << 4), s3);
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

/** The vector of the elements at p, p + stride, ... (one per lane): a load into lane 0, one load into each other lane. */
@inline function gatherLanes<T>(p: usize, stride: usize): v128 {
  if (sizeof<T>() == 8) return v128.load64_lane(p + stride, v128.load64_zero(p), 1);
  let r = v128.load32_zero(p);
  r = v128.load32_lane(p + stride, r, 1);
  r = v128.load32_lane(p + 2 * stride, r, 2);
  return v128.load32_lane(p + 3 * stride, r, 3);
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
