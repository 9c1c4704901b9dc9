/**
 * Recovering a Gamma concentration with SVI (the `gamma` notebook).
 *
 *   model:  a ~ HalfNormal(1),  z_i ~ Gamma(a, rate 1), i = 1..n
 *   guide:  a = exp(x),  x ~ Normal(loc, scale)   (so q(a) is LogNormal(loc, scale)),
 *           loc starts at 0.5, scale at 0.1 and is stored as log scale to stay positive.
 *
 * The posterior of a is one-dimensional, so it can also be computed exactly (to quadrature
 * accuracy) on a fine grid, which shows how good the variational fit is (Blei et al. 2017,
 * Sec. 5, on how VI tends to under-estimate posterior variance).
 */
import type { Backend, FloatDType, Tensor } from '../tensor';
import type { TensorRecord } from '../autodiff';
import * as E from '../ops';
import type { Key } from '../random';
import { digamma, lgamma, trigamma } from '../special';
import { gammaSamples } from '../data/gamma';
import { Gamma, HalfNormal, LogNormal, Normal } from '../prob/distributions';
import type { Model } from '../prob/elbo';
import type { Guide, GuideDraw, LatentSite } from '../prob/guides';
import { GAMMA_SETTINGS } from '../notebooks/gamma/settings';

/** The notebook's settings at their defaults (declared in notebooks/gamma/settings.ts), and the guide's starting point. */
export const GAMMA_DEFAULTS = {
  concentration: GAMMA_SETTINGS.concentration.default,
  n: GAMMA_SETTINGS.n.default,
  steps: GAMMA_SETTINGS.steps.default,
  particles: GAMMA_SETTINGS.particles.default,
  learningRate: GAMMA_SETTINGS.learningRate.default,
  initLoc: 0.5,
  initScale: 0.1,
} as const;

/** n observations of Gamma(concentration, rate 1), reproducible from the key. */
export function generateGammaData(n: number, concentration: number, k: Key): Float64Array {
  return gammaSamples(k, n, concentration);
}

export const GAMMA_SITES: readonly LatentSite[] = [{ name: 'concentration', shape: [] }];

/** The joint log-density: HalfNormal(1) prior on a, Gamma(a, 1) likelihood of the data z [n]. */
export const gammaModel: Model<Tensor> = (latents, z) => {
  const a = latents.concentration;
  return {
    logPrior: new HalfNormal(1).logProb(a),
    logLikelihood: E.sum(new Gamma(a, 1).logProb(z)),
  };
};

export interface LogNormalGuideParams extends TensorRecord {
  /** Location of x = log a []. */
  loc: Tensor;
  /** log of the scale of x []. */
  logScale: Tensor;
}

/**
 * q(a) = LogNormal(loc, exp(logScale)), drawn as a = exp(loc + exp(logScale) eps). Its log
 * density at a is the Normal log-density of x = log a minus log a (the exp transform's
 * log-Jacobian), evaluated here with x depending on the parameters, as NumPyro does.
 */
export class LogNormalGuide implements Guide<LogNormalGuideParams> {
  readonly sites = GAMMA_SITES;

  init(options: { backend?: Backend; dtype?: FloatDType; loc?: number; scale?: number } = {}): LogNormalGuideParams {
    const o = { backend: options.backend, dtype: options.dtype ?? 'f64' };
    return {
      loc: E.scalar(options.loc ?? GAMMA_DEFAULTS.initLoc, o),
      logScale: E.scalar(Math.log(options.scale ?? GAMMA_DEFAULTS.initScale), o),
    };
  }

  sample(params: LogNormalGuideParams, k: Key): GuideDraw {
    // From the random kernel, so that a recorded step draws afresh each time it is replayed (replay.ts).
    const eps = params.loc.backend.randomNormal(k, [], params.loc.dtype as FloatDType);
    const scale = E.exp(params.logScale);
    const x = E.add(params.loc, E.mul(scale, eps));
    const logQ = E.sub(new Normal(params.loc, scale).logProb(x), x);
    return { latents: { concentration: E.exp(x) }, logQ };
  }
}

/** Mean and standard deviation of q(a) = LogNormal(loc, scale). */
export function logNormalSummary(loc: number, scale: number): { mean: number; sd: number } {
  return { mean: LogNormal.mean(loc, scale), sd: LogNormal.sd(loc, scale) };
}

export interface PosteriorSummary {
  mean: number;
  sd: number;
  q05: number;
  q95: number;
}

export interface GridPosterior extends PosteriorSummary {
  /** About 2,000 points a_j (increasing) of the quadrature grid and the normalised density p(a_j | z) there, for plotting. */
  grid: Float64Array;
  density: Float64Array;
}

