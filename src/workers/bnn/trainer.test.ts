import { describe, expect, it } from 'vitest';
import { cpu } from '../../engine/cpu/backend';
import { runBnnNotebook } from '../../engine/experiments/bnnNotebook';
import { TrainingLoop } from '../../engine/train/loop';
import { STEPS_PER_GROUP } from '../../engine/stepGroups';
import { BnnTrainer, cellCentres, priorSurfaces } from './trainer';
import type { BnnRecords, BnnRunRequest } from './protocol';

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

/** Trains through the loop; `late` reads the figures back a group of steps late, as on a GPU. */
async function trainBnn(request: BnnRunRequest, late = false) {
  const trainer = new BnnTrainer(request, cpu, 'f64', late ? { syncReads: false } : {});
  const records: BnnRecords[] = [];
  const loop = new TrainingLoop(trainer, { totalSteps: request.steps, stepsPerGroup: late ? STEPS_PER_GROUP : undefined }, (p) => void records.push(trainer.progress(p).records));
  const status = await loop.run();
  return { trainer, records, status };
}

describe('bnn in the worker', () => {
  it('stops at the same step as the headless notebook, with its AUC', async () => {
    const { trainer, records, status } = await trainBnn(BNN_REQUEST);
    const reference = await runBnnNotebook({ seed: 0, predictiveDraws: 200 });
    // The stopping rule ends the run by itself.
    expect(status).toBe('finished');
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
    const late = await trainBnn(request, true);
    expect(late.trainer.earlyStopStep).toBe(now.trainer.earlyStopStep);
    expect(late.trainer.run.steps).toBeGreaterThanOrEqual(now.trainer.run.steps);
    // Reading a group behind, the rule is seen at most two groups of steps after it fired (the
    // steps issued while its results were on their way; see stepGroups.ts).
    expect(late.trainer.run.steps).toBeLessThanOrEqual(now.trainer.run.steps + 2 * STEPS_PER_GROUP - 1);
    const n = now.trainer.run.steps;
    expect(concat(late.records, (r) => r.valLoss).slice(0, n)).toEqual(concat(now.records, (r) => r.valLoss));
  });

  it('snapshots the predictive mean and sd on the grid, and reports figures per point with the learning rate', async () => {
    const trainer = new BnnTrainer({ ...BNN_REQUEST, steps: 5 }, cpu, 'f64');
    const records: BnnRecords[] = [];
    await new TrainingLoop(trainer, { totalSteps: 5 }, (p) => void records.push(trainer.progress(p).records)).run();
    expect(concat(records, (r) => r.steps)).toEqual([1, 2, 3, 4, 5]);
    expect(concat(records, (r) => r.learningRate)).toEqual([0.01, 0.01, 0.01, 0.01, 0.01]);
    for (const v of concat(records, (r) => r.valLoss)) expect(v).toBeGreaterThan(0);
    const s = await trainer.snapshot();
    expect(s.mean.length).toBe(144);
    for (let i = 0; i < 144; i++) {
      expect(s.mean[i]).toBeGreaterThanOrEqual(0);
      expect(s.mean[i]).toBeLessThanOrEqual(1);
      expect(s.sd[i]).toBeGreaterThanOrEqual(0);
      expect(s.sd[i]).toBeLessThanOrEqual(0.5);
    }
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
