/**
 * The `elasticity` notebook end to end, headless: data (generated with known elasticities, or
 * given), data-parallel SVI through the training loop, and the recovered elasticities against
 * the truth. The shards run in this thread unless `startShards` starts them elsewhere (worker
 * threads in Node: scripts/notebooks/elasticityWorkers.ts).
 */
import * as E from '../ops';
import type { Key } from '../random';
import { key, split } from '../random';
import type { ElasticityData, ElasticityDims, ElasticityTruth } from '../models/elasticity';
import { ELASTICITY_DEFAULTS, generateElasticityData } from '../models/elasticity';
import type { ReplicaOptions, ReplicaState } from '../models/elasticityReplica';
import type { ShardGroup } from '../models/elasticityShards';
import { LocalShards } from '../models/elasticityShards';
import type { ElasticityGuideKind } from '../notebooks/elasticity/settings';
import { ELASTICITY_SETTINGS } from '../notebooks/elasticity/settings';
import type { Trainer } from '../train/trainer';
import { trainToEnd } from '../train/collect';
import type { RunControl } from '../train/control';

/** Starts a group of `shards` shards over the data with replicas built from `replica`. */
export type StartShards = (data: ElasticityData, shards: number, replica: Omit<ReplicaOptions, 'products' | 'categories' | 'periods'>) => Promise<ShardGroup>;

export const startLocalShards: StartShards = async (data, shards, replica) => new LocalShards(data, shards, replica);

export interface ElasticityNotebookOptions extends ElasticityDims {
  steps: number;
  particles: number;
  guide: ElasticityGuideKind;
  shards: number;
  seed: number;
  /** Observations replacing the generated ones. */
  data?: ElasticityData;
  startShards?: StartShards;
  control?: RunControl;
}

export const ELASTICITY_NOTEBOOK_DEFAULTS: ElasticityNotebookOptions = {
  products: ELASTICITY_DEFAULTS.products,
  categories: ELASTICITY_DEFAULTS.categories,
  periods: ELASTICITY_DEFAULTS.periods,
  steps: ELASTICITY_DEFAULTS.steps,
  particles: ELASTICITY_DEFAULTS.particles,
  guide: ELASTICITY_DEFAULTS.guide,
  shards: ELASTICITY_DEFAULTS.shards,
  seed: ELASTICITY_SETTINGS.seed.default,
};

export interface ElasticityNotebookResult {
  notebook: 'elasticity';
  /** Observations. */
  n: number;
  products: number;
  categories: number;
  periods: number;
  guide: ElasticityGuideKind;
  shards: number;
  steps: number;
  stepsPerSecond: number;
  /** Mean of the last 100 losses: the negative bound with every constant (log u! included). */
  lossFinal: number;
  /** Posterior mean of the global elasticity. */
  betaG: number;
  /** Posterior means [P] and standard deviations [P] of the product elasticities. */
  productElasticities: number[];
  productSd: number[];
  /** Against the truth, for generated data only. */
  betaRmse?: number;
  coverage90?: number;
}

/** Extra figures the page shows beside the JSON ones. */
export interface ElasticityNotebookDetails {
  losses: Float64Array;
  seconds: number;
  /** Mean milliseconds per step outside the shards' computation. */
  commMsPerStep: number;
  /** Posterior means of the category elasticities [C] (what the products shrink towards). */
  categoryElasticities: number[];
  truth: ElasticityTruth | null;
}

/** z with P(|Z| <= z) = 0.9 for a standard normal Z. */
export const Z90 = 1.6448536269514722;

/** Posterior means and sds of beta_g, beta_c and beta_i from the guide's locations and scales. */
export function elasticityPosterior(state: ReplicaState, d: ElasticityDims, productCategory: Int32Array): { betaG: number; betaC: number[]; mean: number[]; sd: number[] } {
  const { loc, scale } = state;
  const [oC, oI] = [1, 1 + d.categories];
  const betaG = -2 + loc[0];
  const betaC = Array.from({ length: d.categories }, (_, c) => betaG + loc[oC + c]);
  const mean: number[] = [];
  const sd: number[] = [];
  for (let i = 0; i < d.products; i++) {
    const c = productCategory[i];
    // beta_i = -2 + e_g + e_c + 2 e_i; the three are independent under both guides.
    mean.push(betaC[c] + 2 * loc[oI + i]);
    sd.push(Math.sqrt(scale[0] ** 2 + scale[oC + c] ** 2 + 4 * scale[oI + i] ** 2));
  }
  return { betaG, betaC, mean, sd };
}

