/**
 * exp, tanh, sigmoid, log1p and softplus on whole vectors (two f64 or four f32 lanes), with no
 * branch and no table: WebAssembly SIMD has no gather, and the kernels call these in their
 * innermost loops. Accuracy in float64 (math.test.ts): exp and log1p within 1 ulp of Math.exp
 * and Math.log1p, tanh within 4 ulp of Math.tanh (both about 2 ulp from the exact value);
 * float32 within 3 ulp of the correctly rounded value.
 *
 * exp (Cody & Waite 1980 reduction): x = k ln2 + r with k = round(x / ln2), |r| <= ln2/2;
 * ln2 is split into a head with trailing zero bits (k * head is exact, and x - k * head is exact
 * by Sterbenz's lemma) and a tail. e^r comes from its Taylor polynomial, degree 13 in float64
 * (truncation below 5e-18 relative) and 7 in float32, evaluated mostly by Estrin's scheme so
 * that its operations overlap. 2^k is built in the exponent bits: k is read from the low bits of
 * x log2(e) + 1.5 * 2^52 (the float64 whose unit in the last place is 1), and applied as
 * 2^floor(k/2) 2^(k - floor(k/2)) so that neither factor leaves the normal range while the
 * result can still underflow gradually or overflow to infinity.
 *
 * tanh(x) = -m / (2 + m), m = e^(-2|x|) - 1, sign restored, like the JavaScript kernels. With
 * -2|x| = k ln2 + r, the numerator and denominator are formed as (1 - 2^k) - 2^k (e^r - 1) and
 * (1 + 2^k) + 2^k (e^r - 1): 1 -+ 2^k is exact for the k that occur, e^r - 1 keeps full relative
 * accuracy near 0, and each is rounded once (rather than rounding m and carrying its error twice).
 *
 * log1p(u) for u >= 0 follows musl's log1p (FreeBSD msun; Sun Microsystems 1993): w = 1 + u,
 * c = the rounding error of that sum divided by w, w = 2^k (1 + f) with 1 + f in
 * [sqrt(2)/2, sqrt(2)), and log(1 + f) = f - f^2/2 + s (f^2/2 + R(s^2)), s = f / (2 + f), with
 * musl's minimax coefficients. For u below sqrt(2) - 1, f = u directly.
 */

// ---------------------------------------------------------------- float64

const F64_SHIFT: f64 = 6755399441055744.0; // 1.5 * 2^52
const F64_SHIFT_BITS: i64 = 0x4338000000000000;
const F64_LOG2E: f64 = 1.4426950408889634;
const F64_LN2_HI: f64 = reinterpret<f64>(0x3fe62e42fee00000); // 6.93147180369123816490e-01
const F64_LN2_LO: f64 = reinterpret<f64>(0x3dea39ef35793c76); // 1.90821492927058770002e-10

/**
 * e^r for |r| <= ln2/2 + a little: Taylor to degree 13, as 1 + (r + r^2 Q(r)) with Q by Estrin's
 * scheme, so that the rounding errors of Q are scaled down by r^2 and the sum costs two roundings.
 */
@inline function expPoly64(r: v128): v128 {
  const r2 = f64x2.mul(r, r);
  const r4 = f64x2.mul(r2, r2);
  const r8 = f64x2.mul(r4, r4);
  const p23 = f64x2.add(f64x2.splat(0.5), f64x2.mul(r, f64x2.splat(0.16666666666666666)));
  const p45 = f64x2.add(f64x2.splat(0.041666666666666664), f64x2.mul(r, f64x2.splat(0.008333333333333333)));
  const p67 = f64x2.add(f64x2.splat(0.001388888888888889), f64x2.mul(r, f64x2.splat(0.0001984126984126984)));
  const p89 = f64x2.add(f64x2.splat(0.0000248015873015873), f64x2.mul(r, f64x2.splat(0.0000027557319223985893)));
  const pab = f64x2.add(f64x2.splat(2.755731922398589e-7), f64x2.mul(r, f64x2.splat(2.505210838544172e-8)));
  const pcd = f64x2.add(f64x2.splat(2.08767569878681e-9), f64x2.mul(r, f64x2.splat(1.6059043836821613e-10)));
  const q0 = f64x2.add(p23, f64x2.mul(p45, r2));
  const q1 = f64x2.add(p67, f64x2.mul(p89, r2));
  const q2 = f64x2.add(pab, f64x2.mul(pcd, r2));
  const q = f64x2.add(f64x2.add(q0, f64x2.mul(q1, r4)), f64x2.mul(q2, r8));
  return f64x2.add(f64x2.splat(1.0), f64x2.add(r, f64x2.mul(r2, q)));
}

