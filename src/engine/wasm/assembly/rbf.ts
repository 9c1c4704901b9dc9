/**
 * The squared-exponential (RBF) cross-kernel k[i,j] = s2 exp(-|a_i - b_j|^2 / (2 l^2)) for
 * a [p,d], b [q,d], and its backward pass. The lanes run over j: a block of b is transposed into
 * scratch ([t][j], zero-padded to whole vectors) so that coordinate t of consecutive b_j is one
 * vector load, while a_i's coordinates are broadcasts.
 */
import { SCRATCH, SCRATCH_BYTES } from './memory';
import { vexp } from './math';
import { accumulate64, at, hsum, lanes, loadPartial, storePartial } from './vec';

/** Columns of b per block: at most 512 (the block and its gradient then fit in L1 for d = 2), within scratch. */
function blockWidth<T>(d: i32): i32 {
  const V = lanes<T>();
  let w = (SCRATCH_BYTES / 2 - 1024) / (2 * max(d, 1) * <i32>sizeof<T>());
  w = min(512, w);
  return max(V, w - (w % V));
}

/** b rows [j0, j0+w) transposed into dst [d][wPad], zero beyond w. */
function packTransposed<T>(b: usize, d: i32, j0: i32, w: i32, wPad: i32, dst: usize): void {
  for (let t = 0; t < d; t++) {
    const row = dst + at<T>(t * wPad);
    for (let jj = 0; jj < wPad; jj++) store<T>(row + at<T>(jj), jj < w ? load<T>(b + at<T>((j0 + jj) * d + t)) : <T>0);
  }
}

/** |a_i - b_j|^2 for the V columns of the block starting at jj, summed over t in order like the JavaScript kernel. */
@inline function squaredDistance<T>(ai: usize, bt: usize, wPad: i32, jj: i32, d: i32): v128 {
  let r2 = v128.splat<T>(0);
  for (let t = 0; t < d; t++) {
    const diff = v128.sub<T>(v128.load_splat<T>(ai + at<T>(t)), v128.load(bt + at<T>(t * wPad + jj)));
    r2 = v128.add<T>(r2, v128.mul<T>(diff, diff));
  }
  return r2;
}

/** k [p,q] = s2 exp(c |a_i - b_j|^2), c = -1 / (2 l^2). */
export function rbf<T>(a: usize, b: usize, k: usize, p: i32, q: i32, d: i32, s2: f64, l: f64): void {
  if (p <= 0 || q <= 0) return;
  const V = lanes<T>();
  const c = v128.splat<T>(<T>(-0.5 / (l * l)));
  const s = v128.splat<T>(<T>s2);
  const bt = SCRATCH;
  const width = blockWidth<T>(d);
  for (let j0 = 0; j0 < q; j0 += width) {
    const w = min(width, q - j0);
    const wPad = (w + V - 1) & ~(V - 1);
    packTransposed<T>(b, d, j0, w, wPad, bt);
    for (let i = 0; i < p; i++) {
      const ai = a + at<T>(i * d);
      const ki = k + at<T>(i * q + j0);
      let jj = 0;
      for (; jj + V <= w; jj += V) {
        const r2 = squaredDistance<T>(ai, bt, wPad, jj, d);
        v128.store(ki + at<T>(jj), v128.mul<T>(s, vexp<T>(v128.mul<T>(c, r2))));
      }
      if (jj < w) {
        const r2 = squaredDistance<T>(ai, bt, wPad, jj, d);
        storePartial<T>(ki + at<T>(jj), v128.mul<T>(s, vexp<T>(v128.mul<T>(c, r2))), w - jj);
      }
    }
  }
}

/**
 * Gradients of sum(g ∘ k) for k = rbf(a, b): with h = g ∘ k,
 * dA_i = sum_j h_ij (b_j - a_i) / l^2, dB_j = sum_i h_ij (a_i - b_j) / l^2,
 * and into sums [2]: d log s2 = sum h, d log l = sum(h r2) / l^2.
 */
