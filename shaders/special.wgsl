// Scalar special functions in float32 for the fused elementwise kernels: the f32 versions of
// src/engine/special.ts and the cpu unary maps. Methods (the same as the float64 originals):
//   lgamma, digamma: series of lnGamma(1+t) / psi(1+t) in zeta values about x = 1 and x = 2
//     for x in [0.5, 2.5] (Abramowitz & Stegun 6.1.33, with the n = 1, 2 terms of zeta summed in
//     closed form so that the rest converges like 6^-k), recurrences into that range, and the
//     Stirling / psi asymptotic series (A&S 6.1.40, 6.3.18) for x >= 8.
//   trigamma: recurrence psi'(x) = psi'(x+1) + 1/x^2 up to x >= 8 (no cancellation: every term
//     is positive), then the asymptotic series (A&S 6.4.12).
//   tanh: Lambert's continued fraction for |x| < 0.625, (1 - e^-2|x|)/(1 + e^-2|x|) above.
// Accuracy: a few f32 ulp relative, except near the zeros of lgamma (1, 2) and of digamma
// (1.4616...) where the error is a few ulp of the terms that cancel (absolute ~1e-7).
// The gamma family returns NaN for x <= 0, as the float64 versions do.

#include "exp.wgsl"

// NaN and inf bit patterns as private variables: WGSL rejects non-finite values in constant
// expressions, so they are made floats at run time.
var<private> F32_NAN_BITS: u32 = 0x7fc00000u;
var<private> F32_INF_BITS: u32 = 0x7f800000u;
const EULER_GAMMA_F32: f32 = 0.5772156649015329;

// NaN test on the bit pattern: immune to compilers that assume floats are never NaN.
fn is_nan_f32(x: f32) -> bool {
  return (bitcast<u32>(x) & 0x7fffffffu) > 0x7f800000u;
}

// log with IEEE special values (NaN -> NaN, +inf -> +inf, 0 -> -inf, x < 0 -> NaN), which
// some implementations do not give (SwiftShader's log(NaN) is 89.1). Decided on the bit
// pattern, so no compiler assumption about NaN can remove the checks.
fn log_f32(x: f32) -> f32 {
  let bits = bitcast<u32>(x);
  if (bits > 0u && bits < 0x7f800000u) {
    return log(x);
  }
  let inf = bitcast<f32>(F32_INF_BITS);
  if ((bits & 0x7fffffffu) == 0u) {
    return -inf;
  }
  if (bits == 0x7f800000u) {
    return inf;
  }
  return bitcast<f32>(F32_NAN_BITS);
}

// log(1 + x) keeping the relative accuracy of small x. Near 0: 2 atanh(s), s = x / (2 + x),
// by its odd series (|s| <= 1/3 here, so s^19 / 19 is below the f32 ulp). The classic
// log(u) * x / (u - 1) trick cannot be used: compilers that assume associativity (as
// SwiftShader's does) fold (1 + x) - 1 into x. Away from 0, 1 + x is exact (x <= -1/2) or its
// rounding is below an ulp of the result.
fn log1p_f32(x: f32) -> f32 {
  if (is_nan_f32(x)) {
    return x;
  }
  if (abs(x) < 0.5) {
    let s = x / (2.0 + x);
    let s2 = s * s;
    var p = 1.0 / 19.0;
    p = p * s2 + 1.0 / 17.0;
    p = p * s2 + 1.0 / 15.0;
    p = p * s2 + 1.0 / 13.0;
    p = p * s2 + 1.0 / 11.0;
    p = p * s2 + 1.0 / 9.0;
    p = p * s2 + 1.0 / 7.0;
    p = p * s2 + 1.0 / 5.0;
    p = p * s2 + 1.0 / 3.0;
    p = p * s2 + 1.0;
    return 2.0 * s * p;
  }
  return log_f32(1.0 + x);
}

fn sigmoid_f32(x: f32) -> f32 {
  // NaN checks first, throughout: builtins such as exp do not all keep NaN as NaN.
  if (is_nan_f32(x)) {
    return x;
  }
  if (x >= 0.0) {
    return 1.0 / (1.0 + exp_f32(-x));
  }
  let e = exp_f32(x);
  return e / (1.0 + e);
}

// log(1 + e^x), stable for every x including +-inf.
fn softplus_f32(x: f32) -> f32 {
  if (is_nan_f32(x)) {
    return x;
  }
  return max(x, 0.0) + log1p_f32(exp_f32(-abs(x)));
}

fn tanh_f32(x: f32) -> f32 {
  if (is_nan_f32(x)) {
    return x;
  }
  let a = abs(x);
  if (a < 0.625) {
    // tanh x = x / (1 + x^2/(3 + x^2/(5 + ...))), truncated after 13: error < 1e-15 here.
    let x2 = x * x;
    var d = 15.0;
    d = 13.0 + x2 / d;
    d = 11.0 + x2 / d;
    d = 9.0 + x2 / d;
    d = 7.0 + x2 / d;
    d = 5.0 + x2 / d;
    d = 3.0 + x2 / d;
    d = 1.0 + x2 / d;
    return x / d;
  }
  // e^-2a underflows to 0 for large a, giving exactly +-1 (and NaN stays NaN through a).
  let t = exp_f32(-2.0 * a);
  return sign(x) * ((1.0 - t) / (1.0 + t));
}

