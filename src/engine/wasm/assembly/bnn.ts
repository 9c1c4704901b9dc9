/**
 * The Bayesian network's log-likelihood and its gradient for K weight vectors in one pass over
 * the data: an MLP with tanh hidden layers and one logit output, Bernoulli labels. The points go
 * through the network V at a time, one per vector lane (two in float64, four in float32), the
 * weights broadcast; activations, back-propagated errors and the gradient's partial sums live in
 * scratch (a few hundred bytes for the notebook's 2-4-3-1 network), and the lanes are summed at
 * the end. Weights z [K,D] per layer l: w [d_{l-1}, d_l] row-major, then b [d_l].
 */
import { SCRATCH } from './memory';
import { bernoulliVector } from './elementwise';
import { vone, vsigmoid, vtanh } from './math';
import { at, hsum, lanes, madd } from './vec';

/**
 * terms[3 p] = sum_i y_i l_i - softplus(l_i) for weights z_p, and, unless dz is 0, its gradient
 * with respect to z_p into dz[3 p D .. 3 p D + D). widths: i32 [layers + 1].
 */
export function bnnLogLikelihood<T>(z: usize, x: usize, y: usize, n: i32, widths: usize, layers: i32, k: i32, terms: usize, dz: usize): void {
  const V = lanes<T>();
  const d0 = load<i32>(widths);
  let d = 0;
  let acts = 0;
  let widest = 0;
  for (let l = 0; l <= layers; l++) {
    const b = load<i32>(widths + 4 * l);
    acts += b;
    widest = max(widest, b);
    if (l > 0) d += load<i32>(widths + 4 * (l - 1)) * b + b;
  }
  // Scratch: activations of every layer (acts vectors), two error buffers (widest each), the gradient's partial sums (d vectors).
  const act = SCRATCH;
  const deltaA = act + 16 * <usize>acts;
  const deltaB = deltaA + 16 * <usize>widest;
  const acc = deltaB + 16 * <usize>widest;
  const zero = v128.splat<T>(0);
  const one = vone<T>();
  for (let p = 0; p < k; p++) {
    const zp = z + at<T>(p * d);
    if (dz != 0) for (let i = 0; i < d; i++) v128.store(acc + 16 * <usize>i, zero);
    let ll = zero;
    for (let i0 = 0; i0 < n; i0 += V) {
      const count = min(V, n - i0);
      // Layer 0: the points' inputs, one point per lane (spare lanes hold 0 and are masked out).
      for (let t = 0; t < d0; t++) {
        let v = zero;
        for (let j = 0; j < count; j++) v = replaceLane<T>(v, j, load<T>(x + at<T>((i0 + j) * d0 + t)));
        v128.store(act + 16 * <usize>t, v);
      }
      let yv = zero;
      let mask = zero;
      for (let j = 0; j < count; j++) {
        yv = replaceLane<T>(yv, j, load<T>(y + at<T>(i0 + j)));
        mask = replaceLane<T>(mask, j, <T>1);
      }
      // Forward.
      let o = 0; // offset of layer l's parameters in z_p
      let inAct = act; // activations of layer l - 1
      let a = d0;
      for (let l = 1; l <= layers; l++) {
        const b = load<i32>(widths + 4 * l);
        const outAct = inAct + 16 * <usize>a;
        for (let j = 0; j < b; j++) {
          let s = v128.load_splat<T>(zp + at<T>(o + a * b + j));
          for (let t = 0; t < a; t++) s = madd<T>(v128.load(inAct + 16 * <usize>t), v128.load_splat<T>(zp + at<T>(o + t * b + j)), s);
          if (l < layers) s = vtanh<T>(s);
          v128.store(outAct + 16 * <usize>j, s);
        }
        o += a * b + b;
        inAct = outAct;
        a = b;
      }
      const logit = v128.load(inAct);
      ll = v128.add<T>(ll, v128.mul<T>(mask, bernoulliVector<T>(logit, yv)));
      if (dz == 0) continue;
      // Backward: delta = d ll / d pre-activation, from the logit's y - sigmoid(l).
      let delta = deltaA;
      let prev = deltaB;
      v128.store(delta, v128.mul<T>(mask, v128.sub<T>(yv, vsigmoid<T>(logit))));
      let wo = d;
      let outAct = inAct;
      let b = 1;
      for (let l = layers; l >= 1; l--) {
        a = load<i32>(widths + 4 * (l - 1));
        wo -= a * b + b;
        const hAct = outAct - 16 * <usize>a;
        for (let j = 0; j < b; j++) {
          const dj = v128.load(delta + 16 * <usize>j);
          const pb = acc + 16 * <usize>(wo + a * b + j);
          v128.store(pb, v128.add<T>(v128.load(pb), dj));
          for (let t = 0; t < a; t++) {
            const pw = acc + 16 * <usize>(wo + t * b + j);
            v128.store(pw, madd<T>(v128.load(hAct + 16 * <usize>t), dj, v128.load(pw)));
          }
        }
        if (l > 1) {
          for (let t = 0; t < a; t++) {
            let s = zero;
            for (let j = 0; j < b; j++) s = madd<T>(v128.load(delta + 16 * <usize>j), v128.load_splat<T>(zp + at<T>(wo + t * b + j)), s);
            const h = v128.load(hAct + 16 * <usize>t);
            v128.store(prev + 16 * <usize>t, v128.mul<T>(s, v128.sub<T>(one, v128.mul<T>(h, h))));
          }
          const swap = delta;
          delta = prev;
          prev = swap;
        }
        outAct = hAct;
        b = a;
      }
    }
    store<T>(terms + at<T>(3 * p), hsum<T>(ll));
    if (dz != 0) {
      const g = dz + at<T>(3 * p * d);
      for (let i = 0; i < d; i++) store<T>(g + at<T>(i), hsum<T>(v128.load(acc + 16 * <usize>i)));
    }
  }
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
