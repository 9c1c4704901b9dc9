/**
 * `npm run bench [-- --json] [-- --exact-sizes 50,100,...]`: ms/step of the SVGP training step on
 * the cpu backend (float64) at B = 200 and B = N = 10,000, after a warm-up, with the achieved
 * GFLOP/s; steps per second of the bnn notebook's step with its validation loss every step
 * (bnnStep.ts); the steps go through the training loop the pages use, and are timed by its clock
 * (until each loss is back), beside the process's CPU time (process.cpuUsage), the fairer clock on
 * a machine shared with other work. Then the exact GP's time per training step on both gradient
 * paths at each size, and the N where an exact step overtakes the mini-batch SVGP step (the wall).
 * Last, the elasticity notebook's data-parallel step at 1, 2 and 4 shards
 * (`--elasticity-sizes 400x26,4000x260`: products x periods, 10,400 and 1,040,000 observations).
 */
import { generateSvgpData, SVGP_DEFAULTS } from '../src/engine/models/svgp';
import { SvgpRun } from '../src/engine/models/svgpRun';
import { trainToEnd } from '../src/engine/train/collect';
import type { SweepPoint, Wall } from '../src/engine/experiments/exactGpNotebook';
import { exactGpSizeSweep, findWall } from '../src/engine/experiments/exactGpNotebook';
import { EXACT_GP_SETTINGS } from '../src/engine/notebooks/exact-gp/settings';
import { checkValue } from '../src/engine/settings';
import { svgpStepFlops } from './svgpFlops';
import { median } from './stats';
import { cpuKernelsName, enableWasmKernels } from '../src/engine/cpu/wasm';
import { benchBnnStep, cpuSeconds } from './bnnStep';
import { benchElasticityShards } from './elasticityShards';
import { ELASTICITY_SETTINGS } from '../src/engine/notebooks/elasticity/settings';

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

interface ExactGpBench {
  dtype: 'f64';
  /** ms per training step (the update and the read of its loss) on both paths, per N. */
  timing: SweepPoint[];
  /** Where an exact (fused) step costs more than one mini-batch SVGP step (svgp.mini). */
  wall: Wall | null;
}

/** The sizes of the exact-GP sweep: --exact-sizes, or the notebook's default sweep. */
function exactSizes(argv: readonly string[]): readonly number[] {
  const at = argv.indexOf('--exact-sizes');
  if (at < 0) return EXACT_GP_SETTINGS.sizes.default;
  const check = checkValue('--exact-sizes', EXACT_GP_SETTINGS.sizes, argv[at + 1] ?? '');
  if (!check.ok) {
    console.error(`error: ${check.message}`);
    process.exit(2);
  }
  return check.value;
}

function benchExactGp(sizes: readonly number[], svgpMs: number): ExactGpBench {
  const timing = exactGpSizeSweep(sizes, { seed: 0, dtype: 'f64', learningRate: EXACT_GP_SETTINGS.learningRate.default, sampler: { budgetMs: 3000, minSamples: 3 } });
  return { dtype: 'f64', timing, wall: findWall(timing.map((t) => ({ n: t.n, ms: t.fusedMs })), svgpMs) };
}

/**
 * The elasticity bench's data sizes, products x periods: --elasticity-sizes 400x26,4000x260
 * (10,400 and 1,040,000 observations), default the page's 400x26.
 */
function elasticitySizes(argv: readonly string[]): { products: number; periods: number }[] {
  const at = argv.indexOf('--elasticity-sizes');
  if (at < 0) return [{ products: ELASTICITY_SETTINGS.products.default, periods: ELASTICITY_SETTINGS.periods.default }];
  const [P, T] = [ELASTICITY_SETTINGS.products, ELASTICITY_SETTINGS.periods];
  const sizes = (argv[at + 1] ?? '').split(',').map((s) => s.split('x').map(Number));
  if (sizes.some((s) => s.length !== 2 || !Number.isInteger(s[0]) || !Number.isInteger(s[1]) || s[0] < P.min || s[0] > P.max || s[1] < T.min || s[1] > T.max)) {
    console.error(`error: --elasticity-sizes takes products x periods pairs such as 400x26,4000x260 (products ${P.min} to ${P.max}, periods ${T.min} to ${T.max}), got "${argv[at + 1] ?? ''}"`);
    process.exit(2);
  }
  return sizes.map(([products, periods]) => ({ products, periods }));
}

async function main(): Promise<void> {
  await enableWasmKernels();
  const argv = process.argv.slice(2);
  const json = argv.includes('--json');
  const sizes = exactSizes(argv);
  const mini = await benchSvgpStep(SVGP_DEFAULTS.batch, 300, 15, 40);
  const full = await benchSvgpStep(SVGP_DEFAULTS.n, 8, 9, 1);
  const bnn = await benchBnnStep();
  const exactGp = benchExactGp(sizes, mini.msPerStep);
  const elasticity = await benchElasticityShards(elasticitySizes(argv));
  const result = { svgp: { mini, full }, bnn, exactGp, elasticity, kernels: cpuKernelsName() };
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
  console.log('Exact GP training step, cpu backend, float64, ms/step (median; one step where a step takes longer than 3 s)');
  console.log(`${'N'.padStart(7)} ${'generic'.padStart(10)} ${'fused'.padStart(10)} ${'saved'.padStart(7)}`);
  for (const t of exactGp.timing) console.log(`${String(t.n).padStart(7)} ${t.genericMs.toFixed(2).padStart(10)} ${t.fusedMs.toFixed(2).padStart(10)} ${(t.reduction.toFixed(1) + ' %').padStart(7)}`);
  const w = exactGp.wall;
  if (w) {
    const where = w.kind === 'below' ? `at or below N = ${w.n}` : w.kind === 'extrapolated' ? `near N = ${w.n} (beyond the sweep, along N^3)` : `near N = ${w.n}`;
    console.log(`the wall: one exact step costs more than one SVGP step (${w.svgpMs.toFixed(2)} ms, M = 50, B = 200) ${where}`);
  }
  console.log('Elasticity step, cpu backend, float64, shards as worker threads (median step time)');
  console.log(`${'n'.padStart(9)} ${'latents'.padStart(8)} ${'shards'.padStart(6)} ${'steps/s'.padStart(9)} ${'speed-up'.padStart(8)} ${'comm ms'.padStart(8)} ${'CPU ms'.padStart(8)}`);
  for (const e of elasticity) console.log(`${String(e.n).padStart(9)} ${String(e.latents).padStart(8)} ${String(e.shards).padStart(6)} ${e.stepsPerSecond.toFixed(2).padStart(9)} ${(e.speedup.toFixed(2) + 'x').padStart(8)} ${e.commMsPerStep.toFixed(2).padStart(8)} ${e.cpuMsPerStep.toFixed(1).padStart(8)}`);
}

await main();
