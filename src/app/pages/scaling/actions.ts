// Starting the experiments: each asks the worker to run, with a callback that files the streamed
// points into the store (only while the run is still the latest one).

import * as Comlink from 'comlink';
import { SeriesBuffer } from '../../charts';
import type { ScalingWorkerApi } from '../../../workers/scalingProtocol';
import { SGD_BATCHES, accumulationMicros, ksUpTo, varianceBatchSizes } from './schema';
import type { ScalingSettings } from './schema';
import { runName } from './figures';
import { beginRun, failRun, isCurrent, patchIfCurrent, useScalingStore } from './scalingStore';

type Api = Comlink.Remote<ScalingWorkerApi>;

const get = () => useScalingStore.getState();

export async function runVariance(api: Api, s: ScalingSettings): Promise<void> {
  const token = beginRun('variance', { points: [], result: null, placement: null });
  try {
    const { result, placement } = await api.variance(
      { n: s.n, seed: s.seed, batchSizes: varianceBatchSizes(s.n), batches: s.batchesPerSize },
      Comlink.proxy((p) => patchIfCurrent('variance', token, { points: [...get().variance.points, p] })),
    );
    patchIfCurrent('variance', token, { result, placement, status: 'done' });
  } catch (e) {
    failRun('variance', token, e);
  }
}

export const sgdName = (batch: number) => `B = ${batch}`;

export async function runSgd(api: Api, s: ScalingSettings): Promise<void> {
  const names = SGD_BATCHES.map(sgdName);
  const loss = new SeriesBuffer(names);
  const distance = new SeriesBuffer(names);
  const token = beginRun('sgd', { runs: [], result: null, placement: null, loss, distance });
  try {
    const { result, placement } = await api.sgd(
      { n: s.n, seed: s.seed, batchSizes: [...SGD_BATCHES], learningRate: s.sgdLearningRate, epochs: s.sgdEpochs },
      Comlink.proxy((e) => {
        if (!isCurrent('sgd', token)) return;
        if (e.kind === 'epoch') {
          loss.push(sgdName(e.point.batch), e.point.epoch, e.point.loss);
          distance.push(sgdName(e.point.batch), e.point.epoch, e.point.error);
        } else {
          patchIfCurrent('sgd', token, { runs: [...get().sgd.runs, e.run] });
        }
      }),
    );
    patchIfCurrent('sgd', token, { result, placement, status: 'done' });
  } catch (e) {
    failRun('sgd', token, e);
  }
}

export async function runRule(api: Api, s: ScalingSettings): Promise<void> {
  let plain = new SeriesBuffer();
  let warm = new SeriesBuffer();
  const names = new Map<number, string>();
  const token = beginRun('rule', {
    start: null,
    runs: [],
    placement: null,
    plain,
    warm,
    baseLearningRate: s.baseLearningRate,
    epochs: s.ruleEpochs,
    warmupEpochs: s.warmupEpochs,
  });
  try {
    const { placement } = await api.rule(
      { n: s.n, seed: s.seed, baseBatch: s.baseBatch, baseLearningRate: s.baseLearningRate, ks: ksUpTo(s.maxK), epochs: s.ruleEpochs, warmupEpochs: s.warmupEpochs },
      Comlink.proxy((e) => {
        if (!isCurrent('rule', token)) return;
        if (e.kind === 'start') {
          // Fix the order (and so the colours) of the curves before any point arrives.
          for (const r of e.info.runs) names.set(r.k, runName(r.k, r.batch, r.learningRate));
          plain = new SeriesBuffer([...names.values()]);
          warm = new SeriesBuffer([...names.values()]);
          patchIfCurrent('rule', token, { start: e.info, plain, warm });
        } else if (e.kind === 'epoch') {
          const name = names.get(e.point.k) ?? String(e.point.k);
          (e.point.warmup ? warm : plain).push(name, e.point.epoch, e.point.loss);
        } else {
          patchIfCurrent('rule', token, { runs: [...get().rule.runs, e.run] });
        }
      }),
    );
    patchIfCurrent('rule', token, { placement, status: 'done' });
  } catch (e) {
    failRun('rule', token, e);
  }
}

export async function runAccumulation(api: Api, s: ScalingSettings): Promise<void> {
  const token = beginRun('accumulation', { events: [], placements: [], micro: s.micro });
  try {
    const { placements } = await api.accumulation(
      { n: s.n, seed: s.seed, microBatch: s.microBatch, micros: accumulationMicros(s.micro, s.microBatch, s.n) },
      Comlink.proxy((e) => patchIfCurrent('accumulation', token, { events: [...get().accumulation.events, e] })),
    );
    patchIfCurrent('accumulation', token, { placements, status: 'done' });
  } catch (e) {
    failRun('accumulation', token, e);
  }
}

export async function runBnnRule(api: Api, s: ScalingSettings): Promise<void> {
  let loss = new SeriesBuffer();
  const names = new Map<number, string>();
  const token = beginRun('bnn', { start: null, runs: [], current: null, placement: null, loss, epochs: s.bnnEpochs, optimizer: s.bnnOpt });
  try {
    const { result, placement } = await api.bnnRule(
      {
        seed: s.seed,
        baseBatch: s.bnnB,
        baseLearningRate: s.bnnLr,
        ks: ksUpTo(s.bnnMaxK),
        epochs: s.bnnEpochs,
        optimizer: s.bnnOpt,
        warmupEpochs: s.bnnWarmup,
        particlesGrowWithK: s.bnnGrow,
        evalDraws: 16,
      },
      Comlink.proxy((e) => {
        if (!isCurrent('bnn', token)) return;
        if (e.kind === 'start') {
          for (const r of e.info.runs) names.set(r.k, runName(r.k, r.batch, r.learningRate));
          loss = new SeriesBuffer([...names.values()]);
          patchIfCurrent('bnn', token, { start: e.info, loss });
        } else if (e.kind === 'epoch') {
          loss.push(names.get(e.point.k) ?? String(e.point.k), e.point.epoch, e.point.loss);
          patchIfCurrent('bnn', token, { current: { k: e.point.k, epoch: e.point.epoch } });
        } else {
          patchIfCurrent('bnn', token, { runs: [...get().bnn.runs, e.run] });
        }
      }),
    );
    patchIfCurrent('bnn', token, { placement, current: null, status: result.stopped ? 'stopped' : 'done' });
  } catch (e) {
    failRun('bnn', token, e);
  }
}

export function stopBnnRule(api: Api): void {
  void api.stopBnnRule();
}
