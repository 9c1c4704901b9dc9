/**
 * The exact-gp page's size sweep in the worker: for each backend, one SVGP step (M = 50,
 * B = 200) for the wall, then ms per exact training step on both gradient paths at every N.
 * Every step goes through the training loop, whose clock stops when the step's loss is back
 * (on a GPU, when its work is done), under the sweep's one RunControl: a pause holds the clock
 * and the sweep, a stop ends it with the figures so far. No DOM and no Comlink here.
 */
import type { Backend, FloatDType } from '../../engine/tensor';
import { generateExactGpData } from '../../engine/models/exactGp';
import { ExactGpRun } from '../../engine/models/exactGpRun';
import { SVGP_DEFAULTS, generateSvgpData } from '../../engine/models/svgp';
import { SvgpRun } from '../../engine/models/svgpRun';
import { StepSampler } from '../../engine/experiments/stepSampler';
import type { RunControl } from '../../engine/train/control';
import { trainToEnd } from '../../engine/train/collect';
import type { Trainer } from '../../engine/train/trainer';
import type { BackendLabel, ExactGpSweepEvent, ExactGpSweepRequest, GradientPath } from './protocol';
import { runDtype } from './trainer';

export const label = (b: Backend): BackendLabel => (b.name === 'webgpu' ? 'WebGPU' : 'CPU');

/** Steps of the SVGP run before its step is timed (its first steps compile kernels and allocate). */
const SVGP_WARMUP_STEPS = 5;

/** Seconds of `steps` steps of `trainer` by the loop's clock; null when the control stopped it. A failed step (a lost device) throws its message. */
async function timedRun(trainer: Trainer, steps: number, control: RunControl): Promise<number | null> {
  const r = await trainToEnd(trainer, steps, { control });
  if (r.status === 'failed' || r.status === 'diverged') throw new Error(r.message ?? 'the step failed');
  if (r.status === 'stopped' || control.stopped) return null;
  return r.seconds;
}

/**
 * Milliseconds per step of `trainer`, each step timed alone by the loop's clock, after
 * `warmupSteps` untimed steps (first steps compile kernels and allocate buffers); null when the
 * control stopped the sweep.
 */
export async function timeSteps(trainer: Trainer, control: RunControl, budgetMs: number, warmupSteps: number): Promise<number | null> {
  if (warmupSteps > 0 && (await timedRun(trainer, warmupSteps, control)) === null) return null;
  const sampler = new StepSampler({ budgetMs });
  while (sampler.wantMore()) {
    const seconds = await timedRun(trainer, 1, control);
    if (seconds === null) return null;
    sampler.add(1000 * seconds);
  }
  return sampler.msPerStep();
}

/** A trainer that only steps (nothing to snapshot, nothing to free: the caller owns the run). */
function stepping(step: Trainer['step']): Trainer {
  return { step, dispose: () => undefined };
}

/** ms per mini-batch SVGP step on `backend` (the page's svgp run: M = 50, B = 200), or null when stopped. */
export async function timeSvgpStep(backend: Backend, dtype: FloatDType, control: RunControl, budgetMs: number): Promise<number | null> {
  const run = new SvgpRun({ data: generateSvgpData(SVGP_DEFAULTS.n, 0), batch: SVGP_DEFAULTS.batch, m: SVGP_DEFAULTS.m, dtype, backend });
  try {
    return await timeSteps(
      stepping(() => ({ loss: run.step() })),
      control,
      budgetMs,
      SVGP_WARMUP_STEPS,
    );
  } finally {
    run.dispose();
  }
}

/** ms per exact training step at N = n on one path, on fresh data of that size, or null when stopped. */
export async function timeExactStep(n: number, path: GradientPath, r: Pick<ExactGpSweepRequest, 'seed' | 'learningRate' | 'budgetMs'>, backend: Backend, dtype: FloatDType, control: RunControl): Promise<number | null> {
  const run = new ExactGpRun({ data: generateExactGpData(n, r.seed), path, learningRate: r.learningRate, dtype, backend });
  try {
    // On a GPU the first step of a size compiles and allocates (up to a hundred ordinary steps);
    // on the cpu it costs one step more, which at N = 2,000 is minutes: the sampler's own
    // warm-up rule (the first step is dropped unless it alone exceeds the budget) suffices there.
    return await timeSteps(
      stepping(() => ({ loss: run.step().loss })),
      control,
      r.budgetMs,
      backend.name === 'webgpu' ? 1 : 0,
    );
  } finally {
    run.dispose();
  }
}

/**
 * The whole sweep: the chosen backend, then the cpu when the chosen one is WebGPU (one after the
 * other, so that they do not compete for the machine). Each figure is reported as it is measured.
 */
export async function exactGpSweep(request: ExactGpSweepRequest, chosen: Backend, cpu: Backend, control: RunControl, report: (e: ExactGpSweepEvent) => unknown): Promise<void> {
  const sizes = [...request.sizes].sort((a, b) => a - b);
  for (const backend of chosen.name === 'webgpu' ? [chosen, cpu] : [chosen]) {
    const dtype = runDtype(backend, request.dtype);
    const where = { backend: label(backend), dtype };
    const svgpMs = await timeSvgpStep(backend, dtype, control, request.budgetMs);
    if (svgpMs === null) return;
    await report({ kind: 'svgp', ...where, msPerStep: svgpMs });
    for (const n of sizes) {
      // The generic path first, as the headless sweep does.
      for (const path of ['generic', 'fused'] as const) {
        const ms = await timeExactStep(n, path, request, backend, dtype, control);
        if (ms === null) return;
        await report({ kind: 'exact', ...where, n, path, msPerStep: ms });
      }
    }
  }
}
