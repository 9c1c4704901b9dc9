// The elasticity page's two runs through the run channel: the training run (its request from
// the settings and the data in use; its progress into the charts; its summary into the table of
// guides) and the speed measurement (one row per shard count).

import { useRef } from 'react';
import type { ElasticityDataSpec, ElasticityMessage, ElasticityRequest, ElasticitySpeedEvent, ElasticityTrainResult } from '../../../workers/elasticity/protocol';
import type { RunActions } from '../../worker/useRun';
import { useRun } from '../../worker/useRun';
import { useRequestFrom } from '../../worker/requestFrom';
import type { OwnData } from './elasticityStore';
import { clearSpeed, clearTraining, elasticityLive, speedRun, trainRun, useElasticityStore } from './elasticityStore';
import type { ElasticityApi } from './useElasticityWorker';
import { SPEED_WARMUP_STEPS, browserCores, speedShardCounts, type ElasticitySettings } from './schema';

export function dataSpecFor(s: ElasticitySettings, own: OwnData | null): ElasticityDataSpec {
  if (own) return { kind: 'own', product: own.product, category: own.category, period: own.period, logPrice: own.logPrice, units: own.units };
  return { kind: 'generated', products: s.products, categories: s.categories, periods: s.periods };
}

/** The data and settings of a run in words, for the table that compares runs. */
export function describeRun(s: ElasticitySettings, own: OwnData | null): string {
  const data = own ? `${own.name} (${own.products.toLocaleString('en-US')} products)` : `${s.products.toLocaleString('en-US')} products, seed ${s.seed}`;
  return `${data}, ${s.steps.toLocaleString('en-US')} steps, K = ${s.particles}`;
}

function isSpeed(m: ElasticityMessage): m is ElasticitySpeedEvent {
  return 'kind' in m && m.kind === 'speed';
}

function receiveTraining(m: ElasticityMessage): void {
  if (isSpeed(m)) return;
  const store = useElasticityStore.getState();
  const patch: Parameters<typeof store.update>[0] = { step: m.step, seconds: m.seconds };
  if (m.losses.length) {
    // Drawn in thousands: the bound of 10,000 observations is tens of thousands, too wide for the axis's tick labels.
    elasticityLive.loss.pushMany('loss', m.steps, m.losses.map((v) => v / 1000));
    patch.lastLoss = m.losses[m.losses.length - 1];
  }
  if (m.snapshot) elasticityLive.posterior.set(m.snapshot);
  store.update(patch);
}

function receiveSpeed(m: ElasticityMessage): void {
  if (!isSpeed(m)) return;
  const store = useElasticityStore.getState();
  store.update({ speed: [...store.speed.filter((r) => r.shards !== m.shards), m].sort((a, b) => a.shards - b.shards) });
}

export interface ElasticityRuns {
  train: RunActions;
  speed: RunActions;
}

export function useElasticityRuns(api: ElasticityApi | null, settings: ElasticitySettings, blocked: boolean): ElasticityRuns {
  const { from, latest } = useRequestFrom(settings, blocked);
  const own = () => useElasticityStore.getState().own;
  const runOn = useRef('');

  const train = useRun<ElasticityRequest, ElasticityMessage, ElasticityTrainResult | null>(api, {
    slot: 'train',
    state: trainRun,
    request: from((s) => ({ kind: 'train', data: dataSpecFor(s, own()), guide: s.guide, particles: s.particles, seed: s.seed, steps: s.steps, shards: s.shards })),
    begin(_mode, r) {
      clearTraining();
      if (r.kind !== 'train') return;
      runOn.current = describeRun(latest(), own());
      useElasticityStore.getState().update({ runSteps: r.steps, runShards: r.shards, runGuide: r.guide, runOn: runOn.current });
    },
    progress: receiveTraining,
    end(outcome) {
      const result = outcome.result;
      if (!result || outcome.status !== 'finished') return;
      const store = useElasticityStore.getState();
      store.update({ guides: { ...store.guides, [result.guide]: { ...result, ranOn: runOn.current } } });
    },
    clear: clearTraining,
  });

  const speed = useRun<ElasticityRequest, ElasticityMessage, ElasticityTrainResult | null>(api, {
    slot: 'speed',
    state: speedRun,
    request: from((s) => ({
      kind: 'speed',
      data: dataSpecFor(s, own()),
      guide: s.guide,
      particles: s.particles,
      seed: s.seed,
      shardCounts: speedShardCounts(browserCores()),
      warmupSteps: SPEED_WARMUP_STEPS,
      timedSteps: s.speedSteps,
    })),
    begin: clearSpeed,
    progress: receiveSpeed,
    clear: clearSpeed,
  });

  return { train, speed };
}