/** Sufficient statistics of Gamma(a, 1) data: n, sum log z, sum z. */
export interface GammaStats {
  n: number;
  sumLog: number;
  sum: number;
}

export function gammaStats(z: ArrayLike<number>): GammaStats {
  let sumLog = 0;
  let sum = 0;
  for (let i = 0; i < z.length; i++) {
    sumLog += Math.log(z[i]);
    sum += z[i];
  }
  return { n: z.length, sumLog, sum };
}

const HALF_LOG_2_OVER_PI = 0.5 * Math.log(2 / Math.PI);

/** log p(a) + log p(z | a), unnormalised, for a >= 0 (the data enter through their statistics). */
export function gammaLogJoint(a: number, s: GammaStats): number {
  const prior = HALF_LOG_2_OVER_PI - 0.5 * a * a;
  if (s.n === 0) return a >= 0 ? prior : -Infinity;
  if (!(a > 0)) return -Infinity;
  return prior + (a - 1) * s.sumLog - s.sum - s.n * lgamma(a);
}

/**
 * The exact posterior of a by quadrature on a fine grid. The log-posterior is concave on a > 0
 * (-a^2/2 and -n lgamma(a) are concave, the rest is linear), so its derivative
 * -a + sum log z - n digamma(a) has one root, the mode, found by bisection; the grid then spans
 * the mode +- 40 curvature standard deviations (clipped at 0, and widened until the log-density
 * has fallen by 60 at the upper end), with `intervals` Simpson panels for the moments and the
 * trapezoidal cumulative integral, interpolated linearly, for the quantiles.
 */
export function gammaExactPosterior(s: GammaStats, intervals = 200_000): GridPosterior {
  const slope = (a: number) => -a + s.sumLog - s.n * digamma(a);
  let mode = 0;
  if (s.n > 0) {
    let lo = 1e-300;
    let hi = 1;
    while (slope(hi) > 0) hi *= 2;
    for (let i = 0; i < 2000 && hi - lo > 1e-15 * hi; i++) {
      const mid = lo < 1e-8 * hi ? Math.sqrt(lo * hi) : 0.5 * (lo + hi);
      if (slope(mid) > 0) lo = mid;
      else hi = mid;
    }
    mode = 0.5 * (lo + hi);
  }
  const curvature = 1 + (s.n > 0 ? s.n * trigamma(mode) : 0);
  const width = 40 / Math.sqrt(curvature);
  const lo = Math.max(0, mode - width);
  let hi = mode + width;
  const peak = gammaLogJoint(mode, s);
  while (gammaLogJoint(hi, s) > peak - 60) hi += width;
  const m = intervals % 2 === 0 ? intervals : intervals + 1;
  const h = (hi - lo) / m;
  const grid = new Float64Array(m + 1);
  const density = new Float64Array(m + 1);
  for (let j = 0; j <= m; j++) {
    grid[j] = lo + j * h;
    density[j] = Math.exp(gammaLogJoint(grid[j], s) - peak);
  }
  const simpson = (f: (j: number) => number) => {
    let acc = f(0) + f(m);
    for (let j = 1; j < m; j++) acc += (j % 2 === 1 ? 4 : 2) * f(j);
    return (acc * h) / 3;
  };
  const z = simpson((j) => density[j]);
  for (let j = 0; j <= m; j++) density[j] /= z;
  const mean = simpson((j) => grid[j] * density[j]);
  const variance = simpson((j) => (grid[j] - mean) ** 2 * density[j]);
  const cdf = new Float64Array(m + 1);
  for (let j = 1; j <= m; j++) cdf[j] = cdf[j - 1] + 0.5 * h * (density[j - 1] + density[j]);
  const quantile = (p: number) => {
    const target = p * cdf[m];
    let j = 1;
    while (j < m && cdf[j] < target) j++;
    const f = (target - cdf[j - 1]) / (cdf[j] - cdf[j - 1]);
    return grid[j - 1] + f * h;
  };
  // Every stride-th point is plenty for a chart (about 2,000 of them).
  const stride = Math.max(1, Math.floor(m / 2000));
  const count = Math.floor(m / stride) + 1;
  const plotGrid = new Float64Array(count);
  const plotDensity = new Float64Array(count);
  for (let j = 0; j < count; j++) {
    plotGrid[j] = grid[j * stride];
    plotDensity[j] = density[j * stride];
  }
  return { mean, sd: Math.sqrt(variance), q05: quantile(0.05), q95: quantile(0.95), grid: plotGrid, density: plotDensity };
}
