/**
 * The bnn notebook's training step on the cpu backend (float64): one Adam update of the Bayesian
 * network on the 980 training points, then the validation loss on the 420 validation points at
 * the new parameters, every step, read back at once (BnnRun.stepSync, as the headless notebook
 * and the cpu worker run it). Steps per second by the wall clock and by the process's CPU time
 * (a fairer clock on a machine shared with other work), medians over samples after a warm-up.
 */
import { key, split } from '../src/engine/random';
import { splitTrainValTest, twoMoons } from '../src/engine/data/twoMoons';
import { BnnRun } from '../src/engine/models/bnnRun';
import { BNN_NOTEBOOK_DEFAULTS } from '../src/engine/experiments/bnnNotebook';
import { median } from './stats';

export interface BnnTiming {
  stepsPerSecond: number;
  /** Steps per second of CPU time (process.cpuUsage where there is one, else the wall clock). */
  cpuStepsPerSecond: number;
  nTrain: number;
  nVal: number;
}

/** CPU seconds used by this process so far (the wall clock where there is no process.cpuUsage). */
export function cpuSeconds(): number {
  const p = (globalThis as { process?: { cpuUsage?: () => { user: number; system: number } } }).process;
  if (!p?.cpuUsage) return performance.now() / 1000;
  const u = p.cpuUsage();
  return (u.user + u.system) / 1e6;
}

export function benchBnnStep(warmup = 500, samples = 15, steps = 200): BnnTiming {
  const [dataKey, splitKey, runKey] = split(key(BNN_NOTEBOOK_DEFAULTS.seed), 3);
  const { train, val } = splitTrainValTest(twoMoons(BNN_NOTEBOOK_DEFAULTS.n, BNN_NOTEBOOK_DEFAULTS.noise, dataKey), splitKey);
  // Adam at the notebook's learning rate; no early stopping, so every step is a training step.
  const run = new BnnRun({ train, val, key: runKey, optimizer: 'adam', patience: 0 });
  for (let i = 0; i < warmup; i++) run.stepSync();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let s = 0; s < samples; s++) {
    const t0 = performance.now();
    const c0 = cpuSeconds();
    for (let i = 0; i < steps; i++) run.stepSync();
    wall.push(steps / ((performance.now() - t0) / 1000));
    cpu.push(steps / Math.max(cpuSeconds() - c0, 1e-9));
  }
  run.dispose();
  return { stepsPerSecond: median(wall), cpuStepsPerSecond: median(cpu), nTrain: train.n, nVal: val.n };
}
