import { describe, expect, it } from 'vitest';
import {
  baseRateToBreak,
  exponential,
  largestStableK,
  limitK,
  logLogSlope,
  niceAtLeast,
  parseExponential,
  ruleReach,
  runName,
  stoppedLabel,
  warmupVerdict,
} from './figures';
import { accumulationMicros, crossCheck, ksUpTo, powersOfTwo, varianceBatchSizes } from './schema';
import { SCALING_SCHEMA } from './schema';
import { defaultValues } from '../../urlState';

describe('scaling figures', () => {
  it('fits the log-log slope, ignoring points a log axis cannot show', () => {
    const xs = [1, 2, 4, 8];
    expect(logLogSlope(xs, xs.map((b) => 3 / b))).toBeCloseTo(-1, 12);
    expect(logLogSlope([...xs, 16], [...xs.map((b) => 5 * b * b), 0])).toBeCloseTo(2, 12);
    expect(logLogSlope([1], [1])).toBeNull();
    expect(logLogSlope([2, 2], [1, 3])).toBeNull();
  });

  it('finds the stability limit in k and the largest stable k', () => {
    expect(limitK(1.93, 0.01)).toBeCloseTo(193, 10);
    const runs = [1, 2, 4, 8, 16, 32, 64].map((k) => ({ k, learningRate: 0.05 * k }));
    expect(largestStableK(runs, 1.93)).toBe(32);
    expect(largestStableK(runs, 0.01)).toBeNull();
  });

  it('suggests a round base rate that breaks the largest k', () => {
    expect(niceAtLeast(0.0377)).toBe(0.05);
    expect(niceAtLeast(0.05)).toBe(0.05);
    expect(niceAtLeast(0.011)).toBe(0.02);
    expect(niceAtLeast(3)).toBe(5);
    expect(niceAtLeast(7)).toBe(10);
    expect(baseRateToBreak(1.933, 64)).toBe(0.05);
    expect(baseRateToBreak(1.933, 256)).toBe(0.01);
  });

  it('names what warm-up did', () => {
    const ok = { diverged: false, divergedAtEpoch: null };
    const at = (e: number) => ({ diverged: true, divergedAtEpoch: e });
    expect(warmupVerdict(ok, ok)).toBe('both stable');
    expect(warmupVerdict(at(2), ok)).toBe('rescued');
    expect(warmupVerdict(at(2), at(5))).toBe('postponed');
    expect(warmupVerdict(at(2), at(2))).toBe('not helped');
    expect(warmupVerdict(ok, at(4))).toBe('broken by warm-up');
    expect(stoppedLabel(at(3))).toBe('diverged in epoch 3');
  });

  it('finds how far the rule holds on a noisy objective', () => {
    const run = (k: number, tailMean: number | null, diverged = false) => ({ k, tailMean, diverged });
    const runs = [run(1, 0.3), run(2, 0.32), run(4, 0.31), run(8, 0.4), run(16, 0.31)];
    expect(ruleReach(runs)).toEqual({ holdsUpTo: 4, partsAt: 8 });
    expect(ruleReach(runs, 0.5)).toEqual({ holdsUpTo: 16, partsAt: null });
    // A run stopped by the learner says nothing; a diverged one parts.
    expect(ruleReach([run(1, 0.3), run(2, null)])).toEqual({ holdsUpTo: 1, partsAt: null });
    expect(ruleReach([run(1, 0.3), run(2, 0.3), run(4, null, true)])).toEqual({ holdsUpTo: 2, partsAt: 4 });
    expect(ruleReach([run(2, 0.3)])).toBeNull();
  });

  it('prints tiny numbers with a true minus sign and reads them back', () => {
    expect(exponential(2.22e-16)).toBe('2.22e−16');
    expect(exponential(0)).toBe('0');
    expect(exponential(null)).toBe('–');
    expect(parseExponential('2.22e−16')).toBeCloseTo(2.22e-16, 30);
    expect(runName(4, 128, 0.04)).toBe('k=4: B=128, η=0.04');
  });
});

describe('scaling settings', () => {
  it('lists batch sizes, multipliers and the accumulation K', () => {
    expect(varianceBatchSizes(10_000)).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024]);
    expect(varianceBatchSizes(1000)).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256, 512]);
    expect(powersOfTwo(2, 9)).toEqual([2, 4, 8]);
    expect(ksUpTo('8')).toEqual([1, 2, 4, 8]);
    expect(accumulationMicros(8, 32, 10_000)).toEqual([2, 4, 8, 16, 32, 64]);
    expect(accumulationMicros(100, 32, 10_000)).toEqual([2, 4, 8, 16, 32, 64, 100]);
    expect(accumulationMicros(256, 32, 10_000)).toEqual([2, 4, 8, 16, 32, 64, 128, 256]);
    expect(accumulationMicros(1, 1000, 3000)).toEqual([1, 2]);
  });

  it('checks settings that depend on each other', () => {
    const d = defaultValues(SCALING_SCHEMA);
    expect(crossCheck(d)).toEqual([]);
    expect(crossCheck({ ...d, micro: 400, microBatch: 32 })[0]).toContain('12800');
    expect(crossCheck({ ...d, n: 1000, baseBatch: 2048 })[0]).toContain('allowed 1 to N = 1000');
  });
});
