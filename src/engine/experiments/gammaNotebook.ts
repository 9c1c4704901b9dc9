/**
 * The `gamma` notebook end to end, headless: data, SVI fit of the LogNormal guide, and the exact
 * posterior by quadrature for comparison. Used by the CLI and by tests.
 */
import { key, split } from '../random';
import type { PosteriorSummary } from '../models/gamma';
import { GAMMA_DEFAULTS, gammaExactPosterior, gammaStats, generateGammaData } from '../models/gamma';
import { GammaRun } from '../models/gammaRun';
import { GAMMA_SETTINGS } from '../notebooks/gamma/settings';
import { trainToEnd } from '../train/collect';

export interface GammaNotebookOptions {
  concentration: number;
  n: number;
  steps: number;
  particles: number;
  learningRate: number;
  seed: number;
  /** Observations replacing the generated ones. */
  data?: Float64Array;
}

export const GAMMA_NOTEBOOK_DEFAULTS: GammaNotebookOptions = {
  concentration: GAMMA_DEFAULTS.concentration,
  n: GAMMA_DEFAULTS.n,
  steps: GAMMA_DEFAULTS.steps,
  particles: GAMMA_DEFAULTS.particles,
  learningRate: GAMMA_DEFAULTS.learningRate,
  seed: GAMMA_SETTINGS.seed.default,
};

export interface GammaNotebookResult {
  notebook: 'gamma';
  n: number;
  /** The fitted guide: loc and scale of log a, and the mean and sd of q(a) = LogNormal(loc, scale). */
  q: { loc: number; scale: number; mean: number; sd: number };
  /** The exact posterior of a by numerical integration. */
  exact: PosteriorSummary;
  /** Mean negative ELBO over the last 50 steps (fewer if the run is shorter). */
  lossFinal: number;
}

/** Extra figures the page shows beside the JSON ones. */
export interface GammaNotebookDetails {
  losses: Float64Array;
  seconds: number;
}

export async function runGammaNotebook(options: Partial<GammaNotebookOptions> = {}): Promise<GammaNotebookResult & { details: GammaNotebookDetails }> {
  const o = { ...GAMMA_NOTEBOOK_DEFAULTS, ...options };
  if (!Number.isInteger(o.steps) || o.steps < 1) throw new RangeError(`steps = ${o.steps} must be a positive integer`);
  const [dataKey, trainKey] = split(key(o.seed));
  const data = o.data ?? generateGammaData(o.n, o.concentration, dataKey);
  if (data.length === 0) throw new RangeError('the data set is empty');
  const run = new GammaRun({ data, key: trainKey, particles: o.particles, learningRate: o.learningRate });
  const r = await trainToEnd({ step: () => ({ loss: run.step() }), dispose: () => undefined }, o.steps);
  const losses = r.losses;
  if (r.status !== 'finished') {
    throw new Error(r.status === 'diverged' ? `the run diverged at step ${losses.length} (loss ${losses[losses.length - 1]})` : `the run failed: ${r.message}`);
  }
  const tail = losses.subarray(Math.max(0, o.steps - 50));
  const exact = gammaExactPosterior(gammaStats(data));
  return {
    notebook: 'gamma',
    n: data.length,
    q: await run.read(),
    exact: { mean: exact.mean, sd: exact.sd, q05: exact.q05, q95: exact.q95 },
    lossFinal: tail.reduce((s, v) => s + v, 0) / tail.length,
    details: { losses, seconds: r.seconds },
  };
}