/** (e^r - 1) / r for |r| <= ln2/2 + a little: Taylor to degree 12 (so e^r - 1 to degree 13). */
@inline function expm1OverR64(r: v128): v128 {
  const r2 = f64x2.mul(r, r);
  const r4 = f64x2.mul(r2, r2);
  const r8 = f64x2.mul(r4, r4);
  const p01 = f64x2.add(f64x2.splat(1.0), f64x2.mul(r, f64x2.splat(0.5)));
  const p23 = f64x2.add(f64x2.splat(0.16666666666666666), f64x2.mul(r, f64x2.splat(0.041666666666666664)));
  const p45 = f64x2.add(f64x2.splat(0.008333333333333333), f64x2.mul(r, f64x2.splat(0.001388888888888889)));
  const p67 = f64x2.add(f64x2.splat(0.0001984126984126984), f64x2.mul(r, f64x2.splat(0.0000248015873015873)));
  const p89 = f64x2.add(f64x2.splat(0.0000027557319223985893), f64x2.mul(r, f64x2.splat(2.755731922398589e-7)));
  const pab = f64x2.add(f64x2.splat(2.505210838544172e-8), f64x2.mul(r, f64x2.splat(2.08767569878681e-9)));
  const q0 = f64x2.add(p01, f64x2.mul(p23, r2));
  const q1 = f64x2.add(p45, f64x2.mul(p67, r2));
  const q2 = f64x2.add(p89, f64x2.mul(pab, r2));
  const s0 = f64x2.add(q0, f64x2.mul(q1, r4));
  const s1 = f64x2.add(q2, f64x2.mul(f64x2.splat(1.6059043836821613e-10), r4));
  return f64x2.add(s0, f64x2.mul(s1, r8));
}

@inline function exp64(x: v128): v128 {
  // Clamp (min/max pass NaN through): beyond these bounds the result is 0 or infinity anyway.
  x = f64x2.max(f64x2.min(x, f64x2.splat(710.0)), f64x2.splat(-746.0));
  const t = f64x2.add(f64x2.mul(x, f64x2.splat(F64_LOG2E)), f64x2.splat(F64_SHIFT));
  const kf = f64x2.sub(t, f64x2.splat(F64_SHIFT));
  const r = f64x2.sub(f64x2.sub(x, f64x2.mul(kf, f64x2.splat(F64_LN2_HI))), f64x2.mul(kf, f64x2.splat(F64_LN2_LO)));
  const k = i64x2.sub(t, i64x2.splat(F64_SHIFT_BITS));
  const k1 = i64x2.shr_s(k, 1);
  const k2 = i64x2.sub(k, k1);
  const s1 = i64x2.shl(i64x2.add(k1, i64x2.splat(1023)), 52);
  const s2 = i64x2.shl(i64x2.add(k2, i64x2.splat(1023)), 52);
  return f64x2.mul(f64x2.mul(expPoly64(r), s1), s2);
}

