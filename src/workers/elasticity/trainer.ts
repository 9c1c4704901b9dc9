/**
 * The elasticity page's runs in the coordinating worker, with the shards started by a given
 * `StartShards` (Web Workers in the browser, in this thread in tests): the training run as a
 * Trainer for the training loop, with snapshots of the posterior and the summary the comparison
 * of the guides shows; and the speed measurement, one fresh group per shard count. No DOM and no
 * Comlink here (tested in Node).
 */
import * as E from '../../engine/ops';
import type { ElasticityData, ElasticityTruth } from '../../engine/models/elasticity';
import { elasticityDataFromColumns } from '../../engine/models/elasticity';
import type { StartShards } from '../../engine/experiments/elasticityNotebook';
import { elasticityPosterior, elasticityRunData, recoveryOf } from '../../engine/experiments/elasticityNotebook';
import type { Key } from '../../engine/random';
import type { RunControl } from '../../engine/train/control';
import type { StepRecord, Trainer } from '../../engine/train/trainer';
import type { JobContext, JobEnd } from '../host/runHost';
import { trainInJob } from '../host/runHost';
import type { ElasticityDataSpec, ElasticityMessage, ElasticityRequest, ElasticitySnapshot, ElasticitySpeedEvent, ElasticitySpeedRequest, ElasticityTrainRequest, ElasticityTrainResult } from './protocol';

/** Losses averaged into the final loss (as the headless notebook's lossFinal). */
const FINAL_LOSSES = 100;

/** A run's observations, their truth (generated data only) and the particles' key. */
export function elasticityDataFor(request: { data: ElasticityDataSpec; seed: number }): { data: ElasticityData; truth: ElasticityTruth | null; trainKey: Key } {
  const spec = request.data;
  if (spec.kind === 'generated') return elasticityRunData(spec, request.seed);
  const own = elasticityDataFromColumns({ product: spec.product, category: spec.category, period: spec.period, log_price: spec.logPrice, units: spec.units });
  return elasticityRunData(own, request.seed, own);
}

/** Refuses more shards than observations, in words. */
function checkShards(shards: number, n: number): void {
  if (!Number.isInteger(shards) || shards < 1) throw new RangeError(`shards = ${shards} must be a whole number from 1`);
  if (shards > n) throw new RangeError(`${shards} shards are more than the ${n} observations`);
}

function replicaOptions(request: ElasticityRequest, trainKey: Key) {
  return { guide: request.guide, particles: request.particles, key: trainKey };
}

export type ElasticityTrainer = Trainer<ElasticitySnapshot> & { summary(): ElasticityTrainResult };

/** A training run over `request.shards` shards: each step's loss and communication time, snapshots of the posterior. */
export async function createElasticityTrainer(request: ElasticityTrainRequest, startShards: StartShards): Promise<ElasticityTrainer> {
  const { data, truth, trainKey } = elasticityDataFor(request);
  checkShards(request.shards, data.product.length);
  const group = await startShards(data, request.shards, replicaOptions(request, trainKey));
  const recent: number[] = [];
  let steps = 0;
  let commMs = 0;
  let last: ElasticitySnapshot | null = null;
  return {
    async step() {
      const r = await group.step();
      commMs += r.commMs;
      steps++;
      return { loss: E.scalar(r.loss), aux: { commMs: r.commMs } };
    },
    observe(record: StepRecord) {
      recent.push(record.loss);
      if (recent.length > FINAL_LOSSES) recent.shift();
    },
    async snapshot(): Promise<ElasticitySnapshot> {
      const post = elasticityPosterior(await group.state(), data, data.productCategory);
      const figures = truth ? recoveryOf(post.mean, post.sd, truth.betaI) : null;
      last = {
        betaG: post.betaG,
        categoryMeans: Float64Array.from(post.betaC),
        mean: Float64Array.from(post.mean),
        sd: Float64Array.from(post.sd),
        productCategory: Int32Array.from(data.productCategory),
        truthProducts: truth ? Float64Array.from(truth.betaI) : null,
        truthCategories: truth ? Float64Array.from(truth.betaC) : null,
        truthGlobal: truth ? truth.betaG : null,
        betaRmse: figures?.betaRmse ?? null,
        coverage90: figures?.coverage90 ?? null,
      };
      return last;
    },
    summary(): ElasticityTrainResult {
      return {
        kind: 'train',
        guide: request.guide,
        steps,
        lossFinal: recent.length ? recent.reduce((s, v) => s + v, 0) / recent.length : NaN,
        betaRmse: last?.betaRmse ?? null,
        coverage90: last?.coverage90 ?? null,
        commMsPerStep: steps ? commMs / steps : 0,
      };
    },
    dispose: () => group.dispose(),
  };
}

/**
 * Steps per second for each shard count in turn, as the learner waits for them: a fresh group of
 * shards (their start is not timed), `warmupSteps` untimed steps, then up to `timedSteps` timed
 * ones; each count's figures are reported as soon as they are known. Stops between steps.
 */
export async function measureElasticitySpeed(request: ElasticitySpeedRequest, startShards: StartShards, control: RunControl, report: (e: ElasticitySpeedEvent) => unknown): Promise<void> {
  const { data, trainKey } = elasticityDataFor(request);
  const n = data.product.length;
  for (const count of request.shardCounts) checkShards(count, n);
  for (const count of request.shardCounts) {
    if (control.stopped) return;
    const group = await startShards(data, count, replicaOptions(request, trainKey));
    try {
      for (let i = 0; i < request.warmupSteps && !control.stopped; i++) await group.step();
      let steps = 0;
      let commMs = 0;
      const t0 = performance.now();
      while (steps < request.timedSteps && !control.stopped) {
        commMs += (await group.step()).commMs;
        steps++;
      }
      const seconds = (performance.now() - t0) / 1000;
      if (steps > 0) await report({ kind: 'speed', shards: count, n, steps, stepsPerSecond: steps / seconds, commMsPerStep: commMs / steps });
    } finally {
      group.dispose();
    }
  }
}

/**
 * The job the run channel runs for a request: the shards are started by `shardsOn(backend)` on
 * the job's backend (WebGPU in the coordinator means WebGPU in every shard). A training run goes
 * one step at a time (each waits for every shard); the coordinator's own device does no work, so
 * it is not timed.
 */
export function elasticityJob(request: ElasticityRequest, shardsOn: (backend: 'cpu' | 'webgpu') => StartShards) {
  return async (ctx: JobContext, report: (m: ElasticityMessage) => Promise<void>): Promise<JobEnd<ElasticityTrainResult | null>> => {
    const startShards = shardsOn(ctx.backend.name === 'webgpu' ? 'webgpu' : 'cpu');
    if (request.kind === 'speed') {
      await measureElasticitySpeed(request, startShards, ctx.control, report);
      return { status: ctx.control.stopped ? 'stopped' : 'finished', result: null };
    }
    const trainer = await createElasticityTrainer(request, startShards);
    const end = await trainInJob(ctx, trainer, { totalSteps: request.steps, stepsPerGroup: 1, deviceTime: () => null }, report);
    return { status: end.status, message: end.message, result: trainer.summary() };
  };
}
