/** Types shared by the svgp worker and the svgp page. */
import type { Progress } from '../../engine/train/loop';
import type { RunWorkerApi } from '../host/protocol';

export interface SvgpDataRequest {
  n: number;
  dataSeed: number;
}

export interface SvgpRunRequest extends SvgpDataRequest {
  /** 'full' trains on all N points every step; 'mini' on `batch` points drawn with replacement. */
  kind: 'full' | 'mini';
  batch: number;
  m: number;
  learningRate: number;
  steps: number;
  /** Seed of the mini-batch draws. */
  seed: number;
}

/** What the svgp page draws from a snapshot. */
export interface SvgpSnapshot {
  /** Posterior mean on the evaluation grid, row-major, x1 fastest. */
  gridMean: Float32Array;
  gridSize: number;
  /** Inducing inputs [M, 2], row-major. */
  inducing: Float32Array;
  variance: number;
  lengthscale: number;
  noiseVariance: number;
  /** Grid RMSE of the posterior mean against the true function. */
  rmse: number;
  /** RMS of the true function on the grid: the RMSE of predicting zero everywhere. */
  truthRms: number;
}

export type SvgpProgress = Progress<SvgpSnapshot>;

/** The API the svgp worker exposes with Comlink. */
export interface SvgpWorkerApi extends RunWorkerApi<SvgpRunRequest, SvgpProgress, null> {
  /** Every `stride`-th training point of the generated data: x [k, 2] and y [k]. */
  svgpData(request: SvgpDataRequest, stride: number): Promise<{ x: Float32Array; y: Float32Array }>;
}
