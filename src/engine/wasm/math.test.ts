// The module's vector exp, tanh, sigmoid, log1p and softplus (through its `map` kernel) against
// the JavaScript library functions, in units in the last place, over their whole useful range.
import { beforeAll, describe, expect, it } from 'vitest';
import type { WasmDType, WasmKernels, WasmMapFunction } from './kernels';
import { sigmoid as fusedSigmoid, softplus as fusedSoftplus, tanh as fusedTanh } from '../cpu/fastMath';
import { elementwiseError, freshKernels, inArena } from './testHarness';

let k: WasmKernels;
beforeAll(async () => {
  k = await freshKernels();
});

function mapped(dtype: WasmDType, f: WasmMapFunction, xs: ArrayLike<number>): Float64Array | Float32Array {
  return inArena(k, (io) => {
    const x = io.input(dtype, xs);
    const out = io.garbage(dtype, xs.length);
    k.kernels(dtype).map(f, x, out, xs.length);
    return io.read(dtype, out, xs.length);
  });
}

/** Distance in units in the last place of `expected` (float64 or float32); 0 when equal, Infinity for a NaN mismatch. */
function ulps(actual: number, expected: number, dtype: WasmDType): number {
  if (actual === expected || (Number.isNaN(actual) && Number.isNaN(expected))) return 0;
  if (!Number.isFinite(actual) || !Number.isFinite(expected)) return Infinity;
  const bits = dtype === 'f64' ? 52 : 23;
  const minExp = dtype === 'f64' ? -1022 : -126;
  const e = expected === 0 ? minExp : Math.max(Math.floor(Math.log2(Math.abs(expected))), minExp);
  return Math.abs(actual - expected) / 2 ** (e - bits);
}

function worstUlps(actual: ArrayLike<number>, expected: ArrayLike<number>, dtype: WasmDType): { ulps: number; at: number } {
  let worst = { ulps: 0, at: -1 };
  for (let i = 0; i < expected.length; i++) {
    const u = ulps(actual[i], expected[i], dtype);
    if (u > worst.ulps) worst = { ulps: u, at: i };
  }
  return worst;
}

/** n points evenly spaced over [lo, hi], plus a jitter so they do not all sit on round numbers. */
function grid(lo: number, hi: number, n: number): number[] {
  return Array.from({ length: n }, (_, i) => lo + ((hi - lo) * (i + 0.5 + 0.37 * Math.sin(i))) / n);
}

const SPECIALS = [0, -0, Number.NaN, Infinity, -Infinity, 1e-300, -1e-300, 5e-324, 1e-9, -1e-9];

