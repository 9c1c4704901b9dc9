/** Types shared by the gamma worker and the gamma page. */
import type { Progress } from '../../engine/train/loop';
import type { RunWorkerApi } from '../host/protocol';

/** Generated Gamma data: n draws of Gamma(concentration, 1) from the data seed. */
export interface GammaGenerated {
  kind: 'generated';
  concentration: number;
  n: number;
  dataSeed: number;
}

/** The learner's own observations (all positive). */
export interface GammaOwnData {
  kind: 'own';
  values: Float64Array;
}

export type GammaDataSpec = GammaGenerated | GammaOwnData;

export interface GammaRunRequest {
  data: GammaDataSpec;
  particles: number;
  learningRate: number;
  steps: number;
  /** Seed of the particle stream. */
  seed: number;
}

/** Mean, standard deviation and 90% interval of the exact posterior of the concentration. */
export interface ExactSummary {
  mean: number;
  sd: number;
  q05: number;
  q95: number;
}

/** What the gamma page draws from a snapshot. */
export interface GammaSnapshot {
  /** The guide q(a) = LogNormal(loc, scale) and its mean and sd. */
  q: { loc: number; scale: number; mean: number; sd: number };
  exact: ExactSummary;
  /** Values of a (increasing) and both densities there, on a range that holds both curves. */
  grid: Float64Array;
  qDensity: Float64Array;
  exactDensity: Float64Array;
}

export type GammaProgress = Progress<GammaSnapshot>;

/** The API the gamma worker exposes with Comlink. */
export interface GammaWorkerApi extends RunWorkerApi<GammaRunRequest, GammaProgress, null> {
  /** The generated observations (for the histogram). */
  gammaData(request: GammaGenerated): Promise<Float64Array>;
}
