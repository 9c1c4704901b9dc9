import { describe, expect, it } from 'vitest';
import { cpu } from '../../engine/cpu/backend';
import { gammaStats } from '../../engine/models/gamma';
import { runGammaNotebook } from '../../engine/experiments/gammaNotebook';
import { TrainingLoop } from '../../engine/train/loop';
import type { Progress } from '../../engine/train/loop';
import { createGammaTrainer, densityRange, exactDensity, gammaDensitySnapshot, generatedGammaData, logNormalDensity } from './trainer';
import type { GammaSnapshot } from './protocol';

function trapezoid(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let s = 0;
  for (let i = 1; i < x.length; i++) s += 0.5 * (x[i] - x[i - 1]) * (y[i] + y[i - 1]);
  return s;
}

describe('gamma in the worker', () => {
  it('trains through the loop to the same guide and losses as the headless notebook', async () => {
    const reports: Progress<GammaSnapshot>[] = [];
    const trainer = createGammaTrainer(
      { data: { kind: 'generated', concentration: 2, n: 50, dataSeed: 3 }, particles: 10, learningRate: 0.005, steps: 60, seed: 3 },
      cpu,
      'f64',
    );
    const status = await new TrainingLoop(trainer, { totalSteps: 60 }, (p) => void reports.push(p)).run();
    expect(status).toBe('finished');
    const reference = await runGammaNotebook({ n: 50, steps: 60, seed: 3 });
    const losses = reports.flatMap((r) => Array.from(r.losses));
    expect(losses).toEqual(Array.from(reference.details.losses));
    const last = reports[reports.length - 1].snapshot;
    expect(last?.q).toEqual(reference.q);
    expect(last?.exact).toEqual(reference.exact);
  });

  it('refuses data that float32 cannot hold, naming the value and the CPU as the way out', () => {
    const values = Float64Array.from([1.5, 2, 1e300, 0.7]);
    const request = { data: { kind: 'own' as const, values }, particles: 10, learningRate: 0.005, steps: 10, seed: 0 };
    expect(() => createGammaTrainer(request, cpu, 'f32')).toThrow(/value 3 of the data, 1\.00e\+300.*float32.*CPU computes in float64/);
    expect(() => createGammaTrainer({ ...request, data: { kind: 'own', values: Float64Array.from([1e38, 3e38, 1]) } }, cpu, 'f32')).toThrow(/sum of the data.*float32/);
    // In float64 the same data are fine.
    expect(() => createGammaTrainer(request, cpu, 'f64').dispose()).not.toThrow();
  });

  it('draws both densities on a range that holds them, normalised', () => {
    const data = generatedGammaData({ kind: 'generated', concentration: 2, n: 1000, dataSeed: 0 });
    const exact = exactDensity(gammaStats(data));
    const p = exact.posterior;
    // The density function agrees with the quadrature's own normalised grid.
    const mid = Math.floor(p.grid.length / 2);
    expect(exact.density(p.grid[mid])).toBeCloseTo(p.density[mid], 8);
    // A q far from the posterior (the initial guide) and one on top of it.
    for (const q of [
      { loc: 0.5, scale: 0.1 },
      { loc: Math.log(p.mean), scale: p.sd / p.mean },
    ]) {
      const snap = gammaDensitySnapshot({ ...q, mean: 0, sd: 0 }, exact, 2);
      expect(snap.grid.length).toBe(400);
      expect(snap.grid[0]).toBeLessThan(Math.exp(q.loc - 3.9 * q.scale));
      expect(snap.grid[399]).toBeGreaterThan(Math.exp(q.loc + 3.9 * q.scale));
      expect(trapezoid(snap.grid, snap.exactDensity)).toBeCloseTo(1, 3);
      expect(trapezoid(snap.grid, snap.qDensity)).toBeCloseTo(1, 3);
    }
    expect(logNormalDensity(1, 0, 1)).toBeCloseTo(1 / Math.sqrt(2 * Math.PI), 14);
    expect(logNormalDensity(0, 0, 1)).toBe(0);
  });

  it('includes the true value in the range and never goes below zero', () => {
    const [lo, hi] = densityRange({ loc: 0, scale: 0.01 }, { mean: 1, sd: 0.01 }, 3);
    expect(lo).toBeGreaterThan(0.8);
    expect(lo).toBeLessThan(0.95);
    expect(hi).toBeGreaterThan(3);
    expect(densityRange({ loc: -1, scale: 1 }, { mean: 0.5, sd: 0.5 }, null)[0]).toBe(0);
  });
});
