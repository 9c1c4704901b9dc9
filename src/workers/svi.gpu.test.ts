/**
 * The gamma and bnn runs of the SVI worker on WebGPU (float32) through the training loop: the
 * losses, the guide and the validation figures track the cpu backend in float32, the bnn figures
 * are read back once per step (shared between the loop and the trainer), and early stopping
 * fires at the same step.
 */
import { expect, test } from 'vitest';
import { createWebGpuBackend } from '../engine/webgpu/backend';
import { cpu } from '../engine/cpu/backend';
import type { Backend } from '../engine/tensor';
import { TrainingLoop } from './trainingLoop';
import type { Progress } from './trainingLoop';
import { createGammaTrainer } from './sviGamma';
import { BnnTrainer } from './sviBnn';
import type { BnnRecords, BnnRunRequest, GammaRunRequest, GammaSnapshot } from './sviProtocol';

// Runs only in the browser config (vitest.gpu.config.ts), where WebGPU must exist: without it
// createWebGpuBackend throws and the test fails rather than being skipped.

async function gammaRun(backend: Backend, request: GammaRunRequest) {
  const reports: Progress<GammaSnapshot>[] = [];
  const status = await new TrainingLoop(createGammaTrainer(request, backend, 'f32'), { totalSteps: request.steps }, (p) => void reports.push(p)).run();
  return { status, losses: reports.flatMap((r) => Array.from(r.losses)), last: reports[reports.length - 1].snapshot };
}

test('gamma: the run on WebGPU tracks the cpu in float32', async () => {
  const gpu = await createWebGpuBackend();
  const request: GammaRunRequest = { data: { kind: 'generated', concentration: 2, n: 1000, dataSeed: 0 }, particles: 10, learningRate: 0.005, steps: 60, seed: 0 };
  const g = await gammaRun(gpu, request);
  const c = await gammaRun(cpu, request);
  expect(g.status).toBe('finished');
  expect(g.losses.length).toBe(60);
  for (let i = 0; i < 60; i++) expect(Math.abs(g.losses[i] - c.losses[i]) / Math.abs(c.losses[i])).toBeLessThan(1e-4);
  expect(Math.abs((g.last?.q.loc ?? 0) - (c.last?.q.loc ?? 1))).toBeLessThan(1e-4);
  expect(g.last?.exact).toEqual(c.last?.exact);
});

async function bnnRun(backend: Backend, request: BnnRunRequest) {
  let stop = () => {};
  const trainer = new BnnTrainer(request, backend, 'f32', { onEarlyStop: () => stop() });
  const records: BnnRecords[] = [];
  const loop = new TrainingLoop(trainer, { totalSteps: request.steps }, (p) => void records.push(trainer.takeRecords(p.step)));
  stop = () => loop.stop();
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
  const g = await bnnRun(gpu, request);
  const c = await bnnRun(cpu, request);
  expect(g.trainer.earlyStopStep).toBe(c.trainer.earlyStopStep);
  const n = c.steps.length;
  expect(g.steps.slice(0, n)).toEqual(c.steps);
  for (let i = 0; i < n; i++) {
    expect(Math.abs(g.train[i] - c.train[i])).toBeLessThan(2e-3);
    expect(Math.abs(g.val[i] - c.val[i])).toBeLessThan(2e-3);
  }
  expect(Math.abs((g.evaluation?.testAuc ?? 0) - (c.evaluation?.testAuc ?? 1))).toBeLessThan(0.01);
});
