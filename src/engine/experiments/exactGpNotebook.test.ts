import { describe, expect, it } from 'vitest';
import { findWall, reductionPercent, runExactGpNotebook } from './exactGpNotebook';
import { StepSampler } from './stepSampler';

describe('the size sweep and the wall', () => {
  it('the wall lies between the sizes whose steps straddle one SVGP step, on log-log axes', () => {
    // ms = N^3 / 1e6: 1 ms at 100, 8 ms at 200; 2 ms is crossed at N = 100 * 2^(1/3).
    const points = [100, 200, 400].map((n) => ({ n, ms: n ** 3 / 1e6 }));
    expect(findWall(points, 2)).toEqual({ n: Math.round(100 * Math.cbrt(2)), kind: 'measured', svgpMs: 2 });
    expect(findWall(points, 0.5)).toEqual({ n: 100, kind: 'below', svgpMs: 0.5 });
    // Beyond the sweep, along N^3 from its last point: 64 ms at 400, 1000 ms at 400 (1000/64)^(1/3) = 1000.
    expect(findWall(points, 1000)).toEqual({ n: 1000, kind: 'extrapolated', svgpMs: 1000 });
    expect(findWall([], 3)).toBeNull();
    // Order of the points does not matter.
    expect(findWall([...points].reverse(), 2)?.n).toBe(126);
  });

  it('the reduction is the share of the generic time saved, in percent', () => {
    expect(reductionPercent(342, 192)).toBeCloseTo(43.86, 2);
    expect(reductionPercent(100, 100)).toBe(0);
  });

  it('times a cheap step several times and reports the median, an expensive one once', () => {
    const cheap = new StepSampler({ budgetMs: 10, minSamples: 2, maxSamples: 5 });
    const durations = [5, 1, 3, 2, 2, 2, 2];
    let k = 0;
    while (cheap.wantMore()) cheap.add(durations[k++]);
    // The warm-up (5) is dropped; 1, 3, 2, 2, 2 reach the cap of 5 samples.
    expect(k).toBe(6);
    expect(cheap.msPerStep()).toBe(2);
    const costly = new StepSampler({ budgetMs: 10 });
    costly.add(40);
    expect(costly.wantMore()).toBe(false);
    expect(costly.msPerStep()).toBe(40);
  });

  it('the notebook trains, compares the gradients and sweeps both paths', () => {
    const r = runExactGpNotebook({ n: 50, steps: 10, sizes: [20, 40], sampler: { budgetMs: 5, maxSamples: 2 } });
    expect(r.lossAfter).toBeLessThan(r.lossFirst);
    expect(r.loss50).toBeLessThan(r.lossFirst);
    expect(r.gradientAgreement).toBeLessThan(1e-10);
    expect(r.timing.map((t) => t.n)).toEqual([20, 40]);
    expect(r.rmse).not.toBeNull();
  });
});
