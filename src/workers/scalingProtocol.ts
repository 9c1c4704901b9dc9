/** Types shared by the scaling worker and the scaling page. */
import type {
  AccumulationPoint,
  BnnRuleEpoch,
  BnnRuleOptimizer,
  BnnRuleResult,
  BnnRuleRun,
  BnnRuleStart,
  GradientVarianceResult,
  MiniBatchSgdResult,
  RuleEpochPoint,
  RuleStart,
  ScalingRuleResult,
  SgdEpochPoint,
  VariancePoint,
} from '../engine/experiments/scaling';
import type { BackendPreference, BackendReport } from './protocol';

export type {
  AccumulationPoint,
  BackendPreference,
  BackendReport,
  BnnRuleEpoch,
  BnnRuleOptimizer,
  BnnRuleResult,
  BnnRuleRun,
  BnnRuleStart,
  GradientVarianceResult,
  MiniBatchSgdResult,
  RuleEpochPoint,
  RuleStart,
  ScalingRuleResult,
  SgdEpochPoint,
  VariancePoint,
};

export type RuleRun = ScalingRuleResult['runs'][number];
export type SgdRun = MiniBatchSgdResult['runs'][number];

/** Where a computation ran: the engine backend, its precision, and how long it took. */
export interface Placement {
  backend: 'cpu' | 'webgpu';
  dtype: 'f32' | 'f64';
  seconds: number;
}

/** The linear-regression data set every experiment of the page shares. */
export interface LinearDataRequest {
  n: number;
  seed: number;
}

export interface VarianceRequest extends LinearDataRequest {
  batchSizes: number[];
  batches: number;
}

export interface SgdRequest extends LinearDataRequest {
  batchSizes: number[];
  learningRate: number;
  epochs: number;
}

export interface RuleRequest extends LinearDataRequest {
  baseBatch: number;
  baseLearningRate: number;
  ks: number[];
  epochs: number;
  warmupEpochs: number;
}

export type SgdEvent = { kind: 'epoch'; point: SgdEpochPoint } | { kind: 'run'; run: SgdRun };

export type RuleEvent = { kind: 'start'; info: RuleStart } | { kind: 'epoch'; point: RuleEpochPoint } | { kind: 'run'; run: RuleRun };

export interface AccumulationRequest extends LinearDataRequest {
  microBatch: number;
  micros: number[];
}

/** One comparison of the accumulation experiment, labelled with where it was computed. */
export interface AccumulationEvent {
  /** e.g. "CPU, float64". */
  label: string;
  backend: 'cpu' | 'webgpu';
  /** True for the computation on the backend the worker chose; false for the comparison in the other precision. */
  chosen: boolean;
  point: AccumulationPoint;
}

export interface BnnRuleRequest {
  seed: number;
  baseBatch: number;
  baseLearningRate: number;
  ks: number[];
  epochs: number;
  optimizer: BnnRuleOptimizer;
  warmupEpochs: number;
  particlesGrowWithK: boolean;
  evalDraws: number;
}

export type BnnRuleEvent = { kind: 'start'; info: BnnRuleStart } | { kind: 'epoch'; point: BnnRuleEpoch } | { kind: 'run'; run: BnnRuleRun };

/** The API the scaling worker exposes with Comlink. Every experiment streams its points through the callback, then resolves with its result. */
export interface ScalingWorkerApi {
  /** Picks the backend (once per worker); later calls return the same report. */
  configure(preference: BackendPreference): Promise<BackendReport>;
  variance(request: VarianceRequest, onPoint: (p: VariancePoint) => unknown): Promise<{ result: GradientVarianceResult; placement: Placement }>;
  sgd(request: SgdRequest, onEvent: (e: SgdEvent) => unknown): Promise<{ result: MiniBatchSgdResult; placement: Placement }>;
  rule(request: RuleRequest, onEvent: (e: RuleEvent) => unknown): Promise<{ result: ScalingRuleResult; placement: Placement }>;
  accumulation(request: AccumulationRequest, onEvent: (e: AccumulationEvent) => unknown): Promise<{ placements: (Placement & { label: string })[] }>;
  /** Resolves when every run has ended or `stopBnnRule` was called. */
  bnnRule(request: BnnRuleRequest, onEvent: (e: BnnRuleEvent) => unknown): Promise<{ result: BnnRuleResult; placement: Placement }>;
  /** Ends the running Bayesian-network experiment after its current epoch. */
  stopBnnRule(): void;
}
