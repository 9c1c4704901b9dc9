/** Types shared by the SVI worker (the gamma and bnn pages) and the pages that talk to it. */
import type { Progress, RunStatus } from './trainingLoop';
import type { BackendPreference, BackendReport, StartMode } from './protocol';
import type { BnnOptimizer, StoppingCriterion } from '../engine/models/bnnRun';

export type { BackendPreference, BackendReport, BnnOptimizer, Progress, RunStatus, StartMode, StoppingCriterion };

// ---------------------------------------------------------------- gamma

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

// ---------------------------------------------------------------- bnn

/** Two moons from the data seed, or the learner's points; either way split by the data seed. */
export type BnnDataSpec = { kind: 'moons'; dataSeed: number } | { kind: 'own'; x: Float64Array; y: Float64Array; dataSeed: number };

/** Points [n, 2] row-major and labels 0 / 1 [n]. */
export interface PointSet2 {
  x: Float64Array;
  y: Float64Array;
  n: number;
}

export interface BnnSplit {
  train: PointSet2;
  val: PointSet2;
  test: PointSet2;
}

export interface BnnRunRequest {
  data: BnnDataSpec;
  optimizer: BnnOptimizer;
  /** Maximum steps (also the length of the one-cycle schedule). */
  steps: number;
  /** 0 turns early stopping off. */
  patience: number;
  criterion: StoppingCriterion;
  /** Seed of the guide's initial locations, the particles and the posterior draws. */
  seed: number;
  /** Posterior draws for the test AUC at the end. */
  testDraws: number;
  /** Side of the square grid over [-extent, extent]^2 for the predictive heatmaps, and the draws per snapshot. */
  gridSize: number;
  extent: number;
  gridDraws: number;
}

/** The figures of new steps since the last report (losses normalised per point). */
export interface BnnRecords {
  steps: Float64Array;
  trainLoss: Float64Array;
  valLoss: Float64Array;
  trainNll: Float64Array;
  valNll: Float64Array;
  learningRate: Float64Array;
}

/** The posterior predictive on the grid: mean and sd of p(x) over guide draws, row-major, x1 fastest, row 0 lowest x2. */
export interface BnnSnapshot {
  gridSize: number;
  mean: Float32Array;
  sd: Float32Array;
}

export interface BnnProgress extends Progress<BnnSnapshot> {
  records: BnnRecords;
  /** The step at which the stopping rule fired, once it has. */
  earlyStopStep: number | null;
}

/** How a bnn run ended, with the test figures when it was not abandoned. */
export interface BnnOutcome {
  status: RunStatus;
  stepsRun: number;
  earlyStopStep: number | null;
  /** AUC of the posterior predictive mean on the test set (null when the run was stopped or failed). */
  testAuc: number | null;
  trainAuc: number | null;
  roc: { fpr: Float64Array; tpr: Float64Array } | null;
  /** Where the test figures were computed and how long they took. */
  evalSeconds: number;
}

export interface BnnPriorRequest {
  seed: number;
  count: number;
  gridSize: number;
  extent: number;
}

/** The API the SVI worker exposes with Comlink. */
export interface SviWorkerApi {
  /** Picks the backend (once per worker); later calls return the same report. */
  configure(preference: BackendPreference): Promise<BackendReport>;
  /** The generated observations (for the histogram). */
  gammaData(request: GammaGenerated): Promise<Float64Array>;
  /** Starts a gamma run under `id`; resolves with its final status when it ends. */
  startGamma(id: string, request: GammaRunRequest, onProgress: (p: Progress<GammaSnapshot>) => unknown, start: StartMode): Promise<RunStatus>;
  /** The data set and its train / validation / test split. */
  bnnData(spec: BnnDataSpec): Promise<BnnSplit>;
  /** p(x) on the grid for `count` networks drawn from the prior, one array each. */
  bnnPrior(request: BnnPriorRequest): Promise<Float32Array[]>;
  /** Starts a bnn run under `id`; resolves when it ends, with the test AUC and ROC curve unless it was stopped. */
  startBnn(id: string, request: BnnRunRequest, onProgress: (p: BnnProgress) => unknown, start: StartMode): Promise<BnnOutcome>;
  pause(id: string): void;
  resume(id: string): void;
  stepOnce(id: string): void;
  stop(id: string): void;
}
