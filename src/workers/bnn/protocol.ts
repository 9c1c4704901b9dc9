/** Types shared by the bnn worker and the bnn page. */
import type { Progress } from '../../engine/train/loop';
import type { BnnOptimizer, StoppingCriterion } from '../../engine/models/bnnRun';
import type { RunWorkerApi } from '../host/protocol';

export type { BnnOptimizer, StoppingCriterion };

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

/** The test figures of a run that ended by itself (by its cap or its stopping rule). */
export interface BnnEvaluation {
  stepsRun: number;
  earlyStopStep: number | null;
  /** AUC of the posterior predictive mean on the test set. */
  testAuc: number;
  trainAuc: number;
  roc: { fpr: Float64Array; tpr: Float64Array };
  /** How long the test figures took. */
  evalSeconds: number;
}

export interface BnnPriorRequest {
  seed: number;
  count: number;
  gridSize: number;
  extent: number;
}

/** The API the bnn worker exposes with Comlink. */
export interface BnnWorkerApi extends RunWorkerApi<BnnRunRequest, BnnProgress, BnnEvaluation> {
  /** The data set and its train / validation / test split. */
  bnnData(spec: BnnDataSpec): Promise<BnnSplit>;
  /** p(x) on the grid for `count` networks drawn from the prior, one array each. */
  bnnPrior(request: BnnPriorRequest): Promise<Float32Array[]>;
}