@inline function tanh64(x: v128): v128 {
  const sign = v128.and(x, i64x2.splat(0x8000000000000000));
  const a = f64x2.min(f64x2.abs(x), f64x2.splat(20.0));
  const y = f64x2.mul(a, f64x2.splat(-2.0)); // in [-40, 0], so 2^k below is normal
  const t = f64x2.add(f64x2.mul(y, f64x2.splat(F64_LOG2E)), f64x2.splat(F64_SHIFT));
  const kf = f64x2.sub(t, f64x2.splat(F64_SHIFT));
  const r = f64x2.sub(f64x2.sub(y, f64x2.mul(kf, f64x2.splat(F64_LN2_HI))), f64x2.mul(kf, f64x2.splat(F64_LN2_LO)));
  const k = i64x2.sub(t, i64x2.splat(F64_SHIFT_BITS));
  const s = i64x2.shl(i64x2.add(k, i64x2.splat(1023)), 52);
  const spm1 = f64x2.mul(s, f64x2.mul(r, expm1OverR64(r)));
  // -m = (1 - 2^k) - 2^k (e^r - 1) and 2 + m = (1 + 2^k) + 2^k (e^r - 1), each rounded once.
  const num = f64x2.sub(f64x2.sub(f64x2.splat(1.0), s), spm1);
  const den = f64x2.add(f64x2.add(f64x2.splat(1.0), s), spm1);
  const th = f64x2.div(num, den);
  return v128.or(th, sign); // th >= 0 (or NaN)
}

@inline function log1p64(u: v128): v128 {
  const small = f64x2.lt(u, f64x2.splat(0.41421356237309503));
  const w = f64x2.add(f64x2.splat(1.0), u);
  const hu = i64x2.add(w, i64x2.splat(0x0009_5f62_0000_0000)); // + (0x3ff00000 - 0x3fe6a09e) << 32
  const k = i64x2.sub(i64x2.shr_u(hu, 52), i64x2.splat(0x3ff));
  const big = i64x2.gt_s(k, i64x2.splat(1));
  const cBig = f64x2.sub(f64x2.splat(1.0), f64x2.sub(w, u));
  const cSmall = f64x2.sub(u, f64x2.sub(w, f64x2.splat(1.0)));
  let c = f64x2.div(v128.bitselect(cBig, cSmall, big), w);
  let f = f64x2.sub(v128.add<i64>(v128.and(hu, i64x2.splat(0x000fffffffffffff)), i64x2.splat(0x3fe6a09e00000000)), f64x2.splat(1.0));
  // k as a float64: add it to the bits of 1.5 * 2^52 and subtract that number.
  let dk = f64x2.sub(i64x2.add(k, i64x2.splat(F64_SHIFT_BITS)), f64x2.splat(F64_SHIFT));
  f = v128.bitselect(u, f, small);
  c = v128.andnot(c, small);
  dk = v128.andnot(dk, small);
  const hfsq = f64x2.mul(f64x2.splat(0.5), f64x2.mul(f, f));
  const s = f64x2.div(f, f64x2.add(f64x2.splat(2.0), f));
  const z = f64x2.mul(s, s);
  const w2 = f64x2.mul(z, z);
  const t1 = f64x2.mul(
    w2,
    f64x2.add(
      f64x2.splat(reinterpret<f64>(0x3fd999999997fa04)),
      f64x2.mul(w2, f64x2.add(f64x2.splat(reinterpret<f64>(0x3fcc71c51d8e78af)), f64x2.mul(w2, f64x2.splat(reinterpret<f64>(0x3fc39a09d078c69f))))),
    ),
  );
  const t2 = f64x2.mul(
    z,
    f64x2.add(
      f64x2.splat(reinterpret<f64>(0x3fe5555555555593)),
      f64x2.mul(
        w2,
        f64x2.add(
          f64x2.splat(reinterpret<f64>(0x3fd2492494229359)),
          f64x2.mul(w2, f64x2.add(f64x2.splat(reinterpret<f64>(0x3fc7466496cb03de)), f64x2.mul(w2, f64x2.splat(reinterpret<f64>(0x3fc2f112df3e5244))))),
        ),
      ),
    ),
  );
  const rr = f64x2.add(t2, t1);
  // s (hfsq + R) + (k ln2_lo + c) - hfsq + f + k ln2_hi, in musl's order
  let out = f64x2.mul(s, f64x2.add(hfsq, rr));
  out = f64x2.add(out, f64x2.add(f64x2.mul(dk, f64x2.splat(F64_LN2_LO)), c));
  out = f64x2.sub(out, hfsq);
  out = f64x2.add(out, f);
  return f64x2.add(out, f64x2.mul(dk, f64x2.splat(F64_LN2_HI)));
}

// ---------------------------------------------------------------- float32

