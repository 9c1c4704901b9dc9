/**
 * exp, tanh, sigmoid, log1p and softplus on whole vectors (two f64 or four f32 lanes), with no
 * branch and no table: WebAssembly SIMD has no gather, and the kernels call these in their
 * innermost loops. Accuracy in float64 (math.test.ts): exp and log1p within 1 ulp of Math.exp
 * and Math.log1p, tanh within 2 ulp of the exact value (3 of Math.tanh, itself up to 2 off);
 * float32 within 3 ulp of the correctly rounded value.
 *
 * exp (Cody & Waite 1980 reduction): x = k ln2 + r with k = round(x / ln2), |r| <= ln2/2;
 * ln2 is split into a head with trailing zero bits (k * head is exact, and x - k * head is exact
 * by Sterbenz's lemma) and a tail. e^r comes from its Taylor polynomial, degree 13 in float64
 * (truncation below 5e-18 relative) and 7 in float32, evaluated mostly by Estrin's scheme so
 * that its operations overlap. k is rounded by adding and subtracting 1.5 * 2^52 (the float64
 * whose unit in the last place is 1), and 2^j is made by adding j to 1.5 * 2^52 + 1023 and
 * shifting the low bits into the exponent field; it is applied as 2^floor(k/2) 2^(k - floor(k/2))
 * so that neither factor leaves the normal range while the result can still underflow gradually
 * or overflow to infinity.
 *
 * tanh in float64 (sign restored from x): |x| = k ln2/2 + u with k = floor(2|x| / ln2) and u in
 * [0, ln2/2), so e^(-2|x|) = 2^-k e^(-2u) and e^(-2u) = (1 - tanh u) / (1 + tanh u), with tanh u
 * = u P(u^2) / Q(u^2) the [7/6] Pade approximant (a convergent of Lambert's continued fraction
 * tanh u = u / (1 + u^2 / (3 + u^2 / (5 + ...))): P = 1 + 17325/135135 w + 378/135135 w^2 +
 * 1/135135 w^3, Q = 1 + 62370/135135 w + 3150/135135 w^2 + 28/135135 w^3, relative error below
 * 2e-18 for |u| <= ln2/2). That leaves one division and no exp; the algebra that keeps the
 * rounding errors small near 0 and near 1 is above tanhDen64. float32 keeps the older form:
 * tanh(x) = -m / (2 + m), m = e^(-2|x|) - 1; with -2|x| = k ln2 + r, the numerator and
 * denominator are (1 - 2^k) - 2^k (e^r - 1) and (1 + 2^k) + 2^k (e^r - 1), each rounded once.
 *
 * log1p(u) for u >= 0 follows musl's log1p (FreeBSD msun; Sun Microsystems 1993): w = 1 + u,
 * c = the rounding error of that sum divided by w, w = 2^k (1 + f) with 1 + f in
 * [sqrt(2)/2, sqrt(2)), and log(1 + f) = f - f^2/2 + s (f^2/2 + R(s^2)), s = f / (2 + f), with
 * musl's minimax coefficients. For u below sqrt(2) - 1, f = u directly.
 *
 * Constants live in a table in memory and enter as one load-and-broadcast each: V8 builds a
 * v128.const from immediates with several instructions and does not hoist it out of a loop,
 * which made the constants cost more than the arithmetic.
 */

// ---------------------------------------------------------------- constants

