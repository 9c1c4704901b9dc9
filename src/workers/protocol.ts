/** Types shared by the training worker and the pages that talk to it. */
import type { Progress, RunStatus } from './trainingLoop';
import type { SweepPoint, TimeToTargetPoint } from '../engine/experiments/sweep';

export type { Progress, RunStatus, SweepPoint, TimeToTargetPoint };

export type BackendPreference = 'auto' | 'cpu' | 'webgpu';

/** How a new run begins: training, paused before its first step, or paused after one step. */
export type StartMode = 'run' | 'paused' | 'step';

/** Which backend the worker really uses, and why. */
export interface BackendReport {
  backend: 'cpu' | 'webgpu';
  /** The adapter's name for WebGPU, or why the CPU is used. */
  detail: string;
}

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
}

export interface SweepRequest extends SvgpDataRequest {
  batches: number[];
  m: number;
  learningRate: number;
  warmupSteps: number;
  timedSteps: number;
  seed: number;
}

export interface TimeToTargetRequest extends SvgpDataRequest {
  batches: number[];
  m: number;
  learningRate: number;
  seed: number;
  targetPerPoint: number;
  budgetSeconds: number;
}

/** The API the training worker exposes with Comlink. */
export interface TrainingWorkerApi {
  /** Picks the backend (once per worker); later calls return the same report. */
  configure(preference: BackendPreference): Promise<BackendReport>;
  /** Every `stride`-th training point of the generated data: x [k, 2] and y [k]. */
  svgpData(request: SvgpDataRequest, stride: number): Promise<{ x: Float32Array; y: Float32Array }>;
  /**
   * Starts a run under `id` — running, paused, or paused after one step — and resolves with
   * its final status when it ends.
   */
  startSvgp(id: string, request: SvgpRunRequest, onProgress: (p: Progress<SvgpSnapshot>) => unknown, start: StartMode): Promise<RunStatus>;
  pause(id: string): void;
  resume(id: string): void;
  stepOnce(id: string): void;
  stop(id: string): void;
  sweep(request: SweepRequest, onPoint: (p: SweepPoint) => unknown): Promise<SweepPoint[]>;
  timeToTarget(request: TimeToTargetRequest, onPoint: (p: TimeToTargetPoint) => unknown): Promise<TimeToTargetPoint[]>;
}
