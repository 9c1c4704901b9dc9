/**
 * Fast elementary functions for the cpu kernels' hot loops, and the loops that apply them to
 * whole arrays.
 *
 * The loops live here, beside the functions they call: under tsx (the headless runner) every
 * module is compiled to CommonJS and an imported function is reached through a getter on each
 * call, which costs as much as the fast tanh itself. Called within this module they inline, so a
 * kernel elsewhere calls one of the array loops once instead of a function per element.
 * (Bundled for the browser, both forms are equal.)
 */
import type { TypedArray } from '../tensor';

/**
 * exp, tanh, sigmoid and softplus written out in JavaScript.
 *
 * Why: V8 implements Math.exp and Math.tanh as calls into its C++ fdlibm port, which cannot be
 * inlined into optimised loops; at the notebooks' sizes (a few thousand tanh per layer per
 * step) those calls cost 15 to 25 ns each and dominate a dense layer. These versions inline,
 * cost a few ns, and stay within a few ulp of the library functions (tested against them).
 *
 * expNonPositive uses table-driven range reduction (Tang 1989, "Table-driven implementation of
 * the exponential function in IEEE floating-point arithmetic", ACM TOMS 15(2)):
 * y = (64 k + j) ln2/64 + r with |r| <= ln2/128, so e^y = 2^k 2^(j/64) e^r, with 2^k and
 * 2^(j/64) from tables and e^r from its degree-5 Taylor polynomial (truncation below 4e-17
 * relative). ln2/64 is split into a 24-bit head (n * head is exact) and a tail, so r carries no
 * cancellation error.
 *
 * expm1 keeps full relative accuracy near 0 by never forming 1 + small and subtracting 1:
 * e^y - 1 = (2^k T_hi - 1) + 2^k T_lo + 2^k T (e^r - 1), with T_hi + T_lo = 2^(j/64) to twice
 * double precision, and e^r - 1 from its degree-7 Taylor polynomial.
 *
 * tanh(x) = -m / (2 + m), m = expm1(-2|x|), sign restored: one formula for every x, so the hot
 * loop has no data-dependent branch to mispredict (a trained network's pre-activations mix small
 * and large values in random order). |x| is capped at 20, where tanh already rounds to 1. On
 * such pre-activations it runs in about half the time of Math.tanh under Node 20.
 */

// Constants are written as literals inside the functions: module-level bindings are not always
// folded into optimised code (a bundler turns const into var), and a load per use in a hot loop
// doubles the cost.

/** 2^(j/64), j = 0..63, correctly rounded (mpmath, 60 digits; Math.pow is off by an ulp for some j). */
const FRACTION = Float64Array.of(
  1.0, 1.0108892860517005, 1.0218971486541166, 1.0330248790212284,
  1.0442737824274138, 1.0556451783605572, 1.0671404006768237, 1.0787607977571199,
  1.0905077326652577, 1.102382583307841, 1.1143867425958924, 1.1265216186082418,
  1.1387886347566916, 1.1511892299529827, 1.1637248587775775, 1.1763969916502812,
  1.189207115002721, 1.202156731452703, 1.215247359980469, 1.22848053610687,
  1.241857812073484, 1.255380757024691, 1.2690509571917332, 1.2828700160787783,
  1.2968395546510096, 1.3109612115247644, 1.3252366431597413, 1.339667524053303,
  1.3542555469368927, 1.3690024229745905, 1.383909881963832, 1.3989796725383112,
  1.4142135623730951, 1.42961333839197, 1.4451808069770467, 1.460917794180647,
  1.4768261459394993, 1.4929077282912648, 1.5091644275934228, 1.5255981507445384,
  1.5422108254079407, 1.559004400237837, 1.5759808451078865, 1.593142151342267,
  1.6104903319492543, 1.6280274218573478, 1.645755478153965, 1.6636765803267364,
  1.681792830507429, 1.7001063537185235, 1.718619298122478, 1.7373338352737062,
  1.7562521603732995, 1.7753764925265212, 1.7947090750031072, 1.8142521755003989,
  1.8340080864093424, 1.8539791250833855, 1.8741676341103, 1.8945759815869656,
  1.9152065613971474, 1.9360617934922943, 1.9571441241754002, 1.978456026387951,
);
/** 2^(j/64) - FRACTION[j], the part of the exact value that FRACTION rounds away (mpmath, 60 digits). */
const FRACTION_TAIL = Float64Array.of(
  0.0, -1.5234778603368577e-17, 5.109225028973444e-17, 7.600838874027088e-18,
  8.551889705537965e-17, 1.759325738772092e-18, -7.899853966841582e-17, -6.656660436056593e-17,
  -3.046782079812471e-17, 5.2660368715706944e-17, 1.0410278456845571e-16, 5.165856758795457e-17,
  8.912812676025408e-17, 3.250710218863827e-17, 3.8292048369240935e-17, 5.554203254218079e-17,
  3.982015231465646e-17, 6.644981499252301e-17, -7.712630692681488e-17, -1.89878163130253e-17,
  4.658027591836937e-17, -6.7113898212968784e-18, 2.667932131342186e-18, 1.713594918243561e-17,
  2.5382502794888315e-17, -7.181536135519454e-17, -2.8587312100388614e-17, 8.927282594831732e-17,
  7.70094837980299e-17, 9.593797919118849e-17, -6.770511658794786e-17, -9.614213209051323e-17,
  -9.667293313452913e-17, -1.2031642489053655e-17, -3.0237581349939873e-17, -5.600377186075216e-17,
  -3.483994556892796e-17, 1.4192920154284036e-17, -1.016455327754295e-16, -1.1024941712342561e-16,
  7.949834809697621e-17, 3.7812070533575275e-17, -1.0136916471278304e-17, -1.0094406542311964e-16,
  2.4707192569797888e-17, -6.712955084707084e-17, -1.0125679913674773e-16, 5.8909926967131e-17,
  8.199010020581497e-17, -8.0237193703977e-18, -1.851380418263111e-17, 3.164389299292957e-17,
  2.960140695448873e-17, 6.429731796556572e-17, 1.8227458427912087e-17, -9.969531538920349e-17,
  3.283107224245627e-17, 9.761887490727594e-17, -6.122763413004143e-17, 3.4034035352165297e-17,
  -1.0619946056195963e-16, 1.0332385960676326e-16, 8.960767791036668e-17, 4.0388753109278167e-17,
);
/** 2^-i, i = 0..1022 (exact powers of two). */
const NEG_POWERS = Float64Array.from({ length: 1023 }, (_, i) => Math.pow(2, -i));