const D_ONE = 0; // 1
const D_HALF = 1; // 0.5
const D_MINUS_TWO = 2; // -2
const D_EXP_HI = 3; // 710, above which e^x overflows
const D_EXP_LO = 4; // -746, below which e^x underflows to 0
const D_LOG2E = 5; // log2(e)
const D_SHIFT = 6; // 1.5 * 2^52, whose ulp is 1
const D_SHIFT_BIAS = 7; // 1.5 * 2^52 + 1023 (the exponent bias)
const D_LN2_HI = 8; // ln2, head (32 significant bits)
const D_LN2_LO = 9; // ln2, tail
const D_TANH_CLAMP = 10; // 20, where tanh rounds to 1
const D_C3 = 11; // 1/3!
const D_C4 = 12; // 1/4!
const D_C5 = 13; // 1/5!
const D_C6 = 14; // 1/6!
const D_C7 = 15; // 1/7!
const D_C8 = 16; // 1/8!
const D_C9 = 17; // 1/9!
const D_C10 = 18; // 1/10!
const D_C11 = 19; // 1/11!
const D_C12 = 20; // 1/12!
const D_C13 = 21; // 1/13!
const D_SIGN = 22; // sign bit
const D_LOG_SMALL = 23; // sqrt(2) - 1
const D_LOG_ADJUST = 24; // (0x3ff00000 - 0x3fe6a09e) << 32
const D_MANTISSA = 25; // mantissa bits
const D_LOG_BASE = 26; // high word of sqrt(2)/2
const D_EXP_BIAS = 27; // integer 1023
const D_INT_ONE = 28; // integer 1
const D_LG1 = 29; // musl Lg1
const D_LG2 = 30; // Lg2
const D_LG3 = 31; // Lg3
const D_LG4 = 32; // Lg4
const D_LG5 = 33; // Lg5
const D_LG6 = 34; // Lg6
const D_LG7 = 35; // Lg7
const D_TWO_LOG2E = 36; // 2 log2(e)
const D_HALF_LN2_HI = 37; // ln2/2, head (32 significant bits)
const D_HALF_LN2_LO = 38; // ln2/2, tail
const D_TANH_P1 = 39; // 17325/135135: tanh(u) ~ u P(u^2) / Q(u^2), P = 1 + P1 w + P2 w^2 + P3 w^3
const D_TANH_P2 = 40; // 378/135135
const D_TANH_P3 = 41; // 1/135135
const D_TANH_Q1 = 42; // 62370/135135, Q = 1 + Q1 w + Q2 w^2 + Q3 w^3
const D_TANH_Q2 = 43; // 3150/135135
const D_TANH_Q3 = 44; // 28/135135
const D_THREE = 45; // 3
const D_TABLE: usize = memory.data<u64>([
  0x3ff0000000000000, 0x3fe0000000000000, 0xc000000000000000, 0x4086300000000000,
  0xc087500000000000, 0x3ff71547652b82fe, 0x4338000000000000, 0x43380000000003ff,
  0x3fe62e42fee00000, 0x3dea39ef35793c76, 0x4034000000000000, 0x3fc5555555555555,
  0x3fa5555555555555, 0x3f81111111111111, 0x3f56c16c16c16c17, 0x3f2a01a01a01a01a,
  0x3efa01a01a01a01a, 0x3ec71de3a556c734, 0x3e927e4fb7789f5c, 0x3e5ae64567f544e4,
  0x3e21eed8eff8d898, 0x3de6124613a86d09, 0x8000000000000000, 0x3fda827999fcef32,
  0x00095f6200000000, 0x000fffffffffffff, 0x3fe6a09e00000000, 0x00000000000003ff,
  0x0000000000000001, 0x3fe5555555555593, 0x3fd999999997fa04, 0x3fd2492494229359,
  0x3fcc71c51d8e78af, 0x3fc7466496cb03de, 0x3fc39a09d078c69f, 0x3fc2f112df3e5244,
  0x40071547652b82fe, 0x3fd62e42fee00000, 0x3dda39ef35793c76, 0x3fc0690690690690,
  0x3f66ea28d118b474, 0x3edf09b28ba4d955, 0x3fdd89d89d89d89e, 0x3f97de952f2466a4,
  0x3f2b287c3a303e2b, 0x4008000000000000,
]);