export function rbfBackward<T>(a: usize, b: usize, k: usize, g: usize, p: i32, q: i32, d: i32, l: f64, dA: usize, dB: usize, sums: usize): void {
  const V = lanes<T>();
  const il2: T = <T>(1 / (l * l));
  memory.fill(dA, 0, at<T>(max(p, 0) * max(d, 0)));
  memory.fill(dB, 0, at<T>(max(q, 0) * max(d, 0)));
  // The two scalar sums run over all p q entries: float64 accumulators for both types.
  let sumH = f64x2.splat(0);
  let sumHr2 = sumH;
  const width = blockWidth<T>(d);
  const bt = SCRATCH;
  const dbt = SCRATCH + at<T>(width * d);
  const accA = dbt + at<T>(width * d); // d vectors: the lanes of dA_i's partial sums
  for (let j0 = 0; j0 < q && p > 0; j0 += width) {
    const w = min(width, q - j0);
    const wPad = (w + V - 1) & ~(V - 1);
    packTransposed<T>(b, d, j0, w, wPad, bt);
    memory.fill(dbt, 0, at<T>(d * wPad));
    const wFull = w - (w % V);
    for (let i = 0; i < p; i++) {
      const ai = a + at<T>(i * d);
      const gi = g + at<T>(i * q + j0);
      const ki = k + at<T>(i * q + j0);
      if (d == 2) {
        // The notebooks' case: both coordinates and both partial sums of dA_i stay in registers.
        const a0 = v128.load_splat<T>(ai);
        const a1 = v128.load_splat<T>(ai + sizeof<T>());
        let acc0 = v128.splat<T>(0);
        let acc1 = acc0;
        for (let jj = 0; jj < w; jj += V) {
          const o = at<T>(jj);
          // Lanes past w get h = 0, so they add nothing.
          const h = jj < wFull ? v128.mul<T>(v128.load(gi + o), v128.load(ki + o)) : v128.mul<T>(loadPartial<T>(gi + o, w - jj, 0), loadPartial<T>(ki + o, w - jj, 0));
          const pb0 = dbt + o;
          const pb1 = dbt + at<T>(wPad + jj);
          const diff0 = v128.sub<T>(a0, v128.load(bt + o));
          const diff1 = v128.sub<T>(a1, v128.load(bt + at<T>(wPad + jj)));
          const r2 = v128.add<T>(v128.mul<T>(diff0, diff0), v128.mul<T>(diff1, diff1));
          const hd0 = v128.mul<T>(h, diff0);
          const hd1 = v128.mul<T>(h, diff1);
          acc0 = v128.sub<T>(acc0, hd0);
          acc1 = v128.sub<T>(acc1, hd1);
          v128.store(pb0, v128.add<T>(v128.load(pb0), hd0));
          v128.store(pb1, v128.add<T>(v128.load(pb1), hd1));
          sumH = accumulate64<T>(sumH, h);
          sumHr2 = accumulate64<T>(sumHr2, v128.mul<T>(h, r2));
        }
        const o = dA + at<T>(i * 2);
        store<T>(o, load<T>(o) + hsum<T>(acc0));
        store<T>(o + sizeof<T>(), load<T>(o + sizeof<T>()) + hsum<T>(acc1));
        continue;
      }
      memory.fill(accA, 0, <usize>d * 16);
      for (let jj = 0; jj < w; jj += V) {
        const o = at<T>(jj);
        const h = jj < wFull ? v128.mul<T>(v128.load(gi + o), v128.load(ki + o)) : v128.mul<T>(loadPartial<T>(gi + o, w - jj, 0), loadPartial<T>(ki + o, w - jj, 0));
        let r2 = v128.splat<T>(0);
        for (let t = 0; t < d; t++) {
          const diff = v128.sub<T>(v128.load_splat<T>(ai + at<T>(t)), v128.load(bt + at<T>(t * wPad + jj)));
          r2 = v128.add<T>(r2, v128.mul<T>(diff, diff));
          const hd = v128.mul<T>(h, diff);
          const pa = accA + (<usize>t << 4);
          v128.store(pa, v128.sub<T>(v128.load(pa), hd));
          const pb = dbt + at<T>(t * wPad + jj);
          v128.store(pb, v128.add<T>(v128.load(pb), hd));
        }
        sumH = accumulate64<T>(sumH, h);
        sumHr2 = accumulate64<T>(sumHr2, v128.mul<T>(h, r2));
      }
      for (let t = 0; t < d; t++) {
        const o = dA + at<T>(i * d + t);
        store<T>(o, load<T>(o) + hsum<T>(v128.load(accA + (<usize>t << 4))));
      }
    }
    for (let jj = 0; jj < w; jj++) {
      for (let t = 0; t < d; t++) store<T>(dB + at<T>((j0 + jj) * d + t), load<T>(dbt + at<T>(t * wPad + jj)));
    }
  }
  for (let t = 0; t < p * d; t++) store<T>(dA + at<T>(t), load<T>(dA + at<T>(t)) * il2);
  for (let t = 0; t < q * d; t++) store<T>(dB + at<T>(t), load<T>(dB + at<T>(t)) * il2);
  store<T>(sums, <T>hsum<f64>(sumH));
  store<T>(sums + sizeof<T>(), <T>(hsum<f64>(sumHr2) * (1 / (l * l))));
}
