/**
 * Counter-based pseudo-random numbers: Threefry-2x32 with JAX's key semantics, bit for bit.
 *
 * Why counter-based: a key plus a counter maps to random bits through a pure function (a block
 * cipher), so there is no hidden generator state. Splitting a key, folding data into it, and
 * drawing n values are all just evaluations of that function at different counters, which makes
 * every draw reproducible from the key alone and lets workers draw in parallel without sharing
 * state. Threefry is the Threefish block cipher with its key schedule simplified and its round
 * count cut to 20, which still passes BigCrush: J. K. Salmon, M. A. Moraes, R. O. Dror,
 * D. E. Shaw, "Parallel random numbers: as easy as 1, 2, 3", SC '11 (2011).
 *
 * The key/split/fold_in design follows JAX's PRNG design notes (the "JAX PRNG Design" JEP,
 * jax/docs/jep/263-prng.md) and its implementation in jax/_src/prng.py and jax/_src/random.py,
 * in the `jax_threefry_partitionable=True` mode that is the default in current JAX. In that mode
 * every derived quantity is one Threefry block per output element at counter (hi, lo) =
 * the element's flat index split into two 32-bit words:
 *
 *   split(k, n)[i]   = threefry2x32(k, hi(i), lo(i))            (both output words form key i)
 *   foldIn(k, d)     = threefry2x32(k, 0, d)                    (so foldIn(k, i) = split(k, n)[i])
 *   bits(k, n)[i]    = y0 ^ y1 where (y0, y1) = threefry2x32(k, hi(i), lo(i))
 *   64-bit bits[i]   = y0 * 2^32 + y1                           (used by float64 uniform)
 *
 * Counts are limited to 2^32 here, so hi(i) is always 0.
 *
 * All functions are pure; keys are never mutated and every result is a fresh array, except the
 * `...Into` forms, which write into an array they are given (the random kernels use them), and
 * step keys (stepKey.ts), whose value a training loop sets before each step: split and foldIn
 * of a step key make derived keys that can make themselves again, and host draws from one are
 * refused.
 */

import { DerivedKey, StepKey, refuseHostDraw } from './stepKey';

/**
 * A PRNG key: a Uint32Array of length 2, laid out as JAX's `random.key_data(key)`,
 * i.e. [high word, low word] of the seed for keys made by {@link key}. Treat it as immutable.
 */
export type Key = Uint32Array;

/** Output precision of the floating-point samplers: JAX float32 or float64 (x64 mode). */
export type FloatDType = 'f32' | 'f64';

const TWO_POW_32 = 4294967296;
const TWO_POW_M23 = 1 / 8388608; // 2^-23: one f32 mantissa ulp at 1.0
const TWO_POW_M32 = 1 / TWO_POW_32;
const TWO_POW_M52 = TWO_POW_M32 / 1048576; // 2^-52: one f64 mantissa ulp at 1.0
const MAX_COUNT = TWO_POW_32; // keeps the high counter word at 0 (see module comment)
const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

// ---------------------------------------------------------------------------------------------
// The Threefry-2x32 block function
// ---------------------------------------------------------------------------------------------

// Results of the last `block` call. A scalar "return slot" instead of an array return keeps the
// hot loops allocation-free; JS is single-threaded per realm, so this cannot race.
let out0 = 0;
let out1 = 0;

/** Rotate a 32-bit word left by r (0 < r < 32); result as a signed int32. */
function rotl(x: number, r: number): number {
  return (x << r) | (x >>> (32 - r));
}

/**
 * One Threefry-2x32-20 block: key (k0, k1), counter (x0, x1) -> (out0, out1) as int32 bit patterns.
 *
 * 20 rounds of "add, rotate, xor" (the Threefish MIX function) with rotation constants
 * [13, 15, 26, 6] and [17, 29, 16, 24] alternating every 4 rounds, and a key injection before
 * round 1 and after every 4 rounds (Salmon et al. 2011, Sec. 3.3). The third schedule word is
 * k0 ^ k1 ^ 0x1BD11BDA (the Threefish parity constant), and injection s adds s to the second
 * word so that the injections differ even for a zero key. Written out in full, exactly as in
 * JAX's `_threefry2x32_lowering`; `| 0` keeps every value a wrapping 32-bit integer.
 */