const S_ONE = 0; // 1
const S_HALF = 1; // 0.5
const S_MINUS_TWO = 2; // -2
const S_EXP_HI = 3; // 89, above which e^x overflows
const S_EXP_LO = 4; // -104, below which e^x underflows to 0
const S_LOG2E = 5; // log2(e)
const S_SHIFT = 6; // 1.5 * 2^23, whose ulp is 1
const S_SHIFT_BIAS = 7; // 1.5 * 2^23 + 127
const S_LN2_HI = 8; // ln2, head (15 significant bits)
const S_LN2_LO = 9; // ln2, tail
const S_TANH_CLAMP = 10; // 10, where tanh rounds to 1
const S_C3 = 11; // 1/3!
const S_C4 = 12; // 1/4!
const S_C5 = 13; // 1/5!
const S_C6 = 14; // 1/6!
const S_C7 = 15; // 1/7!
const S_SIGN = 16; // sign bit
const S_LOG_SMALL = 17; // sqrt(2) - 1
const S_LOG_ADJUST = 18; // 0x3f800000 - 0x3f3504f3
const S_MANTISSA = 19; // mantissa bits
const S_LOG_BASE = 20; // sqrt(2)/2
const S_EXP_BIAS = 21; // integer 127
const S_INT_ONE = 22; // integer 1
const S_LG1 = 23; // musl Lg1
const S_LG2 = 24; // Lg2
const S_LG3 = 25; // Lg3
const S_LG4 = 26; // Lg4
const S_LOG_LN2_HI = 27; // ln2, head, as musl log1pf
const S_LOG_LN2_LO = 28; // ln2, tail, as musl log1pf
const S_TABLE: usize = memory.data<u32>([
  0x3f800000, 0x3f000000, 0xc0000000, 0x42b20000,
  0xc2d00000, 0x3fb8aa3b, 0x4b400000, 0x4b40007f,
  0x3f317200, 0x35bfbe8e, 0x41200000, 0x3e2aaaab,
  0x3d2aaaab, 0x3c088889, 0x3ab60b61, 0x39500d01,
  0x80000000, 0x3ed413d0, 0x004afb0d, 0x007fffff,
  0x3f3504f3, 0x0000007f, 0x00000001, 0x3f2aaaaa,
  0x3eccce13, 0x3e91e9ee, 0x3e789e26, 0x3f317180,
  0x3717f7d1,
]);

/** Float64 constant i of D_TABLE in both lanes. */
@inline function d(i: i32): v128 {
  return v128.load_splat<f64>(D_TABLE + ((<usize>i) << 3));
}

/** Float32 constant i of S_TABLE in all four lanes. */
@inline function s(i: i32): v128 {
  return v128.load_splat<f32>(S_TABLE + ((<usize>i) << 2));
}

/** 1 in every lane of a T vector, from the table (a v128.const in a loop is rebuilt on every pass). */
@inline export function vone<T>(): v128 {
  if (sizeof<T>() == 8) return d(D_ONE);
  return s(S_ONE);
}

// ---------------------------------------------------------------- float64

/** round(x) for |x| < 2^51, by adding and subtracting 1.5 * 2^52. */
@inline function round64(x: v128): v128 {
  return f64x2.sub(f64x2.add(x, d(D_SHIFT)), d(D_SHIFT));
}

/** 2^j for integral j in [-1022, 1023] (a float64): j + 1023 in the low bits of j + 1023 + 1.5 * 2^52, shifted into the exponent. */
@inline function pow2i64(j: v128): v128 {
  return i64x2.shl(f64x2.add(j, d(D_SHIFT_BIAS)), 52);
}

/** r = y - k ln2 with ln2 in two parts (k ln2_hi and y - k ln2_hi are exact). */
@inline function reduce64(y: v128, kf: v128): v128 {
  return f64x2.sub(f64x2.sub(y, f64x2.mul(kf, d(D_LN2_HI))), f64x2.mul(kf, d(D_LN2_LO)));
}

// exp64 and log1p64 are written in stages, each one value from the previous ones, for the same
// reason as tanh64 below: a kernel can interleave several evaluations stage by stage
// (bnn.ts, the Bernoulli output term). Composed one after the other they are exp64 and log1p64,
// the same operations in the same order, so the same results.

/** x clamped to [-746, 710]: beyond, e^x is 0 or infinity anyway. */
@inline export function expArg64(x: v128): v128 {
  // pmin/pmax are one instruction each (min/max are several) and return x itself when it is NaN,
  // so NaN stays NaN.
  return f64x2.pmax(f64x2.pmin(x, d(D_EXP_HI)), d(D_EXP_LO));
}

/** k = round(x / ln2). */
@inline export function expK64(x: v128): v128 {
  return round64(f64x2.mul(x, d(D_LOG2E)));
}

/** r = x - k ln2 (reduce64). */
@inline export function expR64(x: v128, kf: v128): v128 {
  return reduce64(x, kf);
}

