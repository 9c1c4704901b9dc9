/**
 * The bnn run of its worker on WebGPU (float32) through the training loop: the validation figures
 * track the cpu backend in float32, every step's loss and extras come back in one readback, and
 * early stopping fires at the same step.
 */
import { expect, test } from 'vitest';
import { createWebGpuBackend } from '../../engine/webgpu/backend';
import { cpu } from '../../engine/cpu/backend';
import type { Backend } from '../../engine/tensor';
import { TrainingLoop } from '../../engine/train/loop';
import { BnnTrainer } from './trainer';
import type { BnnRecords, BnnRunRequest } from './protocol';

// Runs only in the browser config (vitest.gpu.config.ts), where WebGPU must exist: without it
// createWebGpuBackend throws and the test fails rather than being skipped.

async function bnnRun(backend: Backend, request: BnnRunRequest) {
  const trainer = new BnnTrainer(request, backend, 'f32');
  const records: BnnRecords[] = [];
  const loop = new TrainingLoop(trainer, { totalSteps: request.steps }, (p) => void records.push(trainer.progress(p).records));
  const status = await loop.run();
  const col = (pick: (r: BnnRecords) => Float64Array) => records.flatMap((r) => Array.from(pick(r)));
  return { status, trainer, steps: col((r) => r.steps), train: col((r) => r.trainLoss), val: col((r) => r.valNll), evaluation: trainer.evaluate() };
}

test('bnn: the run on WebGPU tracks the cpu in float32 and stops at the same step', async () => {
  const gpu = await createWebGpuBackend();
  const request: BnnRunRequest = {
    data: { kind: 'moons', dataSeed: 0 },
    optimizer: 'adam',
    steps: 200,
    patience: 20,
    criterion: 'biased',
    seed: 0,
    testDraws: 50,
    gridSize: 10,
    extent: 5,
    gridDraws: 4,
  };
  const readbacks = gpu.stats.readbacks;
  const g = await bnnRun(gpu, request);
  const c = await bnnRun(cpu, request);
  expect(g.trainer.earlyStopStep).toBe(c.trainer.earlyStopStep);
  // One readback per step for the loss and its three extras, plus the snapshots' few.
  expect(gpu.stats.readbacks - readbacks).toBeLessThan(g.trainer.run.steps + 20);
  const n = c.steps.length;
  expect(g.steps.slice(0, n)).toEqual(c.steps);
  for (let i = 0; i < n; i++) {
    expect(Math.abs(g.train[i] - c.train[i])).toBeLessThan(2e-3);
    expect(Math.abs(g.val[i] - c.val[i])).toBeLessThan(2e-3);
  }
  expect(Math.abs((g.evaluation?.testAuc ?? 0) - (c.evaluation?.testAuc ?? 1))).toBeLessThan(0.01);
});