// Coefficients of t^(k-2), k = 2..13: (-1)^k c_k / k and (-1)^k c_k, c_k = zeta(k) - 1 - 2^-k.
fn lgamma_rem(t: f32) -> f32 {
  var p = -4.946423680685744e-08;
  p = p * t + 1.6216069233735823e-07;
  p = p * t + -5.370321926785963e-07;
  p = p * t + 1.8012627818085336e-06;
  p = p * t + -6.140869564690491e-06;
  p = p * t + 2.1388274743042423e-05;
  p = p * t + -7.66824831318324e-05;
  p = p * t + 0.0002863436640748566;
  p = p * t + -0.0011355510286739853;
  p = p * t + 0.004955808427784548;
  p = p * t + -0.02568563438653143;
  p = p * t + 0.19746703342411323;
  return p;
}

fn digamma_rem(t: f32) -> f32 {
  var p = -6.430350784891467e-07;
  p = p * t + 1.9459283080482987e-06;
  p = p * t + -5.907354119464559e-06;
  p = p * t + 1.8012627818085337e-05;
  p = p * t + -5.526782608221442e-05;
  p = p * t + 0.00017110619794433938;
  p = p * t + -0.0005367773819228268;
  p = p * t + 0.0017180619844491397;
  p = p * t + -0.005677755143369927;
  p = p * t + 0.019823233711138193;
  p = p * t + -0.07705690315959429;
  p = p * t + 0.39493406684822646;
  return p;
}

// lnGamma(1 + t) and lnGamma(2 + t) for |t| <= 1/2.
fn lgamma1p_series(t: f32) -> f32 {
  let h = 0.5 * t;
  return -EULER_GAMMA_F32 * t + (t - log1p_f32(t)) + (h - log1p_f32(h)) + t * t * lgamma_rem(t);
}

fn lgamma2p_series(t: f32) -> f32 {
  let h = 0.5 * t;
  return (1.0 - EULER_GAMMA_F32) * t + (h - log1p_f32(h)) + t * t * lgamma_rem(t);
}

fn lgamma_f32(x: f32) -> f32 {
  if (is_nan_f32(x) || !(x > 0.0)) {
    return bitcast<f32>(F32_NAN_BITS);
  }
  if (x >= 8.0) {
    if (x > 1e30) {
      return bitcast<f32>(F32_INF_BITS) * sign(x);
    }
    // Stirling: (x - 1/2) log x - x + log(2 pi)/2 + 1/(12x) - 1/(360x^3) + 1/(1260x^5).
    let r = 1.0 / x;
    let r2 = r * r;
    let series = r * (1.0 / 12.0 - r2 * (1.0 / 360.0 - r2 * (1.0 / 1260.0)));
    return (x - 0.5) * log(x) - x + 0.9189385332046728 + series;
  }
  if (x < 0.5) {
    // lnGamma(x) = lnGamma(1 + x) - log x.
    return lgamma1p_series(x) - log(x);
  }
  if (x <= 1.5) {
    return lgamma1p_series(x - 1.0);
  }
  // lnGamma(x) = lnGamma(y) + log((x-1)(x-2)...y) with y in (1.5, 2.5]; every factor > 1.5.
  var y = x;
  var prod = 1.0;
  while (y > 2.5) {
    y = y - 1.0;
    prod = prod * y;
  }
  return lgamma2p_series(y - 2.0) + log(prod);
}

fn digamma_f32(x: f32) -> f32 {
  if (is_nan_f32(x) || !(x > 0.0)) {
    return bitcast<f32>(F32_NAN_BITS);
  }
  var y = x;
  var acc = 0.0;
  if (y >= 8.0) {
    // psi(y) ~ log y - 1/(2y) - 1/(12y^2) + 1/(120y^4) - 1/(252y^6).
    let r = 1.0 / y;
    let r2 = r * r;
    return log(y) - 0.5 * r - r2 * (1.0 / 12.0 - r2 * (1.0 / 120.0 - r2 * (1.0 / 252.0)));
  }
  if (y < 0.5) {
    // psi(y) = psi(y + 1) - 1/y.
    acc = -1.0 / y;
    y = y + 1.0;
  }
  if (y <= 1.5) {
    let t = y - 1.0;
    return acc + (-EULER_GAMMA_F32 + t / (1.0 + t) + t / (2.0 * (2.0 + t)) + t * digamma_rem(t));
  }
  // psi(y) = psi(y - 1) + 1/(y - 1) down into (1.5, 2.5], where psi > 0: no cancellation.
  while (y > 2.5) {
    y = y - 1.0;
    acc = acc + 1.0 / y;
  }
  let t = y - 2.0;
  return acc + (1.0 - EULER_GAMMA_F32 + t / (2.0 * (2.0 + t)) + t * digamma_rem(t));
}

fn trigamma_f32(x: f32) -> f32 {
  if (is_nan_f32(x) || !(x > 0.0)) {
    return bitcast<f32>(F32_NAN_BITS);
  }
  var y = x;
  var acc = 0.0;
  while (y < 8.0) {
    acc = acc + 1.0 / (y * y);
    y = y + 1.0;
  }
  // psi'(y) ~ 1/y + 1/(2y^2) + 1/(6y^3) - 1/(30y^5) + 1/(42y^7) - 1/(30y^9).
  let r = 1.0 / y;
  let r2 = r * r;
  let tail = r + r2 * (0.5 + r * (1.0 / 6.0 - r2 * (1.0 / 30.0 - r2 * (1.0 / 42.0 - r2 * (1.0 / 30.0)))));
  return acc + tail;
}

// Bernoulli log-mass from a logit, y l - softplus(l), written as -(1 - y) l - softplus(-l) for
// l > 0 (the same value) so that neither branch subtracts two large numbers.
fn bernoulli_logits_f32(l: f32, y: f32) -> f32 {
  if (l > 0.0) {
    return -(1.0 - y) * l - softplus_f32(-l);
  }
  return y * l - softplus_f32(l);
}
