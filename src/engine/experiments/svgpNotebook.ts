/**
 * The `svgp` notebook end to end, headless: full-batch and mini-batch training on the same
 * data, timed by the training loop's clock as on the page, with the figures the page prints.
 * Used by the CLI and by tests.
 */
import type { Backend, FloatDType } from '../tensor';
import { getDefaultBackend } from '../ops';
import type { RegressionData } from '../models/svgp';
import { SVGP_DEFAULTS, evaluationGrid, generateSvgpData, targetOnPoints } from '../models/svgp';
import { SvgpRun } from '../models/svgpRun';
import { SVGP_SETTINGS } from '../notebooks/svgp/settings';
import { trainToEnd } from '../train/collect';

export interface SvgpNotebookOptions {
  fullSteps: number;
  miniSteps: number;
  batch: number;
  /** Seed of the generated data. */
  dataSeed: number;
  /** Seed of the mini-batch index stream. */
  seed: number;
  dtype: FloatDType;
  m: number;
  learningRate: number;
  /** Number of generated points (ignored when `data` is given). */
  n: number;
  /** Data replacing the generated set; then no RMSE against the truth exists. */
  data?: RegressionData;
  backend?: Backend;
}

export const SVGP_NOTEBOOK_DEFAULTS: SvgpNotebookOptions = {
  fullSteps: SVGP_DEFAULTS.fullSteps,
  miniSteps: SVGP_DEFAULTS.miniSteps,
  batch: SVGP_DEFAULTS.batch,
  dataSeed: SVGP_SETTINGS.dataSeed.default,
  seed: SVGP_SETTINGS.seed.default,
  dtype: SVGP_SETTINGS.dtype.default,
  m: SVGP_DEFAULTS.m,
  learningRate: SVGP_DEFAULTS.learningRate,
  n: SVGP_DEFAULTS.n,
};

export interface SvgpRunSummary {
  steps: number;
  seconds: number;
  msPerStep: number;
  /** Negative ELBO at the initial parameters (first step, before its update). */
  lossFirst: number;
  /** Full batch: the loss of the last step before its update; mini-batch: mean of the last 100. */
  lossFinal: number;
  /** Grid RMSE of the posterior mean against the true function (null for user data). */
  rmse: number | null;
  variance: number;
  lengthscale: number;
  noiseVariance: number;
}

export interface SvgpNotebookResult {
  notebook: 'svgp';
  backend: string;
  dtype: FloatDType;
  n: number;
  m: number;
  /** Mini-batch size B. */
  batch: number;
  full: SvgpRunSummary | null;
  mini: SvgpRunSummary | null;
  /** Per-step speed-up, full ms/step over mini ms/step. */
  speedup: number | null;
  /** Grid RMSE between the two posterior means. */
  disagreement: number | null;
}

/** Root-mean-square difference of two equal-length arrays. */
export function rmsDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] - b[i]) ** 2;
  return Math.sqrt(s / a.length);
}

interface TrainedRun {
  summary: SvgpRunSummary;
  gridMean: Float64Array;
}

async function train(data: RegressionData, batch: number | null, steps: number, o: SvgpNotebookOptions, truth: Float64Array | null): Promise<TrainedRun> {
  const run = new SvgpRun({ data, batch, m: o.m, learningRate: o.learningRate, seed: o.seed, dtype: o.dtype, backend: o.backend });
  // The run is freed below, after the figures are read from it.
  const r = await trainToEnd({ step: () => ({ loss: run.step() }), dispose: () => undefined }, steps);
  const losses = r.losses;
  if (r.status !== 'finished') {
    run.dispose();
    const at = losses.length;
    throw new Error(`the ${batch === null ? 'full-batch' : 'mini-batch'} run ${r.status === 'diverged' ? `diverged at step ${at} (loss ${losses[at - 1]})` : `failed: ${r.message}`}`);
  }
  const seconds = r.seconds;
  const grid = evaluationGrid();
  const prediction = run.predict(grid);
  const gridMean = Float64Array.from(await prediction.mean.data());
  prediction.mean.dispose();
  prediction.variance.dispose();
  const tail = losses.subarray(Math.max(0, steps - 100));
  const p = run.params;
  const [lv, ll, ln] = await Promise.all([p.logVariance.data(), p.logLengthscale.data(), p.logNoise.data()]);
  const summary: SvgpRunSummary = {
    steps,
    seconds,
    msPerStep: (1000 * seconds) / steps,
    lossFirst: losses[0],
    lossFinal: batch === null ? losses[steps - 1] : tail.reduce((s, v) => s + v, 0) / tail.length,
    rmse: truth ? rmsDifference(gridMean, truth) : null,
    variance: Math.exp(lv[0]),
    lengthscale: Math.exp(ll[0]),
    noiseVariance: Math.exp(ln[0]),
  };
  run.dispose();
  return { summary, gridMean };
}

/** Runs both trainings (a run with 0 steps is skipped) and collects the printed figures. */
export async function runSvgpNotebook(options: Partial<SvgpNotebookOptions> = {}): Promise<SvgpNotebookResult> {
  const o = { ...SVGP_NOTEBOOK_DEFAULTS, ...options };
  const data = o.data ?? generateSvgpData(o.n, o.dataSeed);
  if (o.batch < 1 || o.batch > data.n) throw new RangeError(`batch = ${o.batch} is out of range: allowed 1 to ${data.n}`);
  const truth = o.data ? null : targetOnPoints(evaluationGrid());
  const full = o.fullSteps > 0 ? await train(data, null, o.fullSteps, o, truth) : null;
  const mini = o.miniSteps > 0 ? await train(data, o.batch, o.miniSteps, o, truth) : null;
  return {
    notebook: 'svgp',
    backend: (o.backend ?? getDefaultBackend()).name,
    dtype: o.dtype,
    n: data.n,
    m: o.m,
    batch: o.batch,
    full: full?.summary ?? null,
    mini: mini?.summary ?? null,
    speedup: full && mini ? full.summary.msPerStep / mini.summary.msPerStep : null,
    disagreement: full && mini ? rmsDifference(full.gridMean, mini.gridMean) : null,
  };
}