/**
 * e^r for |r| <= ln2/2 + a little: Taylor to degree 13, as 1 + (r + r^2 Q(r)) with Q by Estrin's
 * scheme, so that the rounding errors of Q are scaled down by r^2 and the sum costs two roundings.
 * This is Q, given r and r2 = r^2.
 */
@inline export function expQ64(r: v128, r2: v128): v128 {
  const r4 = f64x2.mul(r2, r2);
  const r8 = f64x2.mul(r4, r4);
  const p23 = f64x2.add(d(D_HALF), f64x2.mul(r, d(D_C3)));
  const p45 = f64x2.add(d(D_C4), f64x2.mul(r, d(D_C5)));
  const p67 = f64x2.add(d(D_C6), f64x2.mul(r, d(D_C7)));
  const p89 = f64x2.add(d(D_C8), f64x2.mul(r, d(D_C9)));
  const pab = f64x2.add(d(D_C10), f64x2.mul(r, d(D_C11)));
  const pcd = f64x2.add(d(D_C12), f64x2.mul(r, d(D_C13)));
  const q0 = f64x2.add(p23, f64x2.mul(p45, r2));
  const q1 = f64x2.add(p67, f64x2.mul(p89, r2));
  const q2 = f64x2.add(pab, f64x2.mul(pcd, r2));
  return f64x2.add(f64x2.add(q0, f64x2.mul(q1, r4)), f64x2.mul(q2, r8));
}

/** e^x = (1 + (r + r^2 Q)) 2^floor(k/2) 2^(k - floor(k/2)). */
@inline export function expFinish64(r: v128, r2: v128, q: v128, kf: v128): v128 {
  const poly = f64x2.add(d(D_ONE), f64x2.add(r, f64x2.mul(r2, q)));
  const k1 = f64x2.floor(f64x2.mul(kf, d(D_HALF)));
  const k2 = f64x2.sub(kf, k1);
  return f64x2.mul(f64x2.mul(poly, pow2i64(k1)), pow2i64(k2));
}

@inline function exp64(x: v128): v128 {
  x = expArg64(x);
  const kf = expK64(x);
  const r = expR64(x, kf);
  const r2 = f64x2.mul(r, r);
  return expFinish64(r, r2, expQ64(r, r2), kf);
}

// tanh64 in stages, each one value from the previous ones, so that tanh64Quad can interleave four
// evaluations stage by stage: V8 emits them in program order, and independent chains side by side
// overlap better in the core than successive iterations of a loop (measured: two interleaved gain
// 5 %, four 9 %; the same code one vector after the other in one iteration gains nothing).

/** |x| capped at 20 (tanh rounds to 1 beyond), so that 2^-k below stays normal. */
@inline function tanhArg64(x: v128): v128 {
  return f64x2.pmin(f64x2.abs(x), d(D_TANH_CLAMP));
}

/** k = floor(2a / ln2). */
@inline function tanhK64(a: v128): v128 {
  return f64x2.floor(f64x2.mul(a, d(D_TWO_LOG2E)));
}

/** u = a - k ln2/2 in [0, ln2/2): k ln2_hi/2 and a - k ln2_hi/2 are exact. */
@inline function tanhU64(a: v128, kf: v128): v128 {
  return f64x2.sub(f64x2.sub(a, f64x2.mul(kf, d(D_HALF_LN2_HI))), f64x2.mul(kf, d(D_HALF_LN2_LO)));
}

/** p = 2^-k. */
@inline function tanhP64(kf: v128): v128 {
  return i64x2.shl(f64x2.sub(d(D_SHIFT_BIAS), kf), 52);
}

/** uP = u + u^3 (P - 1) (w = u^2): the small part kept apart. */
@inline function tanhUP64(u: v128, w: v128): v128 {
  return f64x2.add(u, f64x2.mul(f64x2.add(d(D_TANH_P1), f64x2.mul(w, f64x2.add(d(D_TANH_P2), f64x2.mul(w, d(D_TANH_P3))))), f64x2.mul(u, w)));
}

/** Q - 1 (w = u^2). */
@inline function tanhQm164(w: v128): v128 {
  return f64x2.mul(f64x2.add(d(D_TANH_Q1), f64x2.mul(w, f64x2.add(d(D_TANH_Q2), f64x2.mul(w, d(D_TANH_Q3))))), w);
}

