import { describe, expect, it } from 'vitest';
import { cpu } from '../engine/cpu/backend';
import { gammaStats } from '../engine/models/gamma';
import { runGammaNotebook } from '../engine/experiments/gammaNotebook';
import { runBnnNotebook } from '../engine/experiments/bnnNotebook';
import { TrainingLoop } from './trainingLoop';
import type { Progress } from './trainingLoop';
import { createGammaTrainer, densityRange, exactDensity, gammaDensitySnapshot, generatedGammaData, logNormalDensity } from './sviGamma';
import { BnnTrainer, cellCentres, priorSurfaces } from './sviBnn';
import type { BnnRecords, BnnRunRequest, GammaSnapshot } from './sviProtocol';

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
    const reference = runGammaNotebook({ n: 50, steps: 60, seed: 3 });
    const losses = reports.flatMap((r) => Array.from(r.losses));
    expect(losses).toEqual(Array.from(reference.details.losses));
    const last = reports[reports.length - 1].snapshot;
    expect(last?.q).toEqual(reference.q);
    expect(last?.exact).toEqual(reference.exact);
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

const BNN_REQUEST: BnnRunRequest = {
  data: { kind: 'moons', dataSeed: 0 },
  optimizer: 'adam',
  steps: 10_000,
  patience: 200,
  criterion: 'biased',
  seed: 0,
  testDraws: 200,
  gridSize: 12,
  extent: 5,
  gridDraws: 8,
};

function concat(rs: readonly BnnRecords[], pick: (r: BnnRecords) => Float64Array): number[] {
  return rs.flatMap((r) => Array.from(pick(r)));
}

async function trainBnn(request: BnnRunRequest, syncReads?: boolean) {
  let stop = () => {};
  const trainer = new BnnTrainer(request, cpu, 'f64', { onEarlyStop: () => stop(), syncReads });
  const records: BnnRecords[] = [];
  const loop = new TrainingLoop(trainer, { totalSteps: request.steps }, (p) => void records.push(trainer.takeRecords(p.step)));
  stop = () => loop.stop();
  const status = await loop.run();
  return { trainer, records, status };
}

describe('bnn in the worker', () => {
  it('stops at the same step as the headless notebook, with its AUC', async () => {
    const { trainer, records, status } = await trainBnn(BNN_REQUEST);
    const reference = runBnnNotebook({ seed: 0, predictiveDraws: 200 });
    expect(status).toBe('stopped');
    expect(trainer.earlyStopStep).toBe(reference.earlyStopStep);
    // Reading synchronously, the run ends exactly at the stopping step.
    expect(trainer.run.steps).toBe(reference.stepsRun);
    const steps = concat(records, (r) => r.steps);
    expect(steps).toEqual(Array.from({ length: reference.stepsRun }, (_, i) => i + 1));
    expect(concat(records, (r) => r.trainLoss)).toEqual(reference.details.history.map((h) => h.trainLoss));
    expect(concat(records, (r) => r.valNll)).toEqual(reference.details.history.map((h) => h.valNll));
    const e = trainer.evaluate();
    expect(e?.testAuc).toBe(reference.testAuc);
    expect(e?.trainAuc).toBeGreaterThan(0.9);
    expect(e?.roc.fpr[0]).toBe(0);
  });

  it('reading back late gives the same figures and stopping step, a few steps later', async () => {
    const request = { ...BNN_REQUEST, patience: 20 };
    const now = await trainBnn(request);
    const late = await trainBnn(request, false);
    expect(late.trainer.earlyStopStep).toBe(now.trainer.earlyStopStep);
    expect(late.trainer.run.steps).toBeGreaterThanOrEqual(now.trainer.run.steps);
    expect(late.trainer.run.steps).toBeLessThanOrEqual(now.trainer.run.steps + 5);
    const n = now.trainer.run.steps;
    expect(concat(late.records, (r) => r.valLoss).slice(0, n)).toEqual(concat(now.records, (r) => r.valLoss));
  });

  it('snapshots the predictive mean and sd on the grid', async () => {
    const trainer = new BnnTrainer({ ...BNN_REQUEST, steps: 5 }, cpu, 'f64');
    for (let i = 0; i < 5; i++) trainer.step();
    const s = await trainer.snapshot();
    expect(s.mean.length).toBe(144);
    for (let i = 0; i < 144; i++) {
      expect(s.mean[i]).toBeGreaterThanOrEqual(0);
      expect(s.mean[i]).toBeLessThanOrEqual(1);
      expect(s.sd[i]).toBeGreaterThanOrEqual(0);
      expect(s.sd[i]).toBeLessThanOrEqual(0.5);
    }
    expect(trainer.takeRecords(3).steps).toEqual(Float64Array.of(1, 2, 3));
    expect(trainer.takeRecords(10).steps).toEqual(Float64Array.of(4, 5));
    expect(trainer.takeRecords(10).steps.length).toBe(0);
  });

  it('grid cells are centred and the prior surfaces are probabilities', async () => {
    const g = cellCentres(4, 5);
    expect(Array.from(g.subarray(0, 4))).toEqual([-3.75, -3.75, -1.25, -3.75]);
    expect(Array.from(g.subarray(30, 32))).toEqual([3.75, 3.75]);
    const surfaces = await priorSurfaces({ seed: 1, count: 3, gridSize: 6, extent: 5 });
    expect(surfaces.length).toBe(3);
    for (const s of surfaces) {
      expect(s.length).toBe(36);
      for (const v of s) expect(v >= 0 && v <= 1).toBe(true);
    }
    expect(surfaces[0]).not.toEqual(surfaces[1]);
  });
});
