import { describe, expect, it } from 'vitest';
import {
  bits,
  erfinv,
  foldIn,
  key,
  normal,
  randint,
  split,
  threefry2x32,
  uniform,
  type Key,
} from './random';
import { erf, erfc } from './special';

const asList = (k: Key): number[] => Array.from(k);

/** |a - b| in units of the float64 spacing at b. */
function ulps(a: number, b: number): number {
  const exp = Math.floor(Math.log2(Math.abs(b)));
  return Math.abs(a - b) / 2 ** (exp - 52);
}

/** Standard normal CDF, via erfc so it stays accurate in the lower tail. */
const normalCdf = (x: number): number => 0.5 * erfc(-x / Math.SQRT2);

/** Kolmogorov-Smirnov statistic sup |F_n - F| of a sample against a continuous CDF. */
function ksStatistic(sample: ArrayLike<number>, cdf: (x: number) => number): number {
  const xs = Float64Array.from(sample).sort();
  const n = xs.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = cdf(xs[i]);
    d = Math.max(d, (i + 1) / n - f, f - i / n);
  }
  return d;
}

function meanVar(xs: ArrayLike<number>): [number, number] {
  let m = 0;
  for (let i = 0; i < xs.length; i++) m += xs[i];
  m /= xs.length;
  let v = 0;
  for (let i = 0; i < xs.length; i++) v += (xs[i] - m) ** 2;
  return [m, v / (xs.length - 1)];
}

describe('JAX test vectors (threefry_partitionable=True, the current default)', () => {
  it('split(key(0), 2)', () => {
    expect(split(key(0), 2).map(asList)).toEqual([
      [1797259609, 2579123966],
      [928981903, 3453687069],
    ]);
  });

  it('bits(key(0), 4)', () => {
    expect(Array.from(bits(key(0), 4))).toEqual([4070199207, 4202968722, 1427181096, 2012915765]);
  });

  it('threefry2x32 matches the Random123 known-answer vectors used by JAX test_threefry_2x32', () => {
    const kat = (k: [number, number], x: [number, number]): string[] =>
      threefry2x32(Uint32Array.of(...k), Uint32Array.of(x[0]), Uint32Array.of(x[1])).map((y) =>
        y[0].toString(16),
      );
    expect(kat([0, 0], [0, 0])).toEqual(['6b200159', '99ba4efe']);
    expect(kat([0xffffffff, 0xffffffff], [0xffffffff, 0xffffffff])).toEqual(['1cb996fc', 'bb002be7']);
    expect(kat([0x13198a2e, 0x03707344], [0x243f6a88, 0x85a308d3])).toEqual(['c4923a9c', '483df7a0']);
  });

  it('threefry2x32 is elementwise over its counter arrays', () => {
    const k = key(3);
    const [y0, y1] = threefry2x32(k, Uint32Array.of(0, 7, 0xffffffff), Uint32Array.of(1, 2, 3));
    const [s0, s1] = threefry2x32(k, Uint32Array.of(7), Uint32Array.of(2));
    expect([y0[1], y1[1]]).toEqual([s0[0], s1[0]]);
    expect(() => threefry2x32(k, new Uint32Array(2), new Uint32Array(3))).toThrow(/length/);
  });
});

