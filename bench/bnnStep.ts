/**
 * The bnn notebook's training step on the cpu backend (float64): one Adam update of the Bayesian
 * network on the 980 training points, then the validation loss on the 420 validation points at
 * the new parameters, every step, through the training loop the pages and the headless notebook
 * use, timed by its clock (each step counted until its figures are back). Steps per second by that
 * clock and by the process's CPU time (a fairer clock on a machine shared with other work),
 * medians over samples after a warm-up.
 */
import { key, split } from '../src/engine/random';
import { splitTrainValTest, twoMoons } from '../src/engine/data/twoMoons';
import { BnnRun } from '../src/engine/models/bnnRun';
import { BNN_NOTEBOOK_DEFAULTS } from '../src/engine/experiments/bnnNotebook';
import { trainToEnd } from '../src/engine/train/collect';
import type { StepRecord } from '../src/engine/train/trainer';
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

/** The bnn notebook's step (Adam, no early stopping) timed over `samples` runs of `steps` steps after `warmup`. */
export async function benchBnnStep(warmup = 500, samples = 15, steps = 200): Promise<BnnTiming> {
  const [dataKey, splitKey, runKey] = split(key(BNN_NOTEBOOK_DEFAULTS.seed), 3);
  const { train, val } = splitTrainValTest(twoMoons(BNN_NOTEBOOK_DEFAULTS.n, BNN_NOTEBOOK_DEFAULTS.noise, dataKey), splitKey);
  // Adam at the notebook's learning rate; no early stopping, so every step is a training step.
  const run = new BnnRun({ train, val, key: runKey, optimizer: 'adam', patience: 0 });
  // The loop disposes its trainer at the end; the run lives on across the samples.
  const trainer = { step: () => run.step(), observe: (r: StepRecord) => void run.observe(r), dispose: () => undefined };
  await trainToEnd(trainer, warmup);
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let s = 0; s < samples; s++) {
    const c0 = cpuSeconds();
    const r = await trainToEnd(trainer, steps);
    if (r.status !== 'finished' || r.losses.length !== steps) throw new Error(`bnn bench: the run ended early (${r.status}: ${r.message ?? ''})`);
    wall.push(steps / r.seconds);
    cpu.push(steps / Math.max(cpuSeconds() - c0, 1e-9));
  }
  run.dispose();
  return { stepsPerSecond: median(wall), cpuStepsPerSecond: median(cpu), nTrain: train.n, nVal: val.n };
}
