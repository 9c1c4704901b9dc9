// exp in float32 to within 1.1 ulp (measured over the normal range) on every implementation.
// WGSL's builtin exp need only be within 3 + 2|x| ulp, and SwiftShader's is 1.8e-6 relative
// (about 30 ulp) on [-30, 0]. Errors in kernel matrix entries are unstructured perturbations,
// which the inverse amplifies by the condition number (1e5 to 1e6 for the SVGP's K_zz at the
// notebook's jitter). Measured over 100 SVGP steps against the float64 run, the webgpu loss
// curve drifts 6.3e-4 (B = 200) and 6.8e-4 (full batch) with the builtin, 5.5e-4 and 1.5e-4
// with this exp (the cpu float32 run: 3.8e-5 and 7.0e-5).
//
// Cody and Waite's reduction: x = n ln2 + r with n = round(x / ln2), |r| <= ln2 / 2, where ln2
// is split into EXP_LN2_HI (15 significant bits, so n * EXP_LN2_HI is exact for |n| < 512) and
// the remainder EXP_LN2_LO. exp(r) is its Taylor polynomial of degree 7 (truncation error below
// (ln2/2)^8 / 8! = 5e-9 relative), and 2^n is applied in two halves so that neither scaling
// leaves the range of ldexp.

const EXP_LN2_HI: f32 = 0.693145751953125;
const EXP_LN2_LO: f32 = 1.4286068203094173e-6;
const EXP_LOG2E: f32 = 1.4426950408889634;
// Above this exp overflows float32; below EXP_UNDERFLOW it is zero even as a subnormal.
const EXP_OVERFLOW: f32 = 88.72283;
const EXP_UNDERFLOW: f32 = -103.97208;
// +inf as a private variable: WGSL rejects infinities in constant expressions.
var<private> EXP_INF_BITS: u32 = 0x7f800000u;

fn exp_f32(x: f32) -> f32 {
  let bits = bitcast<u32>(x);
  // NaN stays NaN (tested on the bit pattern, which no compiler assumption can remove).
  if ((bits & 0x7fffffffu) > 0x7f800000u) {
    return x;
  }
  if (x > EXP_OVERFLOW) {
    return bitcast<f32>(EXP_INF_BITS);
  }
  if (x < EXP_UNDERFLOW) {
    return 0.0;
  }
  let n = round(x * EXP_LOG2E);
  let r = (x - n * EXP_LN2_HI) - n * EXP_LN2_LO;
  let p = 1.0 + r * (1.0 + r * (0.5 + r * (1.0 / 6.0 + r * (1.0 / 24.0 + r * (1.0 / 120.0 + r * (1.0 / 720.0 + r * (1.0 / 5040.0)))))));
  let k = i32(n);
  let half = k / 2;
  return ldexp(ldexp(p, half), k - half);
}
