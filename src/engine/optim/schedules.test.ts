import { describe, expect, it } from 'vitest';
import { ReduceOnPlateau, constant, exponentialDecay, linearWarmup, oneCycle } from './schedules';

const close = (a: number, b: number) => expect(a).toBeCloseTo(b, 14);

describe('constant', () => {
  it('returns the same value at every step', () => {
    const s = constant(0.3);
    for (const t of [0, 1, 17, 1e6]) expect(s(t)).toBe(0.3);
  });
});

describe('exponentialDecay (optax semantics)', () => {
  it('decays continuously as init * rate^(t / T)', () => {
    const s = exponentialDecay({ init: 2, decayRate: 0.5, transitionSteps: 10 });
    close(s(0), 2);
    close(s(5), 2 * Math.SQRT1_2); // 2 * 0.5^0.5
    close(s(10), 1);
    close(s(30), 0.25);
  });

  it('staircase jumps at multiples of transitionSteps', () => {
    const s = exponentialDecay({ init: 1, decayRate: 0.5, transitionSteps: 10, staircase: true });
    expect([s(0), s(9), s(10), s(19), s(20), s(29)]).toEqual([1, 1, 0.5, 0.5, 0.25, 0.25]);
  });

  it('endValue is a floor when decaying and a ceiling when growing', () => {
    const down = exponentialDecay({ init: 1, decayRate: 0.5, transitionSteps: 10, staircase: true, endValue: 0.3 });
    expect([down(10), down(20), down(1000)]).toEqual([0.5, 0.3, 0.3]);
    const up = exponentialDecay({ init: 1, decayRate: 2, transitionSteps: 10, endValue: 3 });
    close(up(10), 2);
    expect(up(20)).toBe(3);
  });

  it('holds init until transitionBegin', () => {
    const s = exponentialDecay({ init: 1, decayRate: 0.1, transitionSteps: 4, transitionBegin: 6 });
    expect([s(0), s(6)]).toEqual([1, 1]);
    close(s(8), Math.sqrt(0.1));
    close(s(10), 0.1);
  });

  it('transitionSteps <= 0 or decayRate 0 is the constant init', () => {
    expect(exponentialDecay({ init: 0.7, decayRate: 0.5, transitionSteps: 0 })(50)).toBe(0.7);
    expect(exponentialDecay({ init: 0.7, decayRate: 0, transitionSteps: 5 })(50)).toBe(0.7);
  });
});

describe('linearWarmup', () => {
  it('rises linearly from start to peak over warmupSteps, then stays', () => {
    const s = linearWarmup({ peak: 0.64, warmupSteps: 8, start: 0.01 });
    close(s(0), 0.01);
    close(s(4), 0.325); // halfway: (0.01 + 0.64) / 2
    close(s(7), 0.01 + (0.63 * 7) / 8);
    expect([s(8), s(9), s(1000)]).toEqual([0.64, 0.64, 0.64]);
  });

  it('starts from 0 by default and is constant with no warm-up steps', () => {
    const s = linearWarmup({ peak: 1, warmupSteps: 4 });
    expect([s(0), s(1), s(2), s(3), s(4)]).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(linearWarmup({ peak: 2, warmupSteps: 0 })(0)).toBe(2);
  });
});

describe('oneCycle', () => {
  // The BNN notebook's setting: 8000 steps, peak 0.008, 20 % / 80 %, div 3, final div 4.
  const s = oneCycle({ steps: 8000, peak: 0.008, pctStart: 0.2, pctFinal: 0.8, divFactor: 3, finalDivFactor: 4 });
  const low = 0.008 / 3;
  const end = low / 4;

  it('hits every knot', () => {
    close(s(0), low);
    close(s(1600), 0.008);
    close(s(6400), low);
    close(s(8000), end);
  });

  it('is linear between knots', () => {
    close(s(800), (low + 0.008) / 2);
    close(s(400), low + (0.008 - low) / 4);
    close(s(4000), (0.008 + low) / 2);
    close(s(7200), (low + end) / 2);
  });

  it('stays at the final value after the last step', () => {
    close(s(8001), end);
    close(s(1e6), end);
  });

  it('uses optax defaults (0.3, 0.85, 25, 1e4) and floors the knots like optax', () => {
    const d = oneCycle({ steps: 10, peak: 1 });
    close(d(0), 1 / 25);
    close(d(3), 1); // floor(0.3 * 10)
    close(d(8), 1 / 25); // floor(0.85 * 10) = 8
    close(d(10), 1 / 25 / 1e4);
    close(d(9), (1 / 25 + 1 / 25 / 1e4) / 2);
  });

  it('rejects inconsistent fractions', () => {
    expect(() => oneCycle({ steps: 10, peak: 1, pctStart: 0.9, pctFinal: 0.5 })).toThrow(RangeError);
    expect(() => oneCycle({ steps: 0, peak: 1 })).toThrow(RangeError);
  });
});

