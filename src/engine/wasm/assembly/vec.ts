/**
 * Lane-generic helpers: every kernel is written once for T = f64 (two lanes per v128) and
 * T = f32 (four lanes); `sizeof<T>()` is a compile-time constant, so the untaken branches vanish.
 */

/** Lanes per 128-bit vector. */
@inline export function lanes<T>(): i32 {
  return <i32>(16 / sizeof<T>());
}

/** Byte offset of element `i`. */
@inline export function at<T>(i: i32): usize {
  return (<usize>i) * sizeof<T>();
}

/** Sum of the lanes (pairwise for four lanes). */
@inline export function hsum<T>(v: v128): T {
  if (sizeof<T>() == 8) return v128.extract_lane<T>(v, 0) + v128.extract_lane<T>(v, 1);
  return v128.extract_lane<T>(v, 0) + v128.extract_lane<T>(v, 1) + (v128.extract_lane<T>(v, 2) + v128.extract_lane<T>(v, 3));
}

/** a * b + c, rounded twice (no fused multiply-add, so results match the JavaScript kernels' order). */
@inline export function madd<T>(a: v128, b: v128, c: v128): v128 {
  return v128.add<T>(v128.mul<T>(a, b), c);
}

/** Stores the first `count` lanes of v at p (count < lanes). */
@inline export function storePartial<T>(p: usize, v: v128, count: i32): void {
  store<T>(p, v128.extract_lane<T>(v, 0));
  if (count > 1) store<T>(p + sizeof<T>(), v128.extract_lane<T>(v, 1));
  if (sizeof<T>() == 4) {
    if (count > 2) store<T>(p + 2 * sizeof<T>(), v128.extract_lane<T>(v, 2));
  }
}

/** Loads `count` elements (count < lanes) from p into the low lanes; the rest are `fill`. */
@inline export function loadPartial<T>(p: usize, count: i32, fill: T): v128 {
  let v = v128.splat<T>(fill);
  v = v128.replace_lane<T>(v, 0, load<T>(p));
  if (count > 1) v = v128.replace_lane<T>(v, 1, load<T>(p + sizeof<T>()));
  if (sizeof<T>() == 4) {
    if (count > 2) v = v128.replace_lane<T>(v, 2, load<T>(p + 2 * sizeof<T>()));
  }
  return v;
}

/** acc (two float64 lanes) plus the lanes of v, widened from float32 where T is f32. */
@inline export function accumulate64<T>(acc: v128, v: v128): v128 {
  if (sizeof<T>() == 8) return f64x2.add(acc, v);
  const low = f64x2.promote_low_f32x4(v);
  const high = f64x2.promote_low_f32x4(v128.shuffle<i64>(v, v, 1, 0));
  return f64x2.add(acc, f64x2.add(low, high));
}
