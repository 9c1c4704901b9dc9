/**
 * `npm run bench [-- --json]`: ms/step of the SVGP training step on the cpu backend (float64)
 * at B = 200 and B = N = 10,000, after a warm-up, with the achieved GFLOP/s; and steps per second
 * of the bnn notebook's step with its validation loss every step (bnnStep.ts). The steps go
 * through the training loop the pages use, and are timed by its clock (until each loss is back);
 * beside it, the process's CPU time (process.cpuUsage), the fairer clock on a machine shared with
 * other work.
 */
import { generateSvgpData, SVGP_DEFAULTS } from '../src/engine/models/svgp';
import { SvgpRun } from '../src/engine/models/svgpRun';
import { trainToEnd } from '../src/engine/train/collect';
import { svgpStepFlops } from './svgpFlops';
import { median } from './stats';
import { cpuKernelsName, enableWasmKernels } from '../src/engine/cpu/wasm';
import { benchBnnStep, cpuSeconds } from './bnnStep';

interface StepTiming {
  batch: number;
  msPerStep: number;
  gflops: number;
  /** ms of CPU time per step. */
  cpuMsPerStep: number;
}

/** Median over `samples` of the ms per step of `repeat` steps, after `warmup` steps. */
async function benchSvgpStep(batch: number, warmup: number, samples: number, repeat: number): Promise<StepTiming> {
  const data = generateSvgpData(SVGP_DEFAULTS.n, 0);
  const run = new SvgpRun({ data, batch, m: SVGP_DEFAULTS.m });
  const trainer = { step: () => ({ loss: run.step() }), dispose: () => undefined };
  await trainToEnd(trainer, warmup);
  const times: number[] = [];
  const cpuTimes: number[] = [];
  for (let s = 0; s < samples; s++) {
    const c0 = cpuSeconds();
    times.push((1000 * (await trainToEnd(trainer, repeat)).seconds) / repeat);
    cpuTimes.push((1000 * (cpuSeconds() - c0)) / repeat);
  }
  run.dispose();
  const msPerStep = median(times);
  return { batch, msPerStep, gflops: svgpStepFlops(SVGP_DEFAULTS.m, batch) / (msPerStep * 1e6), cpuMsPerStep: median(cpuTimes) };
}

async function main(): Promise<void> {
  await enableWasmKernels();
  const json = process.argv.includes('--json');
  const mini = await benchSvgpStep(SVGP_DEFAULTS.batch, 300, 15, 40);
  const full = await benchSvgpStep(SVGP_DEFAULTS.n, 8, 9, 1);
  const bnn = await benchBnnStep();
  const result = { svgp: { mini, full }, bnn, kernels: cpuKernelsName() };
  if (json) {
    console.log(JSON.stringify(result));
    return;
  }
  const row = (name: string, t: StepTiming) =>
    `${name.padEnd(12)} B = ${String(t.batch).padStart(5)}  ${t.msPerStep.toFixed(2).padStart(8)} ms/step  ${t.gflops.toFixed(2)} GFLOP/s  (CPU time ${t.cpuMsPerStep.toFixed(2)} ms/step)`;
  console.log(`SVGP training step, cpu backend (${cpuKernelsName()} kernels), float64, M = 50 (median over samples, after warm-up)`);
  console.log(row('mini-batch', mini));
  console.log(row('full batch', full));
  console.log(`bnn step with validation loss (${bnn.nTrain} + ${bnn.nVal} points): ${bnn.stepsPerSecond.toFixed(0)} steps/s  (CPU time ${bnn.cpuStepsPerSecond.toFixed(0)} steps/s)`);
}

await main();