/** Feeds losses one by one; returns the 1-based call indices at which the scale changed. */
function reductionCalls(p: ReduceOnPlateau, losses: (t: number) => number, calls: number): number[] {
  const at: number[] = [];
  let prev = p.scale;
  for (let t = 0; t < calls; t++) {
    const s = p.update(losses(t));
    if (s !== prev) at.push(t + 1);
    prev = s;
  }
  return at;
}

describe('ReduceOnPlateau', () => {
  it('flat losses: the first window sets the best, each further `patience` windows reduce', () => {
    // Window k (1-based) ends at call 100 k. Window 1 improves on +inf; windows 2..11 are the
    // 10 non-improving ones, so the first reduction is at call 1100, then every 1000 calls.
    const p = new ReduceOnPlateau({ accumulationSize: 100, patience: 10, rtol: 1e-4, factor: 0.1 });
    expect(reductionCalls(p, () => 5, 3500)).toEqual([1100, 2100, 3100]);
    close(p.scale, 1e-3);
    expect(p.reductions).toBe(3);
  });

  it('the scale is constant within a window', () => {
    const p = new ReduceOnPlateau({ accumulationSize: 100, patience: 10 });
    for (let t = 0; t < 1099; t++) expect(p.update(1)).toBe(1);
    close(p.update(1), 0.1);
  });

  it('improving losses never reduce', () => {
    const p = new ReduceOnPlateau({ accumulationSize: 100, patience: 10, rtol: 1e-4 });
    expect(reductionCalls(p, (t) => 100 * Math.exp(-t / 1000), 6000)).toEqual([]);
  });

  it('improvements smaller than rtol count as a plateau', () => {
    // Window k's mean is 100 (1 - 1e-5)^(k-1): each step is below rtol = 1e-4, so windows 2..6
    // and 7..11 are plateaus (reductions at windows 6 and 11). Window 12 is 1.1e-4 below
    // window 1, the best, so it improves and resets; 13..17 reduce again at window 17.
    const p = new ReduceOnPlateau({ accumulationSize: 10, patience: 5, rtol: 1e-4 });
    expect(reductionCalls(p, (t) => 100 * (1 - 1e-5) ** Math.floor(t / 10), 200)).toEqual([60, 110, 170]);
    expect(p.best).toBeCloseTo(100 * (1 - 1e-5) ** 11, 12);
  });

  it('cooldown windows are not counted', () => {
    // Reduce at window 11; windows 12..16 are cooldown; 17..26 count; reduce at 26, then 41.
    const p = new ReduceOnPlateau({ accumulationSize: 100, patience: 10, cooldown: 5 });
    expect(reductionCalls(p, () => 5, 4200)).toEqual([1100, 2600, 4100]);
  });

  it('never goes below minScale', () => {
    const p = new ReduceOnPlateau({ patience: 2, factor: 0.1, minScale: 0.05 });
    const scales: number[] = [];
    for (let t = 0; t < 12; t++) scales.push(p.update(1));
    // Window 1 is the best; reductions at calls 3, 5, 7, ...: 0.1, then max(0.01, 0.05).
    expect(scales.slice(0, 4)).toEqual([1, 1, 0.1, 0.1]);
    expect(scales.slice(4)).toEqual([0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05]);
  });

  it('compares window means, not single losses', () => {
    // Losses 10, 10, 9, 11, 8, 12, ...: single values keep reaching new lows (no reduction with
    // accumulationSize 1), but every pair averages to 10 (a plateau with accumulationSize 2).
    const zigzag = (t: number) => (t < 2 ? 10 : t % 2 === 0 ? 10 - t / 2 : 10 + (t - 1) / 2);
    expect(reductionCalls(new ReduceOnPlateau({ patience: 3 }), zigzag, 16)).toEqual([]);
    expect(reductionCalls(new ReduceOnPlateau({ patience: 3, accumulationSize: 2 }), zigzag, 16)).toEqual([8, 14]);
  });

  it('an improvement resets the plateau count', () => {
    const p = new ReduceOnPlateau({ patience: 3 });
    // 5 (best), 5, 5 (count 2), 4 (best, reset), 4, 4, 4 (count 3: reduce at call 7).
    expect(reductionCalls(p, (t) => [5, 5, 5, 4, 4, 4, 4, 4][t], 8)).toEqual([7]);
  });

  it('a NaN loss never improves and an improvement on a negative best needs rtol * |best|', () => {
    const p = new ReduceOnPlateau({ patience: 2, rtol: 0.1 });
    // -10 (best), -10.5 (not below -11), NaN: two non-improving windows -> reduce at call 3.
    expect(reductionCalls(p, (t) => [-10, -10.5, NaN][t], 3)).toEqual([3]);
  });

  it('rejects bad settings', () => {
    expect(() => new ReduceOnPlateau({ factor: 1 })).toThrow(RangeError);
    expect(() => new ReduceOnPlateau({ patience: 0 })).toThrow(RangeError);
    expect(() => new ReduceOnPlateau({ accumulationSize: 1.5 })).toThrow(RangeError);
  });
});