// With e^-2u = (Q - uP) / (Q + uP) and p = 2^-k: tanh(a) = (1 - p e^-2u) / (1 + p e^-2u)
// = num / den, num = (1 - p) Q + (1 + p) uP, den = (1 + p) Q + (1 - p) uP (1 -+ p exact for
// k <= 52). It is taken as (1 - p) - (num - (1 - p) den) / den, where num - (1 - p) den =
// alpha Q - beta uP with alpha = (1 - p) p and beta = (3 - p) p, both exact: near 1 (large k) the
// quotient is about p and its rounding errors are scaled down by p; for k = 0 (alpha = 0,
// beta = 2) it is -uP / Q itself; in between it stays below a quarter of the result. Each of den
// and the quotient's numerator is its leading term plus the small terms summed first, rounded once.

/** den = (1 + p) + ((1 - p) uP + (1 + p) (Q - 1)). */
@inline function tanhDen64(p2: v128, up: v128, qm1: v128): v128 {
  const hi = f64x2.add(d(D_ONE), p2);
  return f64x2.add(hi, f64x2.add(f64x2.mul(up, f64x2.sub(d(D_ONE), p2)), f64x2.mul(hi, qm1)));
}

/** alpha Q - beta uP = alpha + (alpha (Q - 1) - beta uP). */
@inline function tanhNum64(p2: v128, up: v128, qm1: v128): v128 {
  const alpha = f64x2.mul(f64x2.sub(d(D_ONE), p2), p2);
  const beta = f64x2.mul(p2, f64x2.sub(d(D_THREE), p2));
  return f64x2.add(alpha, f64x2.sub(f64x2.mul(alpha, qm1), f64x2.mul(beta, up)));
}

/** (1 - p) - num / den with the sign of x (the difference is >= 0, or NaN). */
@inline function tanhFinish64(x: v128, p2: v128, num: v128, den: v128): v128 {
  return v128.or(f64x2.sub(f64x2.sub(d(D_ONE), p2), f64x2.div(num, den)), v128.and(x, d(D_SIGN)));
}

@inline function tanh64(x: v128): v128 {
  const a = tanhArg64(x);
  const kf = tanhK64(a);
  const u = tanhU64(a, kf);
  const p2 = tanhP64(kf);
  const w = f64x2.mul(u, u);
  const up = tanhUP64(u, w);
  const qm1 = tanhQm164(w);
  return tanhFinish64(x, p2, tanhNum64(p2, up, qm1), tanhDen64(p2, up, qm1));
}

/** tanh64 of the four vectors from p, in place, the evaluations interleaved. */
@inline function tanh64Quad(p: usize): void {
  const x0 = v128.load(p);
  const x1 = v128.load(p, 16);
  const x2 = v128.load(p, 32);
  const x3 = v128.load(p, 48);
  const a0 = tanhArg64(x0);
  const a1 = tanhArg64(x1);
  const a2 = tanhArg64(x2);
  const a3 = tanhArg64(x3);
  const kf0 = tanhK64(a0);
  const kf1 = tanhK64(a1);
  const kf2 = tanhK64(a2);
  const kf3 = tanhK64(a3);
  const u0 = tanhU64(a0, kf0);
  const u1 = tanhU64(a1, kf1);
  const u2 = tanhU64(a2, kf2);
  const u3 = tanhU64(a3, kf3);
  const p20 = tanhP64(kf0);
  const p21 = tanhP64(kf1);
  const p22 = tanhP64(kf2);
  const p23 = tanhP64(kf3);
  const w0 = f64x2.mul(u0, u0);
  const w1 = f64x2.mul(u1, u1);
  const w2 = f64x2.mul(u2, u2);
  const w3 = f64x2.mul(u3, u3);
  const up0 = tanhUP64(u0, w0);
  const up1 = tanhUP64(u1, w1);
  const up2 = tanhUP64(u2, w2);
  const up3 = tanhUP64(u3, w3);
  const qm10 = tanhQm164(w0);
  const qm11 = tanhQm164(w1);
  const qm12 = tanhQm164(w2);
  const qm13 = tanhQm164(w3);
  const den0 = tanhDen64(p20, up0, qm10);
  const den1 = tanhDen64(p21, up1, qm11);
  const den2 = tanhDen64(p22, up2, qm12);
  const den3 = tanhDen64(p23, up3, qm13);
  const num0 = tanhNum64(p20, up0, qm10);
  const num1 = tanhNum64(p21, up1, qm11);
  const num2 = tanhNum64(p22, up2, qm12);
  const num3 = tanhNum64(p23, up3, qm13);
  v128.store(p, tanhFinish64(x0, p20, num0, den0));
  v128.store(p, tanhFinish64(x1, p21, num1, den1), 16);
  v128.store(p, tanhFinish64(x2, p22, num2, den2), 32);
  v128.store(p, tanhFinish64(x3, p23, num3, den3), 48);
}