// n = nearest integer to y / (ln2/64) (y <= 0, so truncating t - 1/2 rounds; Math.round is a
// slow call in V8). ln2/64 = 0.010830424726009369 (24 bits, so n * head is exact) +
// -2.9760223436840126e-11, the rest of the exact value rounded to double (mpmath, 50 digits;
// Math.LN2 / 64 - head would carry Math.LN2's rounding error, which n up to 65,000 multiplies
// into 100 ulp).

/** e^y for y <= 0, within about 2 ulp of Math.exp; 0 below -745, NaN for NaN. */
export function expNonPositive(y: number): number {
  if (!(y >= -708)) return y < -745 ? 0 : Math.exp(y); // also passes NaN to Math.exp
  const n = (y * 92.33248261689366 - 0.5) | 0;
  const r = y - n * 0.010830424726009369 - n * -2.9760223436840126e-11;
  const j = n & 63;
  const k = -(n >> 6) | 0; // -floor(n / 64) >= 0, so n = 64 (-k) + j; | 0 keeps -0 out of the index
  const p = 1 + r * (1 + r * (0.5 + r * (0.16666666666666666 + r * (0.041666666666666664 + r * 0.008333333333333333))));
  return NEG_POWERS[k] * FRACTION[j] * p;
}

/** e^y - 1 for -708 <= y <= 0, within a few ulp of Math.expm1 (NaN for NaN). */
export function expm1NonPositive(y: number): number {
  const n = (y * 92.33248261689366 - 0.5) | 0;
  const r = y - n * 0.010830424726009369 - n * -2.9760223436840126e-11;
  const j = n & 63;
  const s = NEG_POWERS[-(n >> 6) | 0];
  const t = FRACTION[j];
  // e^r - 1 to degree 7: the first dropped term is below 2^-60 of r for |r| <= ln2/128.
  const pm1 =
    r * (1 + r * (0.5 + r * (0.16666666666666666 + r * (0.041666666666666664 + r * (0.008333333333333333 + r * (0.001388888888888889 + r * 0.0001984126984126984))))));
  // (2^k T_hi - 1) is exact for k in {-1, 0} (Sterbenz) and at least 1/2 in size otherwise.
  return s * t - 1 + s * FRACTION_TAIL[j] + s * t * pm1;
}

/** tanh(x) within a few ulp of Math.tanh, with no data-dependent branch. */
export function tanh(x: number): number {
  const m = expm1NonPositive(-2 * Math.min(x < 0 ? -x : x, 20));
  const t = -m / (2 + m);
  return x < 0 ? -t : t;
}

/** Logistic sigmoid 1 / (1 + e^-x), exact 0 / 1 in the far tails like special.sigmoid. */
export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + expNonPositive(-x));
  const e = expNonPositive(x);
  return e / (1 + e);
}

/** softplus log(1 + e^x) = max(x, 0) + log1p(e^-|x|), never overflowing. */
export function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(expNonPositive(-x)) : Math.log1p(expNonPositive(x));
}

/** x[i] = tanh(x[i]) for i < n, in place. */
export function tanhInPlace(x: TypedArray, n: number): void {
  for (let i = 0; i < n; i++) x[i] = tanh(x[i]);
}

/** out[i] = sigmoid(x[i]). */
export function sigmoidInto(x: TypedArray, out: TypedArray): void {
  for (let i = 0; i < out.length; i++) out[i] = sigmoid(x[i]);
}

/** out[i] = log(1 + e^-|x[i]|), the part of softplus(x) = max(x, 0) + log(1 + e^-|x|) that never overflows. */
export function log1pExpNegAbsInto(x: TypedArray, out: TypedArray): void {
  for (let i = 0; i < out.length; i++) {
    const v = x[i];
    out[i] = Math.log1p(expNonPositive(v > 0 ? -v : v));
  }
}
