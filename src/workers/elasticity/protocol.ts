/** Types shared by the elasticity worker (the coordinator of the shards) and the elasticity page. */
import type { ElasticityGuideKind } from '../../engine/notebooks/elasticity/settings';
import type { Progress } from '../../engine/train/loop';
import type { BackendPreference, BackendReport, RunWorkerApi } from '../host/protocol';

export type { ElasticityGuideKind };

/** Generated data with known elasticities (the same numbers `npm run notebook -- elasticity --seed S` draws). */
export interface ElasticityGenerated {
  kind: 'generated';
  products: number;
  categories: number;
  periods: number;
}

/** The learner's own rows (a CSV with header product,category,period,log_price,units), one column each. */
export interface ElasticityOwnData {
  kind: 'own';
  product: Float64Array;
  category: Float64Array;
  period: Float64Array;
  logPrice: Float64Array;
  units: Float64Array;
}

export type ElasticityDataSpec = ElasticityGenerated | ElasticityOwnData;

/** What every run of the page shares: the data, the guide, the bound's particles and the seed. */
interface ElasticityRunBase {
  data: ElasticityDataSpec;
  guide: ElasticityGuideKind;
  particles: number;
  /** Seeds the generated data and the particles, split as the headless notebook splits it. */
  seed: number;
}

/** One training run over `shards` shard workers. */
export interface ElasticityTrainRequest extends ElasticityRunBase {
  kind: 'train';
  steps: number;
  shards: number;
}

/** Steps per second for each shard count: a fresh group per count, a few warm-up steps, then `timedSteps` timed ones. */
export interface ElasticitySpeedRequest extends ElasticityRunBase {
  kind: 'speed';
  shardCounts: number[];
  warmupSteps: number;
  timedSteps: number;
}

export type ElasticityRequest = ElasticityTrainRequest | ElasticitySpeedRequest;

/** The posterior as the page draws it, and the figures against the truth where there is one. */
export interface ElasticitySnapshot {
  /** Posterior mean of the global elasticity beta_g. */
  betaG: number;
  /** Posterior means of the category elasticities beta_c [C]. */
  categoryMeans: Float64Array;
  /** Posterior means and standard deviations of the product elasticities beta_i [P]. */
  mean: Float64Array;
  sd: Float64Array;
  /** Category of each product [P]. */
  productCategory: Int32Array;
  /** The generator's true beta_i [P] and beta_c [C] (null for your own data). */
  truthProducts: Float64Array | null;
  truthCategories: Float64Array | null;
  truthGlobal: number | null;
  /** RMSE of the posterior means against the truth, and the share of true values inside the 90 percent intervals (null without a truth). */
  betaRmse: number | null;
  coverage90: number | null;
}

export type ElasticityProgress = Progress<ElasticitySnapshot>;

/** A training run's summary, as the comparison of the two guides shows it. */
export interface ElasticityTrainResult {
  kind: 'train';
  guide: ElasticityGuideKind;
  steps: number;
  /** Mean of the last 100 losses (the negative bound, every constant included). */
  lossFinal: number;
  betaRmse: number | null;
  coverage90: number | null;
  /** Mean milliseconds per step outside the shards' computation. */
  commMsPerStep: number;
}

/** One shard count's measured speed. */
export interface ElasticitySpeedEvent {
  kind: 'speed';
  shards: number;
  /** Observations in the run (what each shard's slice adds up to). */
  n: number;
  steps: number;
  stepsPerSecond: number;
  commMsPerStep: number;
}

export type ElasticityMessage = ElasticityProgress | ElasticitySpeedEvent;

/** The shard worker's first exchange: which backend to start, and what it started. */
export interface ShardBackendRequest {
  type: 'backend';
  preference: BackendPreference;
}
export type ShardBackendReply = { type: 'backend'; report: BackendReport } | { type: 'error'; message: string };

/** The API the elasticity worker exposes with Comlink. */
export type ElasticityWorkerApi = RunWorkerApi<ElasticityRequest, ElasticityMessage, ElasticityTrainResult | null>;
