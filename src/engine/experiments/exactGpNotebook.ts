/**
 * The `exact-gp` notebook end to end, headless: one training run on the chosen gradient path,
 * the two paths' gradients compared at the start, and the size sweep (ms per training step on
 * both paths at each N). Used by the CLI and by tests; the page runs the same pieces in its
 * worker.
 */
import type { Backend, FloatDType } from '../tensor';
import { getDefaultBackend } from '../ops';
import type { CurveData } from '../models/exactGp';
import { curveGrid, exactGpTarget, generateExactGpData, EXACT_GP_DEFAULTS } from '../models/exactGp';
import { ExactGpRun } from '../models/exactGpRun';
import type { GradientPath } from '../notebooks/exact-gp/settings';
import { EXACT_GP_SETTINGS } from '../notebooks/exact-gp/settings';
import { rmsDifference } from './svgpNotebook';
import { StepSampler } from './stepSampler';
import type { SamplerOptions } from './stepSampler';

export interface ExactGpNotebookOptions {
  /** Number of generated points (ignored when `data` is given). */
  n: number;
  steps: number;
  learningRate: number;
  /** Seed of the generated data, for the run and for every size of the sweep. */
  seed: number;
  path: GradientPath;
  dtype: FloatDType;
  /** The sizes N of the sweep (empty: no sweep). */
  sizes: readonly number[];
  /** Data replacing the generated set of the run; then no RMSE against the truth exists. */
  data?: CurveData;
  backend?: Backend;
  /** How long each figure of the sweep is timed. */
  sampler?: SamplerOptions;
}

export const EXACT_GP_NOTEBOOK_DEFAULTS: ExactGpNotebookOptions = {
  n: EXACT_GP_DEFAULTS.n,
  steps: EXACT_GP_DEFAULTS.steps,
  learningRate: EXACT_GP_DEFAULTS.learningRate,
  seed: EXACT_GP_SETTINGS.seed.default,
  path: EXACT_GP_DEFAULTS.path,
  dtype: EXACT_GP_SETTINGS.dtype.default,
  sizes: EXACT_GP_SETTINGS.sizes.default,
};

/** Time per training step at one N on both gradient paths. */
export interface SweepPoint {
  n: number;
  genericMs: number;
  fusedMs: number;
  /** The share of the generic path's time the fused path saves, in percent. */
  reduction: number;
}

export interface ExactGpNotebookResult {
  notebook: 'exact-gp';
  n: number;
  dtype: FloatDType;
  path: GradientPath;
  /** The loss at the initial parameters (the first step's, before its update). */
  lossFirst: number;
  /** The loss evaluated in the last step, before its update. */
  loss50: number;
  /** The loss at the final parameters. */
  lossAfter: number;
  outputscale: number;
  lengthscale: number;
  noise: number;
  /** The constant mean c. */
  mean: number;
  /** RMSE of the posterior mean against sin(2 pi x) on 200 points of [0, 1] (null for your own data). */
  rmse: number | null;
  /** Largest relative difference between the two paths' gradients at the initial parameters. */
  gradientAgreement: number;
  timing: SweepPoint[];
}

/** |a - b| / max(|a|, |b|), 0 when both are 0. */
function relativeGap(a: number, b: number): number {
  const scale = Math.max(Math.abs(a), Math.abs(b));
  return scale === 0 ? 0 : Math.abs(a - b) / scale;
}

/** The largest relative difference between the fused and the generic gradient of a run, at its current parameters. */
export function gradientAgreement(run: ExactGpRun): number {
  const fused = run.lossAndGradient('fused').grads;
  const generic = run.lossAndGradient('generic').grads;
  let worst = 0;
  for (const name of Object.keys(fused) as (keyof typeof fused)[]) worst = Math.max(worst, relativeGap(fused[name].item(), generic[name].item()));
  return worst;
}

/** The share of `genericMs` that `fusedMs` saves, in percent. */
export function reductionPercent(genericMs: number, fusedMs: number): number {
  return 100 * (1 - fusedMs / genericMs);
}