describe('keys', () => {
  it('key(seed) is [seed >> 32, seed & 0xffffffff]', () => {
    expect(asList(key(0))).toEqual([0, 0]);
    expect(asList(key(42))).toEqual([0, 42]);
    expect(asList(key(2 ** 32 - 1))).toEqual([0, 4294967295]);
    expect(asList(key(2 ** 32 + 5))).toEqual([1, 5]);
    expect(asList(key(2 ** 53 - 1))).toEqual([2 ** 21 - 1, 4294967295]);
  });

  it('key rejects negative, fractional and unsafe seeds', () => {
    expect(() => key(-1)).toThrow(/non-negative/);
    expect(() => key(1.5)).toThrow();
    expect(() => key(NaN)).toThrow();
    expect(() => key(2 ** 53)).toThrow();
  });

  it('rejects malformed keys and counts', () => {
    expect(() => bits(new Uint32Array(3), 2)).toThrow(/length 2/);
    expect(() => bits(key(0), -1)).toThrow(/count/);
    expect(() => uniform(key(0), 2.5)).toThrow(/count/);
    expect(() => split(key(0), 1.5)).toThrow(/count/);
  });

  it('is deterministic: same key, same draws, regardless of what was drawn before', () => {
    const k = key(1234);
    const a = uniform(k, 50);
    normal(k, 10);
    bits(key(99), 100);
    expect(uniform(k, 50)).toEqual(a);
    expect(split(key(1234), 3).map(asList)).toEqual(split(k, 3).map(asList));
    expect(randint(k, 20, 0, 100)).toEqual(randint(key(1234), 20, 0, 100));
  });

  it('never mutates the key it is given', () => {
    const k = key(77);
    split(k, 4);
    foldIn(k, 3);
    bits(k, 8);
    uniform(k, 8, 'f32');
    normal(k, 8);
    randint(k, 8, 0, 3);
    expect(asList(k)).toEqual([0, 77]);
  });

  it('split keys are distinct from each other and from the parent', () => {
    const k = key(0);
    const seen = new Set<string>([asList(k).join(',')]);
    for (const s of split(k, 1000)) seen.add(asList(s).join(','));
    expect(seen.size).toBe(1001);
  });

  it('partitionable split: key i does not depend on num, and equals foldIn(k, i)', () => {
    const k = key(5);
    const five = split(k, 5).map(asList);
    expect(split(k, 2).map(asList)).toEqual(five.slice(0, 2));
    for (let i = 0; i < 5; i++) expect(asList(foldIn(k, i))).toEqual(five[i]);
  });

  it('foldIn differs by data and wraps data to uint32 like JAX', () => {
    const k = key(0);
    const seen = new Set<string>();
    for (let d = 0; d < 500; d++) seen.add(asList(foldIn(k, d)).join(','));
    expect(seen.size).toBe(500);
    expect(asList(foldIn(k, 1))).not.toEqual(asList(foldIn(key(1), 1)));
    expect(asList(foldIn(k, -1))).toEqual(asList(foldIn(k, 4294967295)));
    expect(() => foldIn(k, 0.5)).toThrow(/integer/);
    expect(() => foldIn(k, 2 ** 32)).toThrow(/integer/);
  });
});

describe('bits and uniform layout', () => {
  it('bits(k, n)[i] = y0 ^ y1 of the block at counter (0, i), so shorter draws are prefixes', () => {
    const k = key(11);
    const n = 64;
    const iota = Uint32Array.from({ length: n }, (_, i) => i);
    const [y0, y1] = threefry2x32(k, new Uint32Array(n), iota);
    const b = bits(k, n);
    for (let i = 0; i < n; i++) expect(b[i]).toBe((y0[i] ^ y1[i]) >>> 0);
    expect(bits(k, 10)).toEqual(b.slice(0, 10));
  });

  it('f64 uniform uses the 64-bit word (y0 << 32 | y1): mantissa bits OR 1.0, minus 1', () => {
    const k = key(2024);
    const n = 200;
    const [y0, y1] = threefry2x32(k, new Uint32Array(n), Uint32Array.from({ length: n }, (_, i) => i));
    const u = uniform(k, n);
    expect(u).toBeInstanceOf(Float64Array);
    const view = new DataView(new ArrayBuffer(8));
    for (let i = 0; i < n; i++) {
      // Independent bit-level construction: ((y0 * 2^32 + y1) >>> 12) | bits(1.0), bitcast, - 1.
      const word = ((BigInt(y0[i]) << 32n) | BigInt(y1[i])) >> 12n;
      view.setBigUint64(0, word | 0x3ff0000000000000n);
      expect(u[i]).toBe(view.getFloat64(0) - 1);
    }
  });

  it('f32 uniform uses the 32-bit draw: (bits >>> 9) | bits(1.0f), bitcast, - 1', () => {
    const k = key(2024);
    const n = 200;
    const b = bits(k, n);
    const u = uniform(k, n, 'f32');
    expect(u).toBeInstanceOf(Float32Array);
    const view = new DataView(new ArrayBuffer(4));
    for (let i = 0; i < n; i++) {
      view.setUint32(0, (b[i] >>> 9) | 0x3f800000);
      expect(u[i]).toBe(view.getFloat32(0) - 1);
    }
  });

  it('uniform on [0, 1): range, mean 1/2 and variance 1/12 over 1e5 draws', () => {
    for (const dtype of ['f64', 'f32'] as const) {
      const u = uniform(key(1), 100_000, dtype);
      let lo = Infinity;
      let hi = -Infinity;
      for (const x of u) {
        lo = Math.min(lo, x);
        hi = Math.max(hi, x);
      }
      expect(lo).toBeGreaterThanOrEqual(0);
      expect(hi).toBeLessThan(1);
      const [m, v] = meanVar(u);
      // Standard errors: 9.1e-4 for the mean, 2.4e-4 for the variance; bounds are ~4.5 sigma.
      expect(Math.abs(m - 0.5)).toBeLessThan(0.004);
      expect(Math.abs(v - 1 / 12)).toBeLessThan(0.001);
      expect(ksStatistic(u, (x) => Math.min(1, Math.max(0, x)))).toBeLessThan(1.63 / Math.sqrt(u.length));
    }
  });

  it('uniform scales to [lo, hi) as max(lo, u * (hi - lo) + lo)', () => {
    const k = key(8);
    const base = uniform(k, 1000);
    const scaled = uniform(k, 1000, 'f64', -3, 5);
    for (let i = 0; i < base.length; i++) {
      expect(scaled[i]).toBe(Math.max(-3, base[i] * 8 - 3));
      expect(scaled[i]).toBeGreaterThanOrEqual(-3);
      expect(scaled[i]).toBeLessThan(5);
    }
  });
});

