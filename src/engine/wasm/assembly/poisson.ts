/**
 * The Poisson log-likelihood of a clipped log-linear rate with gathered coefficients (the
 * elasticity model's likelihood pass over its rows), and its backward. The semantics are those
 * of src/engine/ops/poissonLogLinear/cpu.ts; here the rate's exponential runs two (float64) or
 * four (float32) rows at a time, the coefficients being gathered lane by lane.
 */
import { vexp } from './math';
import { accumulate64, at, lanes } from './vec';

@inline function index(p: usize, r: i32): i32 {
  return load<i32>(p + ((<usize>r) << 2));
}

/** lin_r = slope[product_r] x_r + cellEffect[cell_r] + intercept[product_r] for row r (a valid row, or 0 past n). */
@inline function linear<T>(slope: usize, cellEffect: usize, intercept: usize, product: usize, cell: usize, x: usize, r: i32, n: i32): T {
  if (r >= n) return <T>0;
  const p = index(product, r);
  return load<T>(slope + at<T>(p)) * load<T>(x + at<T>(r)) + load<T>(cellEffect + at<T>(index(cell, r))) + load<T>(intercept + at<T>(p));
}

/** The lanes' rows r .. r + V - 1 of a row array (0 past n). */
@inline function rows<T>(a: usize, r: i32, n: i32): v128 {
  if (r + lanes<T>() <= n) return v128.load(a + at<T>(r));
  let v = v128.splat<T>(0);
  v = v128.replace_lane<T>(v, 0, r < n ? load<T>(a + at<T>(r)) : <T>0);
  v = v128.replace_lane<T>(v, 1, r + 1 < n ? load<T>(a + at<T>(r + 1)) : <T>0);
  if (sizeof<T>() == 4) {
    v = v128.replace_lane<T>(v, 2, r + 2 < n ? load<T>(a + at<T>(r + 2)) : <T>0);
    v = v128.replace_lane<T>(v, 3, r + 3 < n ? load<T>(a + at<T>(r + 3)) : <T>0);
  }
  return v;
}

/**
 * total [1] = sum_r w_r (u_r eta_r - e^eta_r) (accumulated in float64) and resid [n] =
 * w_r (u_r - e^eta_r) where lo <= lin_r <= hi, else 0, with eta_r = clip(lin_r, lo, hi).
 * Returns -1, or the first row whose product (of P) or cell (of M) index is out of range,
 * before anything is written.
 */
export function poissonLogLinear<T>(slope: usize, cellEffect: usize, intercept: usize, product: usize, cell: usize, x: usize, units: usize, weight: usize, resid: usize, total: usize, n: i32, P: i32, M: i32, lo: T, hi: T): i32 {
  for (let r = 0; r < n; r++) {
    if (<u32>index(product, r) >= <u32>P || <u32>index(cell, r) >= <u32>M) return r;
  }
  const V = lanes<T>();
  const vlo = v128.splat<T>(lo);
  const vhi = v128.splat<T>(hi);
  let acc = f64x2.splat(0);
  for (let r = 0; r < n; r += V) {
    let lin = v128.splat<T>(0);
    lin = v128.replace_lane<T>(lin, 0, linear<T>(slope, cellEffect, intercept, product, cell, x, r, n));
    lin = v128.replace_lane<T>(lin, 1, linear<T>(slope, cellEffect, intercept, product, cell, x, r + 1, n));
    if (sizeof<T>() == 4) {
      lin = v128.replace_lane<T>(lin, 2, linear<T>(slope, cellEffect, intercept, product, cell, x, r + 2, n));
      lin = v128.replace_lane<T>(lin, 3, linear<T>(slope, cellEffect, intercept, product, cell, x, r + 3, n));
    }
    // pmax/pmin keep a NaN in lin as NaN, as the comparisons of the TypeScript kernel do.
    const eta = v128.pmax<T>(v128.pmin<T>(lin, vhi), vlo);
    const e = vexp<T>(eta);
    const u = rows<T>(units, r, n);
    const w = rows<T>(weight, r, n); // 0 past n: those lanes add nothing
    acc = accumulate64<T>(acc, v128.mul<T>(w, v128.sub<T>(v128.mul<T>(u, eta), e)));
    const inside = v128.and(v128.ge<T>(lin, vlo), v128.le<T>(lin, vhi));
    const res = v128.and(v128.mul<T>(w, v128.sub<T>(u, e)), inside);
    store<T>(resid + at<T>(r), v128.extract_lane<T>(res, 0));
    if (r + 1 < n) store<T>(resid + at<T>(r + 1), v128.extract_lane<T>(res, 1));
    if (sizeof<T>() == 4) {
      if (r + 2 < n) store<T>(resid + at<T>(r + 2), v128.extract_lane<T>(res, 2));
      if (r + 3 < n) store<T>(resid + at<T>(r + 3), v128.extract_lane<T>(res, 3));
    }
  }
  store<T>(total, <T>(f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1)));
  return -1;
}

/**
 * dSlope [P], dCell [M], dIntercept [P] (zeroed here) = the scatter-add over rows of
 * rho_r x_r by product, rho_r by cell and rho_r by product, rho_r = g resid_r.
 */
export function poissonLogLinearBackward<T>(resid: usize, g: T, product: usize, cell: usize, x: usize, n: i32, P: i32, M: i32, dSlope: usize, dCell: usize, dIntercept: usize): void {
  memory.fill(dSlope, 0, at<T>(P));
  memory.fill(dIntercept, 0, at<T>(P));
  memory.fill(dCell, 0, at<T>(M));
  for (let r = 0; r < n; r++) {
    const rho = g * load<T>(resid + at<T>(r));
    if (rho == 0) continue;
    const p = at<T>(index(product, r));
    const c = dCell + at<T>(index(cell, r));
    store<T>(dSlope + p, load<T>(dSlope + p) + rho * load<T>(x + at<T>(r)));
    store<T>(dIntercept + p, load<T>(dIntercept + p) + rho);
    store<T>(c, load<T>(c) + rho);
  }
}