/** Milliseconds per training step (the update and the read of its loss) at N = n on one path, on the cpu's clock. */
export function timeTrainingStep(n: number, path: GradientPath, o: Pick<ExactGpNotebookOptions, 'seed' | 'dtype' | 'learningRate' | 'backend' | 'sampler'>): number {
  const run = new ExactGpRun({ data: generateExactGpData(n, o.seed), path, learningRate: o.learningRate, dtype: o.dtype, backend: o.backend });
  const sampler = new StepSampler(o.sampler);
  try {
    while (sampler.wantMore()) {
      const t0 = performance.now();
      run.step().loss.item();
      sampler.add(performance.now() - t0);
    }
    return sampler.msPerStep();
  } finally {
    run.dispose();
  }
}

/** The size sweep: both paths at every N, the generic path first. */
export function exactGpSizeSweep(sizes: readonly number[], o: Pick<ExactGpNotebookOptions, 'seed' | 'dtype' | 'learningRate' | 'backend' | 'sampler'>): SweepPoint[] {
  return sizes.map((n) => {
    const genericMs = timeTrainingStep(n, 'generic', o);
    const fusedMs = timeTrainingStep(n, 'fused', o);
    return { n, genericMs, fusedMs, reduction: reductionPercent(genericMs, fusedMs) };
  });
}

/** Trains once, compares the two gradients at the start, and runs the sweep. */
export function runExactGpNotebook(options: Partial<ExactGpNotebookOptions> = {}): ExactGpNotebookResult {
  const o = { ...EXACT_GP_NOTEBOOK_DEFAULTS, ...options };
  const data = o.data ?? generateExactGpData(o.n, o.seed);
  const run = new ExactGpRun({ data, path: o.path, learningRate: o.learningRate, dtype: o.dtype, backend: o.backend ?? getDefaultBackend() });
  const agreement = gradientAgreement(run);
  let lossFirst = NaN;
  let lossLast = NaN;
  for (let i = 0; i < o.steps; i++) {
    const loss = run.step().loss.item();
    if (!Number.isFinite(loss)) throw new Error(`the run diverged at step ${i + 1} (loss ${loss}): the covariance matrix is no longer positive definite in ${o.dtype}`);
    if (i === 0) lossFirst = loss;
    lossLast = loss;
  }
  const lossAfter = run.loss().item();
  const h = run.hyperparameters();
  const grid = curveGrid();
  const rmse = o.data ? null : rmsDifference(run.predict(grid).mean.dataSync(), Float64Array.from(grid, exactGpTarget));
  const result: ExactGpNotebookResult = {
    notebook: 'exact-gp',
    n: data.n,
    dtype: o.dtype,
    path: o.path,
    lossFirst,
    loss50: lossLast,
    lossAfter,
    outputscale: h.outputscale.item(),
    lengthscale: h.lengthscale.item(),
    noise: h.noise.item(),
    mean: run.params.mean.item(),
    rmse,
    gradientAgreement: agreement,
    timing: [],
  };
  run.dispose();
  result.timing = exactGpSizeSweep(o.sizes, o);
  return result;
}

/** Where the exact GP's time per step overtakes one SVGP step, from a size sweep. */
export interface Wall {
  /** The N at which one exact step costs as much as one SVGP step (rounded). */
  n: number;
  /**
   * 'measured': between two sizes of the sweep (interpolated on log-log axes); 'below': already
   * the smallest size costs more (n is that size); 'extrapolated': beyond the largest size, along
   * the N^3 law from it.
   */
  kind: 'measured' | 'below' | 'extrapolated';
  /** Milliseconds per SVGP step it was compared with. */
  svgpMs: number;
}

/** The wall from (N, ms per exact step) points and the time of one SVGP step; null without points. */
export function findWall(points: readonly { n: number; ms: number }[], svgpMs: number): Wall | null {
  const pts = points.filter((p) => p.ms > 0 && Number.isFinite(p.ms)).sort((a, b) => a.n - b.n);
  if (pts.length === 0 || !(svgpMs > 0)) return null;
  const i = pts.findIndex((p) => p.ms > svgpMs);
  if (i === 0) return { n: pts[0].n, kind: 'below', svgpMs };
  if (i < 0) {
    const last = pts[pts.length - 1];
    return { n: Math.round(last.n * Math.cbrt(svgpMs / last.ms)), kind: 'extrapolated', svgpMs };
  }
  const [a, b] = [pts[i - 1], pts[i]];
  const t = (Math.log(svgpMs) - Math.log(a.ms)) / (Math.log(b.ms) - Math.log(a.ms));
  return { n: Math.round(Math.exp(Math.log(a.n) + t * (Math.log(b.n) - Math.log(a.n)))), kind: 'measured', svgpMs };
}