describe('float64 elementary functions', () => {
  it('exp is within 1 ulp of Math.exp from underflow to overflow', () => {
    const xs = [...grid(-745, 709.7, 40001), ...grid(-1, 1, 4001), ...SPECIALS, -746, -800, 710, 1000];
    const out = mapped('f64', 'exp', xs);
    const w = worstUlps(out, xs.map(Math.exp), 'f64');
    expect(w.ulps, `at x = ${xs[w.at]}`).toBeLessThanOrEqual(1);
  });

  // Math.tanh is itself up to 2 ulp from the exact value (mpmath, 120 bits), ours up to 1.7.
  it('tanh is within 4 ulp of Math.tanh and of the TypeScript kernels', () => {
    const xs = [...grid(-25, 25, 40001), ...grid(-1e-3, 1e-3, 2001), ...SPECIALS];
    const out = mapped('f64', 'tanh', xs);
    const w = worstUlps(out, xs.map(Math.tanh), 'f64');
    expect(w.ulps, `at x = ${xs[w.at]}`).toBeLessThanOrEqual(4);
    expect(worstUlps(out, xs.map(fusedTanh), 'f64').ulps).toBeLessThanOrEqual(4);
    expect(elementwiseError(out, xs.map(fusedTanh))).toBeLessThan(1e-15);
  });

  // The reduction |x| = k ln2/2 + u switches between formulas at k = 1 and k = 2 and wraps u at
  // every multiple of ln2/2: a dense sweep, both sides of each multiple, and the extremes.
  it('tanh keeps within 3 ulp (relative 7e-16) of Math.tanh across the reduction boundaries and at the extremes', () => {
    const half = Math.LN2 / 2;
    const edges = Array.from({ length: 60 }, (_, k) => [k * half * (1 - 4e-16), k * half, k * half * (1 + 4e-16)]).flat();
    const xs = [...grid(0, 3, 300001), ...grid(3, 21, 100001), ...edges, ...grid(1e-9, 1e-6, 1001)];
    const signed = [...xs, ...xs.map((x) => -x)];
    const out = mapped('f64', 'tanh', signed);
    const w = worstUlps(out, signed.map(Math.tanh), 'f64');
    expect(w.ulps, `at x = ${signed[w.at]}`).toBeLessThanOrEqual(3);
    let worstRelative = 0;
    signed.forEach((x, i) => {
      if (x !== 0) worstRelative = Math.max(worstRelative, Math.abs(out[i] - Math.tanh(x)) / Math.abs(Math.tanh(x)));
    });
    expect(worstRelative).toBeLessThan(7e-16);
    const special = [1e-300, -1e-300, 5e-324, 1e-8, 0.1, 1, 20, 40, 1e300, -1e300, Infinity, -Infinity, 0, -0, Number.NaN];
    const got = Array.from(mapped('f64', 'tanh', special));
    expect(got.slice(0, 3)).toEqual([1e-300, -1e-300, 5e-324]); // tanh x = x to the last bit below 1e-8
    expect(Math.abs(got[3] - 1e-8)).toBeLessThanOrEqual(2 ** -79); // 1e-8 - 3.3e-25, within an ulp
    expect(Math.abs(got[4] / Math.tanh(0.1) - 1)).toBeLessThan(3e-16);
    expect(Math.abs(got[5] / Math.tanh(1) - 1)).toBeLessThan(3e-16);
    expect(got.slice(6, 12)).toEqual([1, 1, 1, -1, 1, -1]);
    expect(Object.is(got[12], 0) && Object.is(got[13], -0)).toBe(true);
    expect(got[14]).toBeNaN();
  });

  it('log1p (of non-negative arguments) is within 1 ulp of Math.log1p', () => {
    const xs = [...grid(0, 1, 20001), ...grid(0, 1e-6, 2001), ...grid(1, 1e6, 20001), 1e-300, 5e-324, 0, 1e300, Number.NaN];
    const out = mapped('f64', 'log1p', xs);
    const w = worstUlps(out, xs.map(Math.log1p), 'f64');
    expect(w.ulps, `at x = ${xs[w.at]}`).toBeLessThanOrEqual(1);
  });

  it('sigmoid and softplus are within 2 ulp of the TypeScript kernels and reach the exact tails', () => {
    const xs = [...grid(-800, 800, 40001), ...grid(-3, 3, 4001), ...SPECIALS];
    for (const [f, reference] of [['sigmoid', fusedSigmoid], ['softplus', fusedSoftplus]] as const) {
      const w = worstUlps(mapped('f64', f, xs), xs.map(reference), 'f64');
      expect(w.ulps, `${f} at x = ${xs[w.at]}`).toBeLessThanOrEqual(2);
    }
    expect(Array.from(mapped('f64', 'sigmoid', [-800, 800]))).toEqual([0, 1]);
    expect(mapped('f64', 'softplus', [-40])[0]).toBeCloseTo(4.248354255291589e-18, 30);
  });

  it('gives every lane the same answer whatever its position (partial last vector included)', () => {
    const xs = grid(-5, 5, 7);
    for (const f of ['exp', 'tanh', 'sigmoid', 'softplus'] as const) {
      const together = Array.from(mapped('f64', f, xs));
      const alone = xs.map((x) => mapped('f64', f, [x])[0]);
      expect(together).toEqual(alone);
    }
  });
});

describe('float32 elementary functions', () => {
  const f32 = (f: (x: number) => number) => (x: number) => Math.fround(f(Math.fround(x)));

  it('exp is within 2 ulp (float32) of the rounded exact value', () => {
    const xs = [...grid(-103, 88.7, 40001), ...SPECIALS, -200, 100];
    const w = worstUlps(mapped('f32', 'exp', xs), xs.map(f32(Math.exp)), 'f32');
    expect(w.ulps, `at x = ${xs[w.at]}`).toBeLessThanOrEqual(2);
  });

  it('tanh, log1p, sigmoid and softplus are within 3 ulp (float32)', () => {
    const xs = [...grid(-12, 12, 20001), ...SPECIALS];
    const pos = [...grid(0, 4, 20001), ...grid(0, 1e-4, 2001)];
    const cases: [WasmMapFunction, number[], (x: number) => number][] = [
      ['tanh', xs, Math.tanh],
      ['log1p', pos, Math.log1p],
      ['sigmoid', xs, fusedSigmoid],
      ['softplus', xs, fusedSoftplus],
    ];
    for (const [f, input, reference] of cases) {
      const w = worstUlps(mapped('f32', f, input), input.map(f32(reference)), 'f32');
      expect(w.ulps, `${f} at x = ${input[w.at]}`).toBeLessThanOrEqual(3);
    }
  });
});
