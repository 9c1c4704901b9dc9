/** Types shared by the scaling worker and the scaling page. */
import type {
  AccumulationPoint,
  BnnRuleOptimizer,
  BnnRuleEpoch,
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
} from '../../engine/experiments/scaling';
import type { RunWorkerApi } from '../host/protocol';

// The experiments' own types, for the page.
export type * from '../../engine/experiments/scaling';

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

/** One experiment to run: its name and its settings. */
export type ScalingRequest =
  | ({ experiment: 'variance' } & VarianceRequest)
  | ({ experiment: 'sgd' } & SgdRequest)
  | ({ experiment: 'rule' } & RuleRequest)
  | ({ experiment: 'accumulation' } & AccumulationRequest)
  | ({ experiment: 'bnn' } & BnnRuleRequest);

/** A point streamed while an experiment runs. */
export type ScalingEvent =
  | { experiment: 'variance'; point: VariancePoint }
  | { experiment: 'sgd'; event: SgdEvent }
  | { experiment: 'rule'; event: RuleEvent }
  | { experiment: 'accumulation'; event: AccumulationEvent }
  | { experiment: 'bnn'; event: BnnRuleEvent };

/** What an experiment gives back at its end, with where it ran. */
export type ScalingResult =
  | { experiment: 'variance'; result: GradientVarianceResult; placement: Placement }
  | { experiment: 'sgd'; result: MiniBatchSgdResult; placement: Placement }
  | { experiment: 'rule'; result: ScalingRuleResult; placement: Placement }
  | { experiment: 'accumulation'; placements: (Placement & { label: string })[] }
  | { experiment: 'bnn'; result: BnnRuleResult; placement: Placement };

/**
 * The API the scaling worker exposes with Comlink: every experiment is a run of the run channel
 * (one slot per experiment), streaming its points through the callback. The Bayesian-network
 * experiment trains through the training loop, so it pauses, steps and stops like any run.
 */
export type ScalingWorkerApi = RunWorkerApi<ScalingRequest, ScalingEvent, ScalingResult>;