const F32_SHIFT: f32 = 12582912.0; // 1.5 * 2^23
const F32_SHIFT_BITS: i32 = 0x4b400000;
const F32_LOG2E: f32 = 1.4426950408889634;
const F32_LN2_HI: f32 = reinterpret<f32>(0x3f317200); // 6.9314575195e-01
const F32_LN2_LO: f32 = reinterpret<f32>(0x35bfbe8e); // 1.4286067653e-06

@inline function expPoly32(r: v128): v128 {
  const r2 = f32x4.mul(r, r);
  const r4 = f32x4.mul(r2, r2);
  const p23 = f32x4.add(f32x4.splat(0.5), f32x4.mul(r, f32x4.splat(0.16666666666666666)));
  const p45 = f32x4.add(f32x4.splat(0.041666666666666664), f32x4.mul(r, f32x4.splat(0.008333333333333333)));
  const p67 = f32x4.add(f32x4.splat(0.001388888888888889), f32x4.mul(r, f32x4.splat(0.0001984126984126984)));
  const q = f32x4.add(f32x4.add(p23, f32x4.mul(p45, r2)), f32x4.mul(p67, r4));
  return f32x4.add(f32x4.splat(1.0), f32x4.add(r, f32x4.mul(r2, q)));
}

@inline function expm1OverR32(r: v128): v128 {
  const r2 = f32x4.mul(r, r);
  const r4 = f32x4.mul(r2, r2);
  const p01 = f32x4.add(f32x4.splat(1.0), f32x4.mul(r, f32x4.splat(0.5)));
  const p23 = f32x4.add(f32x4.splat(0.16666666666666666), f32x4.mul(r, f32x4.splat(0.041666666666666664)));
  const p45 = f32x4.add(f32x4.splat(0.008333333333333333), f32x4.mul(r, f32x4.splat(0.001388888888888889)));
  const q0 = f32x4.add(p01, f32x4.mul(p23, r2));
  const q1 = f32x4.add(p45, f32x4.mul(f32x4.splat(0.0001984126984126984), r2));
  return f32x4.add(q0, f32x4.mul(q1, r4));
}

@inline function exp32(x: v128): v128 {
  x = f32x4.max(f32x4.min(x, f32x4.splat(89.0)), f32x4.splat(-104.0));
  const t = f32x4.add(f32x4.mul(x, f32x4.splat(F32_LOG2E)), f32x4.splat(F32_SHIFT));
  const kf = f32x4.sub(t, f32x4.splat(F32_SHIFT));
  const r = f32x4.sub(f32x4.sub(x, f32x4.mul(kf, f32x4.splat(F32_LN2_HI))), f32x4.mul(kf, f32x4.splat(F32_LN2_LO)));
  const k = i32x4.sub(t, i32x4.splat(F32_SHIFT_BITS));
  const k1 = i32x4.shr_s(k, 1);
  const k2 = i32x4.sub(k, k1);
  const s1 = i32x4.shl(i32x4.add(k1, i32x4.splat(127)), 23);
  const s2 = i32x4.shl(i32x4.add(k2, i32x4.splat(127)), 23);
  return f32x4.mul(f32x4.mul(expPoly32(r), s1), s2);
}

@inline function tanh32(x: v128): v128 {
  const sign = v128.and(x, i32x4.splat(0x80000000));
  const a = f32x4.min(f32x4.abs(x), f32x4.splat(10.0)); // tanh(10) rounds to 1 in float32
  const y = f32x4.mul(a, f32x4.splat(-2.0));
  const t = f32x4.add(f32x4.mul(y, f32x4.splat(F32_LOG2E)), f32x4.splat(F32_SHIFT));
  const kf = f32x4.sub(t, f32x4.splat(F32_SHIFT));
  const r = f32x4.sub(f32x4.sub(y, f32x4.mul(kf, f32x4.splat(F32_LN2_HI))), f32x4.mul(kf, f32x4.splat(F32_LN2_LO)));
  const k = i32x4.sub(t, i32x4.splat(F32_SHIFT_BITS));
  const s = i32x4.shl(i32x4.add(k, i32x4.splat(127)), 23);
  const spm1 = f32x4.mul(s, f32x4.mul(r, expm1OverR32(r)));
  const num = f32x4.sub(f32x4.sub(f32x4.splat(1.0), s), spm1);
  const den = f32x4.add(f32x4.add(f32x4.splat(1.0), s), spm1);
  const th = f32x4.div(num, den);
  return v128.or(th, sign);
}

