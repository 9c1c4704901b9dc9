/**
 * The gamma page's run in the worker: data, the SVI fit through the training loop, and snapshots
 * of the fitted q(a) against the exact posterior. No DOM and no Comlink here (tested in Node).
 *
 * Keys follow the headless notebook: the data come from split(key(dataSeed))[0] and the particles
 * from split(key(seed))[1], so equal seeds reproduce `npm run notebook -- gamma --seed S`.
 */
import type { Backend, FloatDType } from '../../engine/tensor';
import { key, split } from '../../engine/random';
import type { GammaStats, GridPosterior } from '../../engine/models/gamma';
import { gammaExactPosterior, gammaLogJoint, gammaStats, generateGammaData } from '../../engine/models/gamma';
import { GammaRun } from '../../engine/models/gammaRun';
import type { Trainer } from '../../engine/train/trainer';
import type { GammaDataSpec, GammaGenerated, GammaRunRequest, GammaSnapshot } from './protocol';

/** Points on the density chart's grid. */
export const DENSITY_POINTS = 400;

/** The generated observations of a data request (the same numbers the CLI draws for that seed). */
export function generatedGammaData(r: GammaGenerated): Float64Array {
  const [dataKey] = split(key(r.dataSeed));
  return generateGammaData(r.n, r.concentration, dataKey);
}

export function gammaDataFor(spec: GammaDataSpec): Float64Array {
  return spec.kind === 'own' ? spec.values : generatedGammaData(spec);
}

/** The exact posterior as a density that can be evaluated anywhere (normalised with the quadrature's constant). */
export interface ExactDensity {
  posterior: GridPosterior;
  density(a: number): number;
}

export function exactDensity(stats: GammaStats): ExactDensity {
  const posterior = gammaExactPosterior(stats);
  // The quadrature normalised exp(log joint - peak); recover log Z from its highest grid point.
  let j = 0;
  for (let i = 1; i < posterior.density.length; i++) if (posterior.density[i] > posterior.density[j]) j = i;
  const logZ = gammaLogJoint(posterior.grid[j], stats) - Math.log(posterior.density[j]);
  return { posterior, density: (a) => (a > 0 ? Math.exp(gammaLogJoint(a, stats) - logZ) : 0) };
}

/** The LogNormal(loc, scale) density at a > 0. */
export function logNormalDensity(a: number, loc: number, scale: number): number {
  if (!(a > 0)) return 0;
  const z = (Math.log(a) - loc) / scale;
  return Math.exp(-0.5 * z * z) / (a * scale * Math.sqrt(2 * Math.PI));
}

/**
 * The range of a the chart shows: both densities to about 4 standard deviations either side
 * (q through its log scale), and the true value when there is one, with a small margin.
 */
export function densityRange(q: { loc: number; scale: number }, exact: { mean: number; sd: number }, truth: number | null): [number, number] {
  let lo = Math.min(Math.exp(q.loc - 4 * q.scale), exact.mean - 4.5 * exact.sd);
  let hi = Math.max(Math.exp(q.loc + 4 * q.scale), exact.mean + 4.5 * exact.sd);
  if (truth !== null) {
    lo = Math.min(lo, truth);
    hi = Math.max(hi, truth);
  }
  const pad = 0.04 * (hi - lo);
  return [Math.max(0, lo - pad), hi + pad];
}

/** Both densities on an even grid over the range (a = 0 left out: both are 0 or undefined there). */
export function gammaDensitySnapshot(q: GammaSnapshot['q'], exact: ExactDensity, truth: number | null, points = DENSITY_POINTS): GammaSnapshot {
  const [lo, hi] = densityRange(q, exact.posterior, truth);
  const grid = new Float64Array(points);
  const qDensity = new Float64Array(points);
  const exactValues = new Float64Array(points);
  for (let i = 0; i < points; i++) {
    const a = lo === 0 ? ((i + 1) * hi) / points : lo + ((hi - lo) * i) / (points - 1);
    grid[i] = a;
    qDensity[i] = logNormalDensity(a, q.loc, q.scale);
    exactValues[i] = exact.density(a);
  }
  const p = exact.posterior;
  return { q, exact: { mean: p.mean, sd: p.sd, q05: p.q05, q95: p.q95 }, grid, qDensity, exactDensity: exactValues };
}

/** A gamma run for the training loop: steps on the chosen backend, snapshots read back asynchronously. */
export function createGammaTrainer(request: GammaRunRequest, backend: Backend, dtype: FloatDType): Trainer<GammaSnapshot> {
  const data = gammaDataFor(request.data);
  const exact = exactDensity(gammaStats(data));
  const truth = request.data.kind === 'generated' ? request.data.concentration : null;
  const run = new GammaRun({
    data,
    key: split(key(request.seed))[1],
    particles: request.particles,
    learningRate: request.learningRate,
    backend,
    dtype,
  });
  return {
    step: () => ({ loss: run.step() }),
    snapshot: async () => gammaDensitySnapshot(await run.read(), exact, truth),
    dispose: () => run.dispose(),
  };
}
