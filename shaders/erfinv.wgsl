// erfinv in float32 for the normal sampler: the same scheme and the same polynomials as
// erfinv() in src/engine/random.ts (Chebyshev fits of erfinv(a)/a in w = -ln(1 - a^2) on three
// ranges), generated from that file and evaluated in f32. The TypeScript f32 sampler evaluates
// erfinv in float64 and rounds once, so the two agree to a few f32 ulp, not bit for bit: the
// f32 rounding of w (an ulp of w moves erfinv by less than 1e-7 relative) and of the Horner steps.

fn erfinv_central(t: f32) -> f32 {
  var p = -1.9123778045391186e-23;
  p = p * t + -3.3795536525485224e-22;
  p = p * t + 4.357475280244854e-21;
  p = p * t + 1.8739434875095462e-20;
  p = p * t + -3.7848217521105335e-19;
  p = p * t + 6.396664855709971e-19;
  p = p * t + 1.5992591736199305e-17;
  p = p * t + -1.226305743260548e-16;
  p = p * t + -4.417003393665373e-17;
  p = p * t + 6.525767922399858e-15;
  p = p * t + -3.998852309540432e-14;
  p = p * t + -8.074665167507013e-14;
  p = p * t + 2.6303859148085384e-12;
  p = p * t + -1.2978692479994892e-11;
  p = p * t + -5.4142609576164565e-11;
  p = p * t + 1.051223070748762e-09;
  p = p * t + -4.112661266924503e-09;
  p = p * t + -2.907039074871087e-08;
  p = p * t + 4.234788178266526e-07;
  p = p * t + -1.3654691764135042e-06;
  p = p * t + -1.3882523394637344e-05;
  p = p * t + 0.0001867342080200925;
  p = p * t + -0.0007407025341544301;
  p = p * t + -0.006033670871426909;
  p = p * t + 0.2401581824255883;
  p = p * t + 1.6536545626831027;
  return p;
}

fn erfinv_tail(t: f32) -> f32 {
  var p = -1.4414402902576647e-09;
  p = p * t + 7.602734181548034e-09;
  p = p * t + -1.1037793186805448e-08;
  p = p * t + -2.069721217948336e-08;
  p = p * t + 1.2617019273822622e-07;
  p = p * t + -2.4575721605517875e-07;
  p = p * t + -2.3768438869458365e-08;
  p = p * t + 1.4817686493076977e-06;
  p = p * t + -3.987383279152877e-06;
  p = p * t + 2.9325103785542764e-06;
  p = p * t + 1.2465490012885596e-05;
  p = p * t + -4.732066388775043e-05;
  p = p * t + 6.828703766281446e-05;
  p = p * t + 2.4031510350318603e-05;
  p = p * t + -0.00035503780550499826;
  p = p * t + 0.000953289341795833;
  p = p * t + -0.001688275535921936;
  p = p * t + 0.002491442097947516;
  p = p * t + -0.003751208508212327;
  p = p * t + 0.005370914553555193;
  p = p * t + 1.0052589676941652;
  p = p * t + 3.0838856104922208;
  return p;
}

fn erfinv_far_tail(t: f32) -> f32 {
  var p = 5.0294638317171234e-12;
  p = p * t + -2.0469026960933108e-11;
  p = p * t + 1.8836261943277935e-11;
  p = p * t + 6.991455005495576e-11;
  p = p * t + -3.891029733762427e-10;
  p = p * t + 1.315363872459033e-09;
  p = p * t + -3.5249190822801067e-09;
  p = p * t + 7.822040738410833e-09;
  p = p * t + -1.521973066440248e-08;
  p = p * t + 2.901831210315565e-08;
  p = p * t + -6.757032620612133e-08;
  p = p * t + 2.2905292955975568e-07;
  p = p * t + -9.930260580756307e-07;
  p = p * t + 4.526052504540241e-06;
  p = p * t + -1.968177112463216e-05;
  p = p * t + 7.599527809894209e-05;
  p = p * t + -0.00021503011980329156;
  p = p * t + -0.0001387193183802327;
  p = p * t + 1.0103004648645448;
  p = p * t + 4.849906401408584;
  return p;
}

// The bit pattern of +inf. WGSL has no inf literal and rejects infinities in constant
// expressions, so it lives in a private variable and becomes a float at run time.
var<private> erfinv_inf_bits: u32 = 0x7f800000u;

// erfinv(u) for u in (-1, 1); +-1 give +-inf.
fn erfinv_f32(u: f32) -> f32 {
  let a = abs(u);
  if (a >= 1.0) {
    let inf = bitcast<f32>(erfinv_inf_bits);
    return select(-inf, inf, u > 0.0);
  }
  // (1 - a)(1 + a) rather than 1 - a^2: 1 - a is exact for a >= 1/2, so w keeps its relative
  // precision as a -> 1 and the tails are as accurate as the centre.
  let w = -log((1.0 - a) * (1.0 + a));
  var p: f32;
  if (w <= 6.25) {
    p = erfinv_central(w - 3.125);
  } else if (w <= 16.0) {
    p = erfinv_tail(sqrt(w) - 3.25);
  } else {
    p = erfinv_far_tail(sqrt(w) - 5.0);
  }
  return u * p;
}