/**
 * A run's data and its training key from `seed` (split once: the data's key, the particles'):
 * `given` observations, or data generated at `dims` with their truth.
 */
export function elasticityRunData(dims: ElasticityDims, seed: number, given?: ElasticityData): { data: ElasticityData; truth: ElasticityTruth | null; trainKey: Key } {
  const [dataKey, trainKey] = split(key(seed));
  if (given) return { data: given, truth: null, trainKey };
  return { ...generateElasticityData(dims, dataKey), trainKey };
}

/**
 * RMSE of the posterior means [P] against the true elasticities [P], and the share of true
 * values inside the central 90 percent intervals mean -/+ Z90 sd.
 */
export function recoveryOf(mean: ArrayLike<number>, sd: ArrayLike<number>, truth: ArrayLike<number>): { betaRmse: number; coverage90: number } {
  let sq = 0;
  let inside = 0;
  for (let i = 0; i < truth.length; i++) {
    sq += (mean[i] - truth[i]) ** 2;
    if (Math.abs(truth[i] - mean[i]) <= Z90 * sd[i]) inside++;
  }
  return { betaRmse: Math.sqrt(sq / truth.length), coverage90: inside / truth.length };
}

export async function runElasticityNotebook(options: Partial<ElasticityNotebookOptions> = {}): Promise<ElasticityNotebookResult & { details: ElasticityNotebookDetails }> {
  const o = { ...ELASTICITY_NOTEBOOK_DEFAULTS, ...options };
  if (!Number.isInteger(o.steps) || o.steps < 1) throw new RangeError(`steps = ${o.steps} must be a positive integer`);
  const { data, truth, trainKey } = elasticityRunData(o, o.seed, o.data);
  const n = data.product.length;
  if (o.shards > n) throw new RangeError(`shards = ${o.shards} exceeds the ${n} observations`);
  const group = await (o.startShards ?? startLocalShards)(data, o.shards, { guide: o.guide, particles: o.particles, key: trainKey });
  const trainer: Trainer<ReplicaState> = {
    step: async () => {
      const r = await group.step();
      return { loss: E.scalar(r.loss), aux: { commMs: r.commMs } };
    },
    snapshot: () => group.state(),
    dispose: () => group.dispose(),
  };
  const r = await trainToEnd(trainer, o.steps, { stepsPerGroup: 1, control: o.control });
  if (r.status !== 'finished' || !r.snapshot) {
    throw new Error(r.status === 'diverged' ? (r.message ?? 'the run diverged') : r.status === 'stopped' ? 'the run was stopped' : `the run failed: ${r.message}`);
  }
  const post = elasticityPosterior(r.snapshot, data, data.productCategory);
  const tail = r.losses.subarray(Math.max(0, r.losses.length - 100));
  const comm = r.aux.commMs ?? new Float64Array(0);
  const result: ElasticityNotebookResult = {
    notebook: 'elasticity',
    n,
    products: data.products,
    categories: data.categories,
    periods: data.periods,
    guide: o.guide,
    shards: o.shards,
    steps: r.losses.length,
    stepsPerSecond: r.losses.length / r.seconds,
    lossFinal: tail.reduce((s, v) => s + v, 0) / tail.length,
    betaG: post.betaG,
    productElasticities: post.mean,
    productSd: post.sd,
  };
  if (truth) Object.assign(result, recoveryOf(post.mean, post.sd, truth.betaI));
  return {
    ...result,
    details: { losses: r.losses, seconds: r.seconds, commMsPerStep: comm.reduce((s, v) => s + v, 0) / Math.max(1, comm.length), categoryElasticities: post.betaC, truth },
  };
}