describe('normal', () => {
  it('is sqrt(2) * erfinv of a uniform on (nextafter(-1, 0), 1), as in JAX', () => {
    const k = key(3);
    // 40,001 draws: about 80 outside erfinv's central range, and a remainder after groups of four.
    const z = normal(k, 40_001);
    const u = uniform(k, 40_001, 'f64', -1 + 2 ** -53, 1);
    let mismatches = 0;
    for (let i = 0; i < z.length; i++) if (!Object.is(z[i], Math.SQRT2 * erfinv(u[i]))) mismatches++;
    expect(mismatches).toBe(0);
    expect(u.filter((v) => Math.abs(v) > 0.998).length).toBeGreaterThan(20);
  });

  it('has mean 0, variance 1 and passes a Kolmogorov-Smirnov test against the normal CDF', () => {
    const n = 100_000;
    const z = normal(key(42), n);
    expect(z).toBeInstanceOf(Float64Array);
    expect(z.every((x) => Number.isFinite(x))).toBe(true);
    const [m, v] = meanVar(z);
    // Standard errors: 3.2e-3 for the mean, 4.5e-3 for the variance.
    expect(Math.abs(m)).toBeLessThan(0.015);
    expect(Math.abs(v - 1)).toBeLessThan(0.02);
    // 1.63 / sqrt(n) is the 1% critical value of the KS statistic.
    expect(ksStatistic(z, normalCdf)).toBeLessThan(1.63 / Math.sqrt(n));
  });

  it('f32 normal is a Float32Array that also passes the KS test', () => {
    const z = normal(key(43), 20_000, 'f32');
    expect(z).toBeInstanceOf(Float32Array);
    expect(ksStatistic(z, normalCdf)).toBeLessThan(1.63 / Math.sqrt(z.length));
  });
});

describe('randint', () => {
  it('stays in [minval, maxval) and is uniform over the bins (chi-square)', () => {
    const cases: [number, number][] = [
      [0, 10],
      [-5, 7],
    ];
    for (const [lo, hi] of cases) {
      const n = 100_000;
      const r = randint(key(9), n, lo, hi);
      expect(r).toBeInstanceOf(Int32Array);
      expect(r.every((x) => x >= lo && x < hi)).toBe(true);
      const counts = new Array<number>(hi - lo).fill(0);
      for (const x of r) counts[x - lo]++;
      const expected = n / (hi - lo);
      const chi2 = counts.reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
      // 0.999 quantiles: 27.9 for 9 degrees of freedom, 32.9 for 11.
      expect(chi2).toBeLessThan(hi - lo === 10 ? 27.9 : 32.9);
    }
  });

  it('follows JAX: ((hi % span) * (2^32 % span) + lo % span) % span from split(k) bits', () => {
    const k = key(21);
    const n = 300;
    const [k1, k2] = split(k, 2);
    const higher = bits(k1, n);
    const lower = bits(k2, n);
    const r = randint(k, n, 3, 13); // span 10: multiplier = (65536 % 10)^2 % 10 = 6 = 2^32 % 10
    for (let i = 0; i < n; i++) expect(r[i]).toBe(3 + (((higher[i] % 10) * 6 + (lower[i] % 10)) % 10));
    // span > 2^16: JAX's uint32 multiplier 65536 * 65536 wraps to 0, leaving lower % span.
    const big = randint(k, n, -50_000, 50_000);
    for (let i = 0; i < n; i++) expect(big[i]).toBe(-50_000 + (lower[i] % 100_000));
    // maxval beyond int32: span wraps to 0, and x rem 0 = x, so all of int32 is covered.
    const full = randint(k, n, -(2 ** 31), 2 ** 31);
    for (let i = 0; i < n; i++) expect(full[i]).toBe((lower[i] - 2 ** 31) | 0);
  });

  it('returns minval when maxval <= minval and rejects non-integers', () => {
    expect(Array.from(randint(key(0), 5, 4, 4))).toEqual([4, 4, 4, 4, 4]);
    expect(Array.from(randint(key(0), 5, 4, -10))).toEqual([4, 4, 4, 4, 4]);
    expect(Array.from(randint(key(0), 5, 7, 8))).toEqual([7, 7, 7, 7, 7]);
    expect(() => randint(key(0), 5, 0.5, 3)).toThrow(/integers/);
  });
});

