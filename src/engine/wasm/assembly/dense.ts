/**
 * The fused dense layer out = act(x w + b) (act = identity or tanh) and its backward pass:
 * x [n,k], w [k,m], b [m], out [n,m], row-major. The lanes run over the m outputs of a row; a
 * row narrower than a vector (the notebook's output layer has m = 1) is done in scalars. Sums
 * run in the JavaScript kernel's order (bias first, then x[i,0] w[0,:], x[i,1] w[1,:], ...),
 * so the pre-activations agree to the last bit in float64.
 */
import { vone, vtanh } from './math';
import { at, lanes, loadPartial, storePartial } from './vec';

/** out = act(x w + b); tanh when tanh is true. */
export function dense<T>(x: usize, w: usize, b: usize, out: usize, n: i32, k: i32, m: i32, tanh: bool): void {
  if (n <= 0 || m <= 0) return;
  const V = lanes<T>();
  for (let i = 0; i < n; i++) {
    const xi = x + at<T>(i * k);
    const oi = out + at<T>(i * m);
    let j = 0;
    for (; j + V <= m; j += V) {
      let s = v128.load(b + at<T>(j));
      for (let t = 0; t < k; t++) s = v128.add<T>(s, v128.mul<T>(v128.load_splat<T>(xi + at<T>(t)), v128.load(w + at<T>(t * m + j))));
      v128.store(oi + at<T>(j), s);
    }
    for (; j < m; j++) {
      let s = load<T>(b + at<T>(j));
      for (let t = 0; t < k; t++) s += load<T>(xi + at<T>(t)) * load<T>(w + at<T>(t * m + j));
      store<T>(oi + at<T>(j), s);
    }
  }
  if (tanh) tanhInPlace<T>(out, n * m);
}

/** p[0, count) = tanh(p[0, count)). */
function tanhInPlace<T>(p: usize, count: i32): void {
  const V = lanes<T>();
  let q = 0;
  for (; q + V <= count; q += V) v128.store(p + at<T>(q), vtanh<T>(v128.load(p + at<T>(q))));
  if (q < count) storePartial<T>(p + at<T>(q), vtanh<T>(loadPartial<T>(p + at<T>(q), count - q, 0)), count - q);
}

/**
 * Gradients of sum(g ∘ out) for out = act(x w + b). With the pre-activation cotangent
 * d = g ∘ act'(out) (act' = 1 - out^2 for tanh): dw = x^T d [k,m], db = column sums of d [m],
 * and dx = d w^T [n,k] unless dx is 0 (x is data). d is never stored. Every sum runs in the
 * JavaScript kernel's order (rows in order for db and dw, columns in order for dx).
 */
export function denseBackward<T>(x: usize, w: usize, out: usize, g: usize, n: i32, k: i32, m: i32, tanh: bool, dx: usize, dw: usize, db: usize): void {
  const V = lanes<T>();
  memory.fill(dw, 0, at<T>(max(k, 0) * max(m, 0)));
  memory.fill(db, 0, at<T>(max(m, 0)));
  if (dx != 0) memory.fill(dx, 0, at<T>(max(n, 0) * max(k, 0)));
  if (n <= 0 || m <= 0) return;
  const one = vone<T>();
  for (let i = 0; i < n; i++) {
    const xi = x + at<T>(i * k);
    const row = at<T>(i * m);
    let j = 0;
    for (; j + V <= m; j += V) {
      let d = v128.load(g + row + at<T>(j));
      if (tanh) {
        const o = v128.load(out + row + at<T>(j));
        d = v128.mul<T>(d, v128.sub<T>(one, v128.mul<T>(o, o)));
      }
      v128.store(db + at<T>(j), v128.add<T>(v128.load(db + at<T>(j)), d));
      for (let t = 0; t < k; t++) {
        const pw = dw + at<T>(t * m + j);
        v128.store(pw, v128.add<T>(v128.load(pw), v128.mul<T>(v128.load_splat<T>(xi + at<T>(t)), d)));
      }
      if (dx != 0) {
        for (let t = 0; t < k; t++) {
          const prod = v128.mul<T>(d, v128.load(w + at<T>(t * m + j)));
          const px = dx + at<T>(i * k + t);
          // Add the lanes one at a time, in column order, like the JavaScript kernel's sum over j.
          let s = load<T>(px) + v128.extract_lane<T>(prod, 0);
          s += v128.extract_lane<T>(prod, 1);
          if (sizeof<T>() == 4) {
            s += v128.extract_lane<T>(prod, 2);
            s += v128.extract_lane<T>(prod, 3);
          }
          store<T>(px, s);
        }
      }
    }
    if (dx != 0) {
      // dx for the columns past the last whole vector, after the vector part: the column order holds.
      for (let jt = j; jt < m; jt++) {
        const d = cotangent<T>(g, out, row + at<T>(jt), tanh);
        for (let t = 0; t < k; t++) {
          const px = dx + at<T>(i * k + t);
          store<T>(px, load<T>(px) + d * load<T>(w + at<T>(t * m + jt)));
        }
      }
    }
  }
  // db and dw for the columns past the last whole vector (all of them when m is narrower than a
  // vector, as in the output layer): one column at a time with the sums over rows in registers,
  // d recomputed for each (cheaper than a store-to-load chain through memory per row).
  for (let j = m - (m % V); j < m; j++) {
    let s: T = 0;
    for (let i = 0; i < n; i++) s += cotangent<T>(g, out, at<T>(i * m + j), tanh);
    store<T>(db + at<T>(j), s);
    for (let t = 0; t < k; t++) {
      let a: T = 0;
      for (let i = 0; i < n; i++) a += load<T>(x + at<T>(i * k + t)) * cotangent<T>(g, out, at<T>(i * m + j), tanh);
      store<T>(dw + at<T>(t * m + j), a);
    }
  }
}

/** d = g act'(out) at byte offset o: g, or g (1 - out^2) for tanh. */
@inline function cotangent<T>(g: usize, out: usize, o: usize, tanh: bool): T {
  const gv = load<T>(g + o);
  if (!tanh) return gv;
  const ov = load<T>(out + o);
  return gv * (<T>1 - ov * ov);
}