/** w = 1 + u. */
@inline export function log1pW64(u: v128): v128 {
  return f64x2.add(d(D_ONE), u);
}

/** The bits of w plus those of 1 - sqrt(2)/2 in the high word: the exponent field is then k. */
@inline export function log1pHu64(w: v128): v128 {
  return i64x2.add(w, d(D_LOG_ADJUST));
}

/** The rounding error of w = 1 + u (to be divided by w, and kept only where u >= sqrt(2) - 1). */
@inline export function log1pC64(u: v128, w: v128, hu: v128): v128 {
  const k = i64x2.sub(i64x2.shr_u(hu, 52), d(D_EXP_BIAS));
  const big = i64x2.gt_s(k, d(D_INT_ONE));
  const cBig = f64x2.sub(d(D_ONE), f64x2.sub(w, u));
  const cSmall = f64x2.sub(u, f64x2.sub(w, d(D_ONE)));
  return v128.bitselect(cBig, cSmall, big);
}

/** c / w (a quotient c/w already taken) where u >= sqrt(2) - 1, else 0. */
@inline export function log1pMaskC64(u: v128, cw: v128): v128 {
  return v128.andnot(cw, f64x2.lt(u, d(D_LOG_SMALL)));
}

/** f: w = 2^k (1 + f) with 1 + f in [sqrt(2)/2, sqrt(2)), or u itself below sqrt(2) - 1. */
@inline export function log1pF64(u: v128, hu: v128): v128 {
  const f = f64x2.sub(i64x2.add(v128.and(hu, d(D_MANTISSA)), d(D_LOG_BASE)), d(D_ONE));
  return v128.bitselect(u, f, f64x2.lt(u, d(D_LOG_SMALL)));
}

/** k as a float64 (0 below sqrt(2) - 1): k added to the bits of 1.5 * 2^52, less that number. */
@inline export function log1pDk64(u: v128, hu: v128): v128 {
  const k = i64x2.sub(i64x2.shr_u(hu, 52), d(D_EXP_BIAS));
  return v128.andnot(f64x2.sub(i64x2.add(k, d(D_SHIFT)), d(D_SHIFT)), f64x2.lt(u, d(D_LOG_SMALL)));
}

// For 0 <= u <= 1 (log1p(e^-|x|), the softplus's tail), w = 1 + u is below 2, so k is 0 below
// sqrt(2) - 1 and 1 from there on: the correction is always the small-k one and k is 0 or 1.
// These two stages replace log1pC64 and log1pDk64 there, with the same results.

/** The rounding error of w = 1 + u for 0 <= u <= 1 (log1pC64 where k <= 1). */
@inline export function log1pUnitC64(u: v128, w: v128): v128 {
  return f64x2.sub(u, f64x2.sub(w, d(D_ONE)));
}

/** k as a float64 for 0 <= u <= 1: 1 from sqrt(2) - 1 on, else 0 (log1pDk64 there). */
@inline export function log1pUnitDk64(u: v128): v128 {
  return v128.andnot(d(D_ONE), f64x2.lt(u, d(D_LOG_SMALL)));
}

/** s = f / (2 + f). */
@inline export function log1pS64(f: v128): v128 {
  return f64x2.div(f, f64x2.sub(f, d(D_MINUS_TWO)));
}