describe('erf, erfc, erfinv', () => {
  it('erf matches known values to within 1 ulp', () => {
    expect(ulps(erf(0.5), 0.5204998778130465)).toBeLessThanOrEqual(1);
    expect(ulps(erf(1), 0.8427007929497149)).toBeLessThanOrEqual(1);
    expect(ulps(erf(2), 0.9953222650189527)).toBeLessThanOrEqual(1);
    expect(ulps(erf(-0.5), -0.5204998778130465)).toBeLessThanOrEqual(1);
    expect(erf(0)).toBe(0);
    expect(erf(Infinity)).toBe(1);
    expect(erf(-Infinity)).toBe(-1);
    expect(erf(NaN)).toBeNaN();
  });

  it('erfc keeps full relative accuracy in the tail (values from mpmath)', () => {
    expect(ulps(erfc(0.25), 0.7236736098317631)).toBeLessThanOrEqual(2);
    expect(ulps(erfc(1), 0.15729920705028513)).toBeLessThanOrEqual(2);
    expect(ulps(erfc(3), 2.209049699858544e-5)).toBeLessThanOrEqual(2);
    expect(ulps(erfc(5), 1.537459794428035e-12)).toBeLessThanOrEqual(2);
    expect(ulps(erfc(10), 2.088487583762545e-45)).toBeLessThanOrEqual(4);
    expect(erfc(-Infinity)).toBe(2);
    expect(erfc(Infinity)).toBe(0);
    for (let x = -4; x <= 4; x += 0.125) expect(Math.abs(erf(x) + erfc(x) - 1)).toBeLessThan(3e-16);
  });

  it('erfinv matches known values to within 2 ulp', () => {
    // References: mpmath.erfinv at 50 digits, evaluated at the float64 inputs exactly.
    const known: [number, number][] = [
      [0.5, 0.4769362762044699],
      [0.9, 1.1630871536766743],
      [-0.3, -0.2724627147267543],
      [1e-10, 8.862269254527581e-11],
      [0.999999, 3.458910737275499],
      [1 - 2 ** -20, 3.465505025803331],
      [1 - 2 ** -40, 5.05125408524939],
      [1 - 2 ** -53, 5.8635847487551676],
    ];
    for (const [u, y] of known) expect(ulps(erfinv(u), y)).toBeLessThanOrEqual(2);
  });

  it('erfinv(erf(x)) = x to 1e-13 on [-2, 2]', () => {
    let worst = 0;
    for (let i = -2000; i <= 2000; i++) {
      const x = i / 1000;
      worst = Math.max(worst, Math.abs(erfinv(erf(x)) - x));
    }
    expect(worst).toBeLessThan(1e-13);
  });

  it('erfc(erfinv(1 - c)) = c to 1e-13 relative for c = 2^-1 ... 2^-53 (the tail)', () => {
    for (let k = 1; k <= 53; k++) {
      const c = 2 ** -k;
      expect(Math.abs(erfc(erfinv(1 - c)) / c - 1)).toBeLessThan(1e-13);
    }
  });

  it('erfinv edge cases', () => {
    expect(erfinv(1)).toBe(Infinity);
    expect(erfinv(-1)).toBe(-Infinity);
    expect(erfinv(0)).toBe(0);
    expect(Object.is(erfinv(-0), -0)).toBe(true);
    expect(erfinv(1.5)).toBeNaN();
    expect(erfinv(NaN)).toBeNaN();
    expect(erfinv(-0.7)).toBe(-erfinv(0.7));
  });
});

