/**
 * The training loop on WebGPU with the real SVGP trainer: steps go to the device in groups
 * (one submission per group), every loss still comes back once and in order, and each step is
 * stamped when its loss is back, so the clock holds the device's time.
 */
import { expect, test } from 'vitest';
import { sharedGpu } from '../../engine/webgpu/gpuTesting';
import { TrainingLoop } from '../../engine/train/loop';
import type { Progress } from '../../engine/train/loop';
import { createSvgpTrainer } from './trainer';
import type { SvgpSnapshot } from './protocol';

test('steps issued back to back share one submission per group of four, losses arrive in order', async () => {
  const gpu = await sharedGpu();
  const trainer = createSvgpTrainer({ n: 2000, dataSeed: 0, kind: 'mini', batch: 200, m: 50, learningRate: 0.05, steps: 80, seed: 7 }, gpu, 'f32');
  const reports: Progress<SvgpSnapshot>[] = [];
  // No reports or snapshots mid-run (they read the GPU too), and no yielding mid-run.
  const loop = new TrainingLoop(trainer, { totalSteps: 80, reportEveryMs: 1e9, snapshots: { minIntervalMs: 1e9 }, yieldEveryMs: 1e9 }, (p) => reports.push(p));
  const s0 = { ...gpu.stats };
  const t0 = performance.now();
  expect(await loop.run()).toBe('finished');
  const wall = (performance.now() - t0) / 1000;
  const steps = reports.flatMap((r) => Array.from(r.steps));
  expect(steps).toEqual(Array.from({ length: 80 }, (_, i) => i + 1));
  const losses = reports.flatMap((r) => Array.from(r.losses));
  expect(losses.every(Number.isFinite)).toBe(true);
  expect(losses[79]).toBeLessThan(losses[0]);
  // 80 steps in groups of 4 are 20 submissions; the final snapshot adds a few.
  expect(gpu.stats.submissions - s0.submissions).toBeLessThanOrEqual(24);
  // The training time holds the device's work: the whole run but the final snapshot.
  const seconds = reports[reports.length - 1].seconds;
  expect(seconds).toBeLessThanOrEqual(wall);
  expect(seconds).toBeGreaterThan(0.5 * wall);
});
