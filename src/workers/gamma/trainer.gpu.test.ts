/**
 * The gamma run of its worker on WebGPU (float32) through the training loop: the losses and the
 * guide track the cpu backend in float32.
 */
import { expect, test } from 'vitest';
import { createWebGpuBackend } from '../../engine/webgpu/backend';
import { cpu } from '../../engine/cpu/backend';
import type { Backend } from '../../engine/tensor';
import { TrainingLoop } from '../../engine/train/loop';
import type { Progress } from '../../engine/train/loop';
import { createGammaTrainer } from './trainer';
import type { GammaRunRequest, GammaSnapshot } from './protocol';

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
