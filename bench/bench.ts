/**
 * `npm run bench [-- --json]`: ms/step of the SVGP training step on the cpu backend (float64)
 * at B = 200 and B = N = 10,000, after a warm-up, with the achieved GFLOP/s; and steps per second
 * of the bnn notebook's step with its validation loss (bnnStep.ts). Each by the wall clock and
 * by CPU time (process.cpuUsage), which is the fairer clock on a machine shared with other work.
 */
import { generateSvgpData, SVGP_DEFAULTS } from '../src/engine/models/svgp';
import { SvgpRun } from '../src/engine/models/svgpRun';
import { svgpStepFlops } from './svgpFlops';
import { timePerCall } from './stats';
import { cpuKernelsName, enableWasmKernels } from '../src/engine/cpu/wasm';
import { benchBnnStep, cpuSeconds } from './bnnStep';

interface StepTiming {
  batch: number;
  msPerStep: number;
  gflops: number;
  /** ms of CPU time per step. */
  cpuMsPerStep: number;
}

function benchSvgpStep(batch: number, warmup: number, samples: number, repeat: number): StepTiming {
  const data = generateSvgpData(SVGP_DEFAULTS.n, 0);
  const run = new SvgpRun({ data, batch, m: SVGP_DEFAULTS.m });
  // Reading the loss each step is part of a real training loop, so it is timed too.
  const step = () => void run.step().dataSync();
  for (let i = 0; i < warmup; i++) step();
  const c0 = cpuSeconds();
  const msPerStep = timePerCall(step, samples, repeat);
  const cpuMsPerStep = ((cpuSeconds() - c0) * 1000) / (samples * repeat);
  run.dispose();
  return { batch, msPerStep, gflops: svgpStepFlops(SVGP_DEFAULTS.m, batch) / (msPerStep * 1e6), cpuMsPerStep };
}

async function main(): Promise<void> {
  await enableWasmKernels();
  const json = process.argv.includes('--json');
  const mini = benchSvgpStep(SVGP_DEFAULTS.batch, 300, 15, 40);
  const full = benchSvgpStep(SVGP_DEFAULTS.n, 8, 9, 1);
  const bnn = benchBnnStep();
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