/** log(1 + u) = s (hfsq + R) + (k ln2_lo + c) - hfsq + f + k ln2_hi, in musl's order. */
@inline export function log1pFinish64(f: v128, sq: v128, c: v128, dk: v128): v128 {
  const hfsq = f64x2.mul(d(D_HALF), f64x2.mul(f, f));
  const z = f64x2.mul(sq, sq);
  const w2 = f64x2.mul(z, z);
  const t1 = f64x2.mul(w2, f64x2.add(d(D_LG2), f64x2.mul(w2, f64x2.add(d(D_LG4), f64x2.mul(w2, d(D_LG6))))));
  const t2 = f64x2.mul(z, f64x2.add(d(D_LG1), f64x2.mul(w2, f64x2.add(d(D_LG3), f64x2.mul(w2, f64x2.add(d(D_LG5), f64x2.mul(w2, d(D_LG7))))))));
  const rr = f64x2.add(t2, t1);
  let out = f64x2.mul(sq, f64x2.add(hfsq, rr));
  out = f64x2.add(out, f64x2.add(f64x2.mul(dk, d(D_LN2_LO)), c));
  out = f64x2.sub(out, hfsq);
  out = f64x2.add(out, f);
  return f64x2.add(out, f64x2.mul(dk, d(D_LN2_HI)));
}

@inline function log1p64(u: v128): v128 {
  const w = log1pW64(u);
  const hu = log1pHu64(w);
  const c = log1pMaskC64(u, f64x2.div(log1pC64(u, w, hu), w));
  const f = log1pF64(u, hu);
  return log1pFinish64(f, log1pS64(f), c, log1pDk64(u, hu));
}

// ---------------------------------------------------------------- float32

@inline function round32(x: v128): v128 {
  return f32x4.sub(f32x4.add(x, s(S_SHIFT)), s(S_SHIFT));
}

@inline function pow2i32(j: v128): v128 {
  return i32x4.shl(f32x4.add(j, s(S_SHIFT_BIAS)), 23);
}

@inline function reduce32(y: v128, kf: v128): v128 {
  return f32x4.sub(f32x4.sub(y, f32x4.mul(kf, s(S_LN2_HI))), f32x4.mul(kf, s(S_LN2_LO)));
}

@inline function expPoly32(r: v128): v128 {
  const r2 = f32x4.mul(r, r);
  const r4 = f32x4.mul(r2, r2);
  const p23 = f32x4.add(s(S_HALF), f32x4.mul(r, s(S_C3)));
  const p45 = f32x4.add(s(S_C4), f32x4.mul(r, s(S_C5)));
  const p67 = f32x4.add(s(S_C6), f32x4.mul(r, s(S_C7)));
  const q = f32x4.add(f32x4.add(p23, f32x4.mul(p45, r2)), f32x4.mul(p67, r4));
  return f32x4.add(s(S_ONE), f32x4.add(r, f32x4.mul(r2, q)));
}

@inline function expm1OverR32(r: v128): v128 {
  const r2 = f32x4.mul(r, r);
  const r4 = f32x4.mul(r2, r2);
  const p01 = f32x4.add(s(S_ONE), f32x4.mul(r, s(S_HALF)));
  const p23 = f32x4.add(s(S_C3), f32x4.mul(r, s(S_C4)));
  const p45 = f32x4.add(s(S_C5), f32x4.mul(r, s(S_C6)));
  const q0 = f32x4.add(p01, f32x4.mul(p23, r2));
  const q1 = f32x4.add(p45, f32x4.mul(s(S_C7), r2));
  return f32x4.add(q0, f32x4.mul(q1, r4));
}

@inline function exp32(x: v128): v128 {
  x = f32x4.pmax(f32x4.pmin(x, s(S_EXP_HI)), s(S_EXP_LO));
  const kf = round32(f32x4.mul(x, s(S_LOG2E)));
  const r = reduce32(x, kf);
  const k1 = f32x4.floor(f32x4.mul(kf, s(S_HALF)));
  const k2 = f32x4.sub(kf, k1);
  return f32x4.mul(f32x4.mul(expPoly32(r), pow2i32(k1)), pow2i32(k2));
}