function block(k0: number, k1: number, x0: number, x1: number): void {
  const ks0 = k0 | 0;
  const ks1 = k1 | 0;
  const ks2 = (ks0 ^ ks1 ^ 0x1bd11bda) | 0;
  let a = (x0 + ks0) | 0;
  let b = (x1 + ks1) | 0;

  // Rounds 1-4, rotations R0.
  a = (a + b) | 0; b = rotl(b, 13) ^ a;
  a = (a + b) | 0; b = rotl(b, 15) ^ a;
  a = (a + b) | 0; b = rotl(b, 26) ^ a;
  a = (a + b) | 0; b = rotl(b, 6) ^ a;
  a = (a + ks1) | 0; b = (b + ks2 + 1) | 0;

  // Rounds 5-8, rotations R1.
  a = (a + b) | 0; b = rotl(b, 17) ^ a;
  a = (a + b) | 0; b = rotl(b, 29) ^ a;
  a = (a + b) | 0; b = rotl(b, 16) ^ a;
  a = (a + b) | 0; b = rotl(b, 24) ^ a;
  a = (a + ks2) | 0; b = (b + ks0 + 2) | 0;

  // Rounds 9-12, rotations R0.
  a = (a + b) | 0; b = rotl(b, 13) ^ a;
  a = (a + b) | 0; b = rotl(b, 15) ^ a;
  a = (a + b) | 0; b = rotl(b, 26) ^ a;
  a = (a + b) | 0; b = rotl(b, 6) ^ a;
  a = (a + ks0) | 0; b = (b + ks1 + 3) | 0;

  // Rounds 13-16, rotations R1.
  a = (a + b) | 0; b = rotl(b, 17) ^ a;
  a = (a + b) | 0; b = rotl(b, 29) ^ a;
  a = (a + b) | 0; b = rotl(b, 16) ^ a;
  a = (a + b) | 0; b = rotl(b, 24) ^ a;
  a = (a + ks1) | 0; b = (b + ks2 + 4) | 0;

  // Rounds 17-20, rotations R0.
  a = (a + b) | 0; b = rotl(b, 13) ^ a;
  a = (a + b) | 0; b = rotl(b, 15) ^ a;
  a = (a + b) | 0; b = rotl(b, 26) ^ a;
  a = (a + b) | 0; b = rotl(b, 6) ^ a;
  a = (a + ks2) | 0; b = (b + ks0 + 5) | 0;

  out0 = a;
  out1 = b;
}

/** Throws unless k is a key (a Uint32Array of length 2). */
export function checkKey(k: Key, fn: string): void {
  if (!(k instanceof Uint32Array) || k.length !== 2) {
    throw new Error(`${fn}: a key must be a Uint32Array of length 2`);
  }
}