@inline function log1p32(u: v128): v128 {
  const small = f32x4.lt(u, f32x4.splat(reinterpret<f32>(0x3ed413d0)));
  const w = f32x4.add(f32x4.splat(1.0), u);
  const hu = i32x4.add(w, i32x4.splat(0x3f800000 - 0x3f3504f3));
  const k = i32x4.sub(i32x4.shr_u(hu, 23), i32x4.splat(0x7f));
  const big = i32x4.gt_s(k, i32x4.splat(1));
  const cBig = f32x4.sub(f32x4.splat(1.0), f32x4.sub(w, u));
  const cSmall = f32x4.sub(u, f32x4.sub(w, f32x4.splat(1.0)));
  let c = f32x4.div(v128.bitselect(cBig, cSmall, big), w);
  let f = f32x4.sub(i32x4.add(v128.and(hu, i32x4.splat(0x007fffff)), i32x4.splat(0x3f3504f3)), f32x4.splat(1.0));
  let dk = f32x4.convert_i32x4_s(k);
  f = v128.bitselect(u, f, small);
  c = v128.andnot(c, small);
  dk = v128.andnot(dk, small);
  const s = f32x4.div(f, f32x4.add(f32x4.splat(2.0), f));
  const z = f32x4.mul(s, s);
  const w2 = f32x4.mul(z, z);
  const t1 = f32x4.mul(w2, f32x4.add(f32x4.splat(reinterpret<f32>(0x3ecc_ce13)), f32x4.mul(w2, f32x4.splat(reinterpret<f32>(0x3e789e26)))));
  const t2 = f32x4.mul(z, f32x4.add(f32x4.splat(reinterpret<f32>(0x3f2aaaaa)), f32x4.mul(w2, f32x4.splat(reinterpret<f32>(0x3e91e9ee)))));
  const rr = f32x4.add(t2, t1);
  const hfsq = f32x4.mul(f32x4.splat(0.5), f32x4.mul(f, f));
  let out = f32x4.mul(s, f32x4.add(hfsq, rr));
  out = f32x4.add(out, f32x4.add(f32x4.mul(dk, f32x4.splat(reinterpret<f32>(0x3717f7d1))), c));
  out = f32x4.sub(out, hfsq);
  out = f32x4.add(out, f);
  return f32x4.add(out, f32x4.mul(dk, f32x4.splat(reinterpret<f32>(0x3f317180))));
}

// ---------------------------------------------------------------- lane-generic entry points

/** e^x in every lane (0 below the underflow threshold, infinity above the overflow one, NaN for NaN). */
@inline export function vexp<T>(x: v128): v128 {
  if (sizeof<T>() == 8) return exp64(x);
  return exp32(x);
}

/** tanh(x) in every lane. */
@inline export function vtanh<T>(x: v128): v128 {
  if (sizeof<T>() == 8) return tanh64(x);
  return tanh32(x);
}

/** log(1 + u) for u >= 0 in every lane. */
@inline export function vlog1p<T>(u: v128): v128 {
  if (sizeof<T>() == 8) return log1p64(u);
  return log1p32(u);
}

/** 1 / (1 + e^-x), written so that e^ never overflows: e^x / (1 + e^x) for x < 0. */
@inline export function vsigmoid<T>(x: v128): v128 {
  const e = vexp<T>(v128.neg<T>(v128.abs<T>(x)));
  const one = v128.splat<T>(1);
  const d = v128.add<T>(one, e);
  return v128.bitselect(v128.div<T>(one, d), v128.div<T>(e, d), v128.ge<T>(x, v128.splat<T>(0)));
}

/** log(1 + e^x) = max(x, 0) + log1p(e^-|x|), never overflowing. */
@inline export function vsoftplus<T>(x: v128): v128 {
  const tail = vlog1p<T>(vexp<T>(v128.neg<T>(v128.abs<T>(x))));
  return v128.add<T>(v128.max<T>(x, v128.splat<T>(0)), tail);
}