@inline function tanh32(x: v128): v128 {
  const sign = v128.and(x, s(S_SIGN));
  const y = f32x4.mul(f32x4.pmin(f32x4.abs(x), s(S_TANH_CLAMP)), s(S_MINUS_TWO));
  const kf = round32(f32x4.mul(y, s(S_LOG2E)));
  const r = reduce32(y, kf);
  const p2 = pow2i32(kf);
  const spm1 = f32x4.mul(p2, f32x4.mul(r, expm1OverR32(r)));
  const num = f32x4.sub(f32x4.sub(s(S_ONE), p2), spm1);
  const den = f32x4.add(f32x4.add(s(S_ONE), p2), spm1);
  return v128.or(f32x4.div(num, den), sign);
}

@inline function log1p32(u: v128): v128 {
  const small = f32x4.lt(u, s(S_LOG_SMALL));
  const w = f32x4.add(s(S_ONE), u);
  const hu = i32x4.add(w, s(S_LOG_ADJUST));
  const k = i32x4.sub(i32x4.shr_u(hu, 23), s(S_EXP_BIAS));
  const big = i32x4.gt_s(k, s(S_INT_ONE));
  const cBig = f32x4.sub(s(S_ONE), f32x4.sub(w, u));
  const cSmall = f32x4.sub(u, f32x4.sub(w, s(S_ONE)));
  let c = f32x4.div(v128.bitselect(cBig, cSmall, big), w);
  let f = f32x4.sub(i32x4.add(v128.and(hu, s(S_MANTISSA)), s(S_LOG_BASE)), s(S_ONE));
  let dk = f32x4.convert_i32x4_s(k);
  f = v128.bitselect(u, f, small);
  c = v128.andnot(c, small);
  dk = v128.andnot(dk, small);
  const sq = f32x4.div(f, f32x4.sub(f, s(S_MINUS_TWO))); // f / (2 + f)
  const z = f32x4.mul(sq, sq);
  const w2 = f32x4.mul(z, z);
  const t1 = f32x4.mul(w2, f32x4.add(s(S_LG2), f32x4.mul(w2, s(S_LG4))));
  const t2 = f32x4.mul(z, f32x4.add(s(S_LG1), f32x4.mul(w2, s(S_LG3))));
  const rr = f32x4.add(t2, t1);
  const hfsq = f32x4.mul(s(S_HALF), f32x4.mul(f, f));
  let out = f32x4.mul(sq, f32x4.add(hfsq, rr));
  out = f32x4.add(out, f32x4.add(f32x4.mul(dk, s(S_LOG_LN2_LO)), c));
  out = f32x4.sub(out, hfsq);
  out = f32x4.add(out, f);
  return f32x4.add(out, f32x4.mul(dk, s(S_LOG_LN2_HI)));
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

/** tanh in place over the n vectors at p (float64: four at a time, interleaved). */
@inline export function vtanhInPlace<T>(p: usize, n: i32): void {
  let v = 0;
  if (sizeof<T>() == 8) for (; v + 4 <= n; v += 4) tanh64Quad(p + (<usize>v << 4));
  for (; v < n; v++) v128.store(p + (<usize>v << 4), vtanh<T>(v128.load(p + (<usize>v << 4))));
}

/** log(1 + u) for u >= 0 in every lane. */
@inline export function vlog1p<T>(u: v128): v128 {
  if (sizeof<T>() == 8) return log1p64(u);
  return log1p32(u);
}

/** 1 / (1 + e^-x), written so that e^ never overflows: e^x / (1 + e^x) for x < 0. */
@inline export function vsigmoid<T>(x: v128): v128 {
  const e = vexp<T>(v128.neg<T>(v128.abs<T>(x)));
  const one = vone<T>();
  // One division serves both branches: the numerator is chosen, the denominator is the same.
  const num = v128.bitselect(one, e, v128.ge<T>(x, v128.splat<T>(0)));
  return v128.div<T>(num, v128.add<T>(one, e));
}

/** log(1 + e^x) = max(x, 0) + log1p(e^-|x|), never overflowing. */
@inline export function vsoftplus<T>(x: v128): v128 {
  const tail = vlog1p<T>(vexp<T>(v128.neg<T>(v128.abs<T>(x))));
  // pmax(x, 0) is x when x is NaN, so NaN stays NaN.
  return v128.add<T>(v128.pmax<T>(x, v128.splat<T>(0)), tail);
}