function checkCount(count: number, fn: string): void {
  if (!Number.isInteger(count) || count < 0 || count > MAX_COUNT) {
    throw new Error(`${fn}: count must be an integer in [0, 2^32], got ${count}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Keys
// ---------------------------------------------------------------------------------------------

/** JAX's `random.key(seed)` / `PRNGKey(seed)` for threefry2x32: seed (integer in [0, 2^53)) -> Key [hi, lo]. */
export function key(seed: number): Key {
  // JAX's threefry_seed: hi word = seed >> 32, lo word = seed & 0xFFFFFFFF. Negative seeds are
  // rejected because JAX itself maps them differently with and without x64 mode.
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw new Error(`key: seed must be a non-negative integer below 2^53, got ${seed}`);
  }
  return Uint32Array.of(Math.floor(seed / TWO_POW_32), seed >>> 0);
}

/** Raw Threefry-2x32-20 (Salmon et al. 2011) as JAX's threefry2x32_p: key [2], counters x0, x1 [n] -> outputs [n], [n]. */
export function threefry2x32(k: Key, x0: Uint32Array, x1: Uint32Array): [Uint32Array, Uint32Array] {
  checkKey(k, 'threefry2x32');
  if (x0.length !== x1.length) {
    throw new Error(`threefry2x32: counter words differ in length (${x0.length} vs ${x1.length})`);
  }
  const n = x0.length;
  const y0 = new Uint32Array(n);
  const y1 = new Uint32Array(n);
  const k0 = k[0];
  const k1 = k[1];
  for (let i = 0; i < n; i++) {
    block(k0, k1, x0[i], x1[i]);
    y0[i] = out0;
    y1[i] = out1;
  }
  return [y0, y1];
}

/** JAX's `random.split(k, num)` (partitionable mode): Key -> num new Keys, key i = threefry2x32(k, 0, i). */
export function split(k: Key, num = 2): Key[] {
  checkKey(k, 'split');
  checkCount(num, 'split');
  // JAX's _threefry_split_foldlike: counters iota_2x32_shape((num,)), both output words stacked
  // into key i. Unlike the original (non-partitionable) split, key i does not depend on num.
  const keys: Key[] = new Array<Key>(num);
  for (let i = 0; i < num; i++) {
    keys[i] = k instanceof StepKey ? new DerivedKey(k.root, k, (p, out) => splitInto(p, i, out)) : splitInto(k, i, new Uint32Array(2));
  }
  return keys;
}

/** Key i of split(k, any num), written into out. */
function splitInto(k: Uint32Array, i: number, out: Uint32Array): Uint32Array {
  block(k[0], k[1], 0, i);
  out[0] = out0;
  out[1] = out1;
  return out;
}

/** JAX's `random.fold_in(k, data)`: Key, 32-bit integer data -> Key = threefry2x32(k, 0, data). */
export function foldIn(k: Key, data: number): Key {
  checkKey(k, 'foldIn');
  // JAX casts data to uint32 (so negative int32 values wrap), then hashes threefry_seed(data) =
  // [0, data] as one counter block: x0 = [0], x1 = [data].
  if (!Number.isInteger(data) || data < INT32_MIN || data >= TWO_POW_32) {
    throw new Error(`foldIn: data must be an integer in [-2^31, 2^32), got ${data}`);
  }
  if (k instanceof StepKey) return new DerivedKey(k.root, k, (p, out) => splitInto(p, data >>> 0, out));
  return splitInto(k, data >>> 0, new Uint32Array(2));
}

// ---------------------------------------------------------------------------------------------
// Samplers
// ---------------------------------------------------------------------------------------------

/** JAX's `random.bits(k, (count,))` with dtype uint32: Key -> [count] uint32, element i = y0 ^ y1 of block (0, i). */
export function bits(k: Key, count: number): Uint32Array {
  checkKey(k, 'bits');
  refuseHostDraw(k, 'bits');
  checkCount(count, 'bits');
  const out = new Uint32Array(count);
  const k0 = k[0];
  const k1 = k[1];
  for (let i = 0; i < count; i++) {
    block(k0, k1, 0, i);
    out[i] = out0 ^ out1;
  }
  return out;
}

/**
 * JAX's `random.uniform(k, (count,), dtype, lo, hi)`: Key -> [count] floats in [lo, hi).
 *
 * Layout (the "mantissa trick" of JAX's `_uniform`: random mantissa bits under the exponent of
 * 1.0 give a float in [1, 2), minus 1 gives [0, 1) on an exact grid):
 *  - 'f32': one uint32 draw per value, b = bits(k, count)[i] = y0 ^ y1 of block (0, i);
 *    u = bitcast((b >>> 9) | 0x3F800000) - 1 = (b >>> 9) * 2^-23.
 *  - 'f64' (JAX float64 under x64): one 64-bit draw per value, the whole block (0, i) with
 *    y0 as the high and y1 as the low word (JAX's partitionable 64-bit random_bits);
 *    u = bitcast((B >>> 12) | 0x3FF0000000000000) - 1 where B = y0 * 2^32 + y1, which is
 *    exactly y0 * 2^-32 + (y1 >>> 12) * 2^-52 (the top 52 of the 64 bits, no BigInt needed).
 * Then out = max(lo, u * (hi - lo) + lo) in the output precision (f32 rounds every operation,
 * like XLA). For the default [0, 1) this is exactly u, bit for bit with JAX; for other bounds
 * it matches as long as XLA does not fuse the multiply-add into an FMA. As in JAX, rounding
 * can make out == hi for some (lo, hi); never for [0, 1).
 */
export function uniform(k: Key, count: number, dtype?: 'f64', lo?: number, hi?: number): Float64Array;
export function uniform(k: Key, count: number, dtype: 'f32', lo?: number, hi?: number): Float32Array;
export function uniform(
  k: Key,
  count: number,
  dtype?: FloatDType,
  lo?: number,
  hi?: number,
): Float64Array | Float32Array;
export function uniform(
  k: Key,
  count: number,
  dtype: FloatDType = 'f64',
  lo = 0,
  hi = 1,
): Float64Array | Float32Array {
  checkKey(k, 'uniform');
  checkCount(count, 'uniform');
  refuseHostDraw(k, 'uniform');
  if (dtype !== 'f32' && dtype !== 'f64') throw new Error(`uniform: dtype must be 'f32' or 'f64', got ${String(dtype)}`);
  return uniformInto(k, dtype === 'f32' ? new Float32Array(count) : new Float64Array(count), lo, hi);
}

/** uniform(k, out.length, dtype of out, lo, hi) written into out (the random kernels' form: no allocation, any key). */
export function uniformInto<T extends Float64Array | Float32Array>(k: Key, out: T, lo = 0, hi = 1): T {
  const count = out.length;
  const k0 = k[0];
  const k1 = k[1];
  if (out instanceof Float32Array) {
    const flo = Math.fround(lo);
    const span = Math.fround(Math.fround(hi) - flo);
    for (let i = 0; i < count; i++) {
      block(k0, k1, 0, i);
      const u = ((out0 ^ out1) >>> 9) * TWO_POW_M23;
      out[i] = Math.max(flo, Math.fround(Math.fround(u * span) + flo));
    }
    return out;
  }
  const span = hi - lo;
  for (let i = 0; i < count; i++) {
    block(k0, k1, 0, i);
    const u = (out0 >>> 0) * TWO_POW_M32 + (out1 >>> 12) * TWO_POW_M52;
    out[i] = Math.max(lo, u * span + lo);
  }
  return out;
}

const SQRT2 = Math.SQRT2;
const SQRT2_F32 = Math.fround(Math.SQRT2);

/**
 * JAX's `random.normal(k, (count,), dtype)`: Key -> [count] standard normal draws.
 *
 * As in JAX's `_normal_real`: u = uniform(k, count, dtype, nextafter(-1, 0), 1), then
 * sqrt(2) * erfinv(u) (inverse-CDF sampling; the open lower end keeps erfinv finite). The
 * uniforms u are bit-identical to JAX. erfinv is our own float64 polynomial (within 2 ulp of
 * the true value, see {@link erfinv}) and XLA's is a different polynomial with its own few-ulp
 * error, so the normals agree with JAX only to float rounding level: a few ulp in 'f64'; in
 * 'f32' erfinv is evaluated in float64 and rounded once, which can differ from XLA's float32
 * kernel in the last bit or two. Not bit for bit.
 */
export function normal(k: Key, count: number, dtype?: 'f64'): Float64Array;
export function normal(k: Key, count: number, dtype: 'f32'): Float32Array;
export function normal(k: Key, count: number, dtype?: FloatDType): Float64Array | Float32Array;
export function normal(k: Key, count: number, dtype: FloatDType = 'f64'): Float64Array | Float32Array {
  checkKey(k, 'normal');
  checkCount(count, 'normal');
  refuseHostDraw(k, 'normal');
  return normalInto(k, dtype === 'f32' ? new Float32Array(count) : new Float64Array(count));
}

/** normal(k, out.length, dtype of out) written into out (the random kernels' form: no allocation, any key). */
export function normalInto<T extends Float64Array | Float32Array>(k: Key, out: T): T {
  const count = out.length;
  if (out instanceof Float32Array) {
    uniformInto(k, out, -1 + 2 ** -24, 1); // nextafter(-1f, 0f) = -1 + 2^-24
    for (let i = 0; i < count; i++) out[i] = Math.fround(SQRT2_F32 * Math.fround(erfinv(out[i])));
    return out;
  }
  uniformInto(k, out, -1 + 2 ** -53, 1); // nextafter(-1, 0) = -1 + 2^-53
  let i = 0;
  for (; i + 4 <= count; i += 4) erfinvCentralFour(out, i);
  for (; i < count; i++) out[i] = SQRT2 * erfinv(out[i]);
  return out;
}


/**
 * out[i..i+4) = sqrt(2) erfinv(out[i..i+4)), bit for bit as erfinv: where all four are in the
 * central range (about 99.8 % of uniform draws), their four Horner recurrences run interleaved, so
 * the processor overlaps four chains of dependent multiply-adds instead of waiting on one (each
 * chain does the same operations in the same order as horner). Otherwise one at a time.
 */
function erfinvCentralFour(out: Float64Array, i: number): void {
  const u0 = out[i];
  const u1 = out[i + 1];
  const u2 = out[i + 2];
  const u3 = out[i + 3];
  const a0 = Math.abs(u0);
  const a1 = Math.abs(u1);
  const a2 = Math.abs(u2);
  const a3 = Math.abs(u3);
  const w0 = -Math.log((1 - a0) * (1 + a0));
  const w1 = -Math.log((1 - a1) * (1 + a1));
  const w2 = -Math.log((1 - a2) * (1 + a2));
  const w3 = -Math.log((1 - a3) * (1 + a3));
  // Also false for NaN, which erfinv handles.
  if (!(w0 <= 6.25 && w1 <= 6.25 && w2 <= 6.25 && w3 <= 6.25)) {
    for (let j = i; j < i + 4; j++) out[j] = SQRT2 * erfinv(out[j]);
    return;
  }
  const t0 = w0 - 3.125;
  const t1 = w1 - 3.125;
  const t2 = w2 - 3.125;
  const t3 = w3 - 3.125;
  let p0 = 0;
  let p1 = 0;
  let p2 = 0;
  let p3 = 0;
  const c = ERFINV_CENTRAL;
  for (let j = 0; j < c.length; j++) {
    const cj = c[j];
    p0 = p0 * t0 + cj;
    p1 = p1 * t1 + cj;
    p2 = p2 * t2 + cj;
    p3 = p3 * t3 + cj;
  }
  out[i] = SQRT2 * (u0 * p0);
  out[i + 1] = SQRT2 * (u1 * p1);
  out[i + 2] = SQRT2 * (u2 * p2);
  out[i + 3] = SQRT2 * (u3 * p3);
}

/** Unsigned 32-bit remainder with XLA semantics (x rem 0 = x); a, b are uint32 values. */
function urem(a: number, b: number): number {
  return b === 0 ? a : a % b;
}

/**
 * The constants of randint for [minval, maxval) (see randint): the int32 lower bound, the span as
 * uint32 and the multiplier (2^16 mod span)^2 mod span, computed once for every backend.
 */
export function randintRange(minval: number, maxval: number): { lo: number; span: number; multiplier: number } {
  if (!Number.isSafeInteger(minval) || !Number.isSafeInteger(maxval)) {
    throw new Error(`randint: minval and maxval must be integers, got ${minval}, ${maxval}`);
  }
  const maxOutOfRange = maxval > INT32_MAX;
  const lo = Math.min(Math.max(minval, INT32_MIN), INT32_MAX);
  const hi = Math.min(Math.max(maxval, INT32_MIN), INT32_MAX);
  let span = (hi - lo) >>> 0; // int32 subtraction reinterpreted as uint32
  if (hi <= lo) span = 1;
  if (maxOutOfRange && hi > lo) span = (span + 1) >>> 0;
  let multiplier = urem(65536, span);
  multiplier = urem(Math.imul(multiplier, multiplier) >>> 0, span);
  return { lo, span, multiplier };
}

/**
 * JAX's `random.randint(k, (count,), minval, maxval, dtype=int32)`: Key -> [count] int32 in [minval, maxval).
 *
 * JAX's algorithm: split k into (k1, k2), draw 32 "higher" bits from k1 and 32 "lower" bits
 * from k2, and reduce the 64-bit number higher * 2^32 + lower modulo span = maxval - minval
 * using only uint32 arithmetic: multiplier = (2^16 mod span)^2 mod span, then
 * ((higher mod span) * multiplier + (lower mod span)) mod span, all products and sums wrapping
 * mod 2^32 exactly as XLA's uint32 ops do. (Because they wrap, for span > 2^16 the multiplier
 * is 2^32 mod 2^32 = 0 and the result is just lower mod span; reproduced faithfully.)
 * Bounds are clipped to int32; maxval <= minval returns minval, and maxval > 2^31 - 1 widens
 * the span by one so 2^31 - 1 itself can be drawn, as in JAX.
 */
export function randint(k: Key, count: number, minval: number, maxval: number): Int32Array {
  checkKey(k, 'randint');
  checkCount(count, 'randint');
  refuseHostDraw(k, 'randint');
  return randintInto(k, new Int32Array(count), minval, maxval);
}

/** randint(k, out.length, minval, maxval) written into out (the random kernels' form: no allocation, any key). */
export function randintInto(k: Key, out: Int32Array, minval: number, maxval: number): Int32Array {
  const count = out.length;
  const { lo, span, multiplier } = randintRange(minval, maxval);
  // split(k, 2): the keys of the higher and the lower 32 bits.
  block(k[0], k[1], 0, 0);
  const h0 = out0;
  const h1 = out1;
  block(k[0], k[1], 0, 1);
  const l0 = out0;
  const l1 = out1;
  for (let i = 0; i < count; i++) {
    block(h0, h1, 0, i);
    const higher = (out0 ^ out1) >>> 0;
    block(l0, l1, 0, i);
    const lower = (out0 ^ out1) >>> 0;
    const t = (Math.imul(urem(higher, span), multiplier) >>> 0) + urem(lower, span);
    out[i] = (lo + urem(t >>> 0, span)) | 0;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// erfinv in float64 (erf and erfc live in special.ts)
// ---------------------------------------------------------------------------------------------

// erfinv(a) / a as polynomials (highest degree first) in a transformed variable of
// w = -ln(1 - a^2), on three ranges. The variables follow Giles, "Approximating the erfinv
// function" (GPU Gems 4, 2011): w - 3.125 centrally, sqrt(w) - 3.25 and sqrt(w) - 5 in the tail,
// where erfinv grows like sqrt(w). The coefficients are our own: Chebyshev interpolants computed
// with mpmath.chebyfit at 40 digits against mpmath.erfinv (26, 22 and 20 terms; truncation error
// below 5e-18 relative), rounded to float64. Checked against mpmath on 27000 points spread over
// (0, 1) in linear and log scale and towards 1 down to 1 - 2^-53: at most 2 ulp, 60% exact.
const ERFINV_CENTRAL = [
  -1.9123778045391186e-23, -3.3795536525485224e-22, 4.357475280244854e-21, 1.8739434875095462e-20,
  -3.7848217521105335e-19, 6.396664855709971e-19, 1.5992591736199305e-17, -1.226305743260548e-16,
  -4.417003393665373e-17, 6.525767922399858e-15, -3.998852309540432e-14, -8.074665167507013e-14,
  2.6303859148085384e-12, -1.2978692479994892e-11, -5.4142609576164565e-11, 1.051223070748762e-9,
  -4.112661266924503e-9, -2.907039074871087e-8, 4.234788178266526e-7, -1.3654691764135042e-6,
  -1.3882523394637344e-5, 0.0001867342080200925, -0.0007407025341544301, -0.006033670871426909,
  0.2401581824255883, 1.6536545626831027,
]; // w <= 6.25 (|a| <= 0.998), in w - 3.125
const ERFINV_TAIL = [
  -1.4414402902576647e-9, 7.602734181548034e-9, -1.1037793186805448e-8, -2.069721217948336e-8,
  1.2617019273822622e-7, -2.4575721605517875e-7, -2.3768438869458365e-8, 1.4817686493076977e-6,
  -3.987383279152877e-6, 2.9325103785542764e-6, 1.2465490012885596e-5, -4.732066388775043e-5,
  6.828703766281446e-5, 2.4031510350318603e-5, -0.00035503780550499826, 0.000953289341795833,
  -0.001688275535921936, 0.002491442097947516, -0.003751208508212327, 0.005370914553555193,
  1.0052589676941652, 3.0838856104922208,
]; // 6.25 < w <= 16 (|a| <= 1 - 5.6e-8), in sqrt(w) - 3.25
const ERFINV_FAR_TAIL = [
  5.0294638317171234e-12, -2.0469026960933108e-11, 1.8836261943277935e-11, 6.991455005495576e-11,
  -3.891029733762427e-10, 1.315363872459033e-9, -3.5249190822801067e-9, 7.822040738410833e-9,
  -1.521973066440248e-8, 2.901831210315565e-8, -6.757032620612133e-8, 2.2905292955975568e-7,
  -9.930260580756307e-7, 4.526052504540241e-6, -1.968177112463216e-5, 7.599527809894209e-5,
  -0.00021503011980329156, -0.0001387193183802327, 1.0103004648645448, 4.849906401408584,
]; // 16 < w <= 37.2, in sqrt(w) - 5; every float64 a < 1 has w <= 36.05

function horner(coefs: readonly number[], t: number): number {
  let p = 0;
  for (let i = 0; i < coefs.length; i++) p = p * t + coefs[i];
  return p;
}

/**
 * Inverse error function erfinv(u) for u in [-1, 1], float64 to ~2 ulp: number -> number.
 *
 * A direct polynomial approximation in w = -ln(1 - u^2), the same scheme as XLA's float64
 * ErfInv but with our own coefficients (see above). 1 - u^2 is formed as (1 - |u|)(1 + |u|),
 * where 1 - |u| is exact for |u| >= 1/2, so w keeps full relative precision as |u| -> 1 and the
 * tail (which decides the extreme normal draws) is as accurate as the centre.
 * erfinv(+-1) = +-Infinity; |u| > 1 gives NaN.
 */
export function erfinv(u: number): number {
  if (Number.isNaN(u) || u < -1 || u > 1) return NaN;
  if (u === 1) return Infinity;
  if (u === -1) return -Infinity;
  const a = Math.abs(u);
  const w = -Math.log((1 - a) * (1 + a));
  let p: number;
  if (w <= 6.25) p = horner(ERFINV_CENTRAL, w - 3.125);
  else if (w <= 16) p = horner(ERFINV_TAIL, Math.sqrt(w) - 3.25);
  else p = horner(ERFINV_FAR_TAIL, Math.sqrt(w) - 5);
  return u * p; // u * (erfinv(a) / a): odd in u, and keeps -0 as -0
}
