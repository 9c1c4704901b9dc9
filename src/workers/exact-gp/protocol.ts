/** Types shared by the exact-gp worker and the exact-gp page. */
import type { FloatDType } from '../../engine/tensor';
import type { Progress } from '../../engine/train/loop';
import type { GradientPath } from '../../engine/notebooks/exact-gp/settings';
import type { RunWorkerApi } from '../host/protocol';

export type { GradientPath };

/** Generated data: n inputs uniform on [0, 1], y = sin(2 pi x) + 0.2 eps, from `seed`. */
export interface ExactGpGenerated {
  kind: 'generated';
  n: number;
  seed: number;
}

/** The learner's own points (a CSV with header x,y). */
export interface ExactGpOwnData {
  kind: 'own';
  x: Float64Array;
  y: Float64Array;
}

export type ExactGpDataSpec = ExactGpGenerated | ExactGpOwnData;

/** One training run (Adam, full batch) on the chosen gradient path. */
export interface ExactGpTrainRequest {
  kind: 'train';
  data: ExactGpDataSpec;
  steps: number;
  learningRate: number;
  path: GradientPath;
  /** Precision on the cpu; WebGPU always computes in float32. */
  dtype: FloatDType;
}

/**
 * The size sweep: ms per training step on both paths at every N, on the chosen backend and then,
 * when that is WebGPU, on the cpu as well; and one SVGP step (M = 50, B = 200) on each, for the wall.
 */
export interface ExactGpSweepRequest {
  kind: 'sweep';
  sizes: number[];
  seed: number;
  learningRate: number;
  /** Precision on the cpu; WebGPU always computes in float32. */
  dtype: FloatDType;
  /** Milliseconds of timed steps to aim for per figure. */
  budgetMs: number;
}

export type ExactGpRequest = ExactGpTrainRequest | ExactGpSweepRequest;

/** What the page draws from a snapshot of a training run. */
export interface ExactGpSnapshot {
  /** Inputs of the curve [g], increasing. */
  grid: Float64Array;
  /** Posterior mean mu(x*) [g]. */
  mean: Float64Array;
  /** mu -/+ 2 sqrt(v + sigma^2): the band of a new observation [g]. */
  lower: Float64Array;
  upper: Float64Array;
  outputscale: number;
  lengthscale: number;
  noise: number;
  /** The constant mean c. */
  constant: number;
  /** RMSE of the posterior mean against sin(2 pi x) on the grid (null for your own data). */
  rmse: number | null;
}

export type ExactGpProgress = Progress<ExactGpSnapshot>;

/** Backend names as the page shows them. */
export type BackendLabel = 'WebGPU' | 'CPU';

/** One measured figure of the sweep. */
export type ExactGpSweepEvent =
  | { kind: 'exact'; backend: BackendLabel; dtype: FloatDType; n: number; path: GradientPath; msPerStep: number }
  | { kind: 'svgp'; backend: BackendLabel; dtype: FloatDType; msPerStep: number };

/** The API the exact-gp worker exposes with Comlink. */
export interface ExactGpWorkerApi extends RunWorkerApi<ExactGpRequest, ExactGpProgress | ExactGpSweepEvent, null> {
  /** The generated points of a data request (for the scatter before a run). */
  exactGpData(request: ExactGpGenerated): Promise<{ x: Float64Array; y: Float64Array }>;
}
