import { describe, expect, it } from 'vitest';
import { seededUniform } from '../testing/fixtures';
import { expNonPositive, sigmoid, softplus, tanh } from './fastMath';

const ULP = 2 ** -52;

/** Largest error of f against the reference, in units of the reference's last place (relative). */
function maxUlp(f: (x: number) => number, ref: (x: number) => number, xs: number[]): { ulp: number; at: number } {
  let worst = 0;
  let at = NaN;
  for (const x of xs) {
    const r = ref(x);
    const e = r === 0 ? Math.abs(f(x)) / Number.MIN_VALUE : Math.abs(f(x) - r) / (Math.abs(r) * ULP);
    if (!(e <= worst)) {
      worst = e;
      at = x;
    }
  }
  return { ulp: worst, at };
}

function samples(n: number, seed: number, lo: number, hi: number): number[] {
  const u = seededUniform(seed);
  return Array.from({ length: n }, () => lo + (hi - lo) * u());
}

describe('fast exp and tanh against the library functions', () => {
  it('expNonPositive is within 3 ulp of Math.exp from -708 to 0, and handles the edges', () => {
    const xs = [...samples(50_000, 1, -708, 0), ...samples(20_000, 2, -1, 0), ...samples(5_000, 3, -1e-6, 0), -0.0108, -0.0054, -Math.LN2, 0];
    const r = maxUlp(expNonPositive, Math.exp, xs);
    expect(r.ulp, `at ${r.at}`).toBeLessThan(3);
    expect(expNonPositive(0)).toBe(1);
    expect(expNonPositive(-800)).toBe(0);
    expect(expNonPositive(-720)).toBe(Math.exp(-720));
    expect(expNonPositive(NaN)).toBeNaN();
  });

  it('tanh is within 4 ulp of Math.tanh, odd, and exactly +-1 in the tails', () => {
    const xs = [...samples(50_000, 4, -25, 25), ...samples(50_000, 5, -1, 1), ...samples(5_000, 6, -1e-8, 1e-8), 0.5, -0.5, 0.4999999, 19.09, 19.1];
    const r = maxUlp(tanh, Math.tanh, xs.filter((x) => x !== 0));
    expect(r.ulp, `at ${r.at}`).toBeLessThan(4);
    for (const x of [0.3, 2, 7]) expect(tanh(-x)).toBe(-tanh(x));
    expect(tanh(30)).toBe(1);
    expect(tanh(-1e300)).toBe(-1);
    expect(Object.is(tanh(-0), -0)).toBe(true);
    expect(tanh(NaN)).toBeNaN();
  });

  it('sigmoid and softplus match their closed forms', () => {
    const xs = samples(20_000, 7, -40, 40);
    const sig = (x: number) => 1 / (1 + Math.exp(-x));
    expect(maxUlp(sigmoid, sig, xs).ulp).toBeLessThan(6);
    const sp = (x: number) => (x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x)));
    expect(maxUlp(softplus, sp, xs).ulp).toBeLessThan(6);
    expect(sigmoid(-800)).toBe(0);
    expect(sigmoid(800)).toBe(1);
    expect(softplus(800)).toBe(800);
    expect(softplus(-800)).toBe(0);
  });
});
