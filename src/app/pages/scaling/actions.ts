// The five experiments as runs of the run channel (one slot each): how to build each request,
// how to file its streamed points into the store, and how to take in its end.

import { useRef } from 'react';
import { SeriesBuffer } from '../../charts';
import type { RunOutcome } from '../../../workers/host/protocol';
import type { ScalingEvent, ScalingRequest, ScalingResult } from '../../../workers/scaling/protocol';
import type { RunActions, RunPage } from '../../worker/useRun';
import { useRun } from '../../worker/useRun';
import { requestFrom } from '../../worker/requestFrom';
import { SGD_BATCHES, accumulationMicros, ksUpTo, varianceBatchSizes } from './schema';
import type { ScalingSettings } from './schema';
import { runName } from './figures';
import type { ExperimentKey, Slices } from './scalingStore';
import { beginRun, scalingRuns, useScalingStore } from './scalingStore';
import type { ScalingApi } from './useScalingWorker';

const get = () => useScalingStore.getState();
const patch = <K extends ExperimentKey>(key: K, p: Partial<Slices[K]>) => get().patch(key, p);

export const sgdName = (batch: number) => `B = ${batch}`;

/** Takes in how an experiment ended: its result, or why it stopped or failed. */
function endRun(key: ExperimentKey, o: RunOutcome<ScalingResult>): void {
  const r = o.result;
  if (r) {
    if (r.experiment === 'variance') patch('variance', { result: r.result, placement: r.placement });
    else if (r.experiment === 'sgd') patch('sgd', { result: r.result, placement: r.placement });
    else if (r.experiment === 'rule') patch('rule', { placement: r.placement });
    else if (r.experiment === 'accumulation') patch('accumulation', { placements: r.placements });
    else patch('bnn', { placement: r.placement, current: null });
  }
  if (o.status === 'failed') patch(key, { status: 'failed', error: o.message });
  else patch(key, { status: o.status === 'stopped' ? 'stopped' : 'done', error: o.status === 'diverged' ? o.message : null });
}

/** Settings shared by the linear-regression experiments. */
const data = (s: ScalingSettings) => ({ n: s.n, seed: s.seed });

/** What each experiment does with its settings and its points. */
function experimentPage(key: ExperimentKey, settings: () => ScalingSettings, blocked: () => boolean): RunPage<ScalingRequest, ScalingEvent, ScalingResult> {
  // Curve names by k, fixed when the experiment says which runs it will make.
  const names = new Map<number, string>();
  const from = <R extends ScalingRequest>(make: (s: ScalingSettings) => R) => requestFrom(settings, blocked, make);
  const base = {
    slot: key,
    state: scalingRuns[key],
    end: (o: RunOutcome<ScalingResult>) => endRun(key, o),
    clear: () => patch(key, { status: 'idle', error: null }),
  };
  switch (key) {
    case 'variance':
      return {
        ...base,
        request: from((s) => ({ experiment: 'variance', ...data(s), batchSizes: varianceBatchSizes(s.n), batches: s.batchesPerSize })),
        begin: () => beginRun('variance', { points: [], result: null, placement: null }),
        progress: (e) => {
          if (e.experiment === 'variance') patch('variance', { points: [...get().variance.points, e.point] });
        },
      };
    case 'sgd':
      return {
        ...base,
        request: from((s) => ({ experiment: 'sgd', ...data(s), batchSizes: [...SGD_BATCHES], learningRate: s.sgdLearningRate, epochs: s.sgdEpochs })),
        begin: () => {
          const n = SGD_BATCHES.map(sgdName);
          beginRun('sgd', { runs: [], result: null, placement: null, loss: new SeriesBuffer(n), distance: new SeriesBuffer(n) });
        },
        progress: (e) => {
          if (e.experiment !== 'sgd') return;
          const slice = get().sgd;
          if (e.event.kind === 'epoch') {
            slice.loss.push(sgdName(e.event.point.batch), e.event.point.epoch, e.event.point.loss);
            slice.distance.push(sgdName(e.event.point.batch), e.event.point.epoch, e.event.point.error);
          } else patch('sgd', { runs: [...slice.runs, e.event.run] });
        },
      };
    case 'rule':
      return {
        ...base,
        request: from((s) => ({ experiment: 'rule', ...data(s), baseBatch: s.baseBatch, baseLearningRate: s.baseLearningRate, ks: ksUpTo(s.maxK), epochs: s.ruleEpochs, warmupEpochs: s.warmupEpochs })),
        begin: () => {
          const s = settings();
          names.clear();
          beginRun('rule', { start: null, runs: [], placement: null, plain: new SeriesBuffer(), warm: new SeriesBuffer(), baseLearningRate: s.baseLearningRate, epochs: s.ruleEpochs, warmupEpochs: s.warmupEpochs });
        },
        progress: (e) => {
          if (e.experiment !== 'rule') return;
          const ev = e.event;
          if (ev.kind === 'start') {
            // Fix the order (and so the colours) of the curves before any point arrives.
            for (const r of ev.info.runs) names.set(r.k, runName(r.k, r.batch, r.learningRate));
            patch('rule', { start: ev.info, plain: new SeriesBuffer([...names.values()]), warm: new SeriesBuffer([...names.values()]) });
          } else if (ev.kind === 'epoch') {
            const slice = get().rule;
            (ev.point.warmup ? slice.warm : slice.plain).push(names.get(ev.point.k) ?? String(ev.point.k), ev.point.epoch, ev.point.loss);
          } else patch('rule', { runs: [...get().rule.runs, ev.run] });
        },
      };
    case 'accumulation':
      return {
        ...base,
        request: from((s) => ({ experiment: 'accumulation', ...data(s), microBatch: s.microBatch, micros: accumulationMicros(s.micro, s.microBatch, s.n) })),
        begin: () => beginRun('accumulation', { events: [], placements: [], micro: settings().micro }),
        progress: (e) => {
          if (e.experiment === 'accumulation') patch('accumulation', { events: [...get().accumulation.events, e.event] });
        },
      };
    case 'bnn':
      return {
        ...base,
        request: from((s) => ({
          experiment: 'bnn',
          seed: s.seed,
          baseBatch: s.bnnB,
          baseLearningRate: s.bnnLr,
          ks: ksUpTo(s.bnnMaxK),
          epochs: s.bnnEpochs,
          optimizer: s.bnnOpt,
          warmupEpochs: s.bnnWarmup,
          particlesGrowWithK: s.bnnGrow,
          evalDraws: 16,
        })),
        begin: () => {
          const s = settings();
          names.clear();
          beginRun('bnn', { start: null, runs: [], current: null, placement: null, loss: new SeriesBuffer(), epochs: s.bnnEpochs, optimizer: s.bnnOpt });
        },
        progress: (e) => {
          if (e.experiment !== 'bnn') return;
          const ev = e.event;
          if (ev.kind === 'start') {
            for (const r of ev.info.runs) names.set(r.k, runName(r.k, r.batch, r.learningRate));
            patch('bnn', { start: ev.info, loss: new SeriesBuffer([...names.values()]) });
          } else if (ev.kind === 'epoch') {
            get().bnn.loss.push(names.get(ev.point.k) ?? String(ev.point.k), ev.point.epoch, ev.point.loss);
            patch('bnn', { current: { k: ev.point.k, epoch: ev.point.epoch } });
          } else patch('bnn', { runs: [...get().bnn.runs, ev.run] });
        },
      };
  }
}

export interface ScalingRuns {
  run(key: ExperimentKey, settings?: ScalingSettings): void;
  /** The Bayesian-network experiment trains step by step: it pauses, resumes and stops. */
  pause(): void;
  resume(): void;
  stop(): void;
}

/** The page's five experiments, driven through its worker. */
export function useScalingRuns(api: ScalingApi | null, values: ScalingSettings, problems: readonly string[]): ScalingRuns {
  const settings = useRef(values);
  settings.current = values;
  const blocked = useRef(problems.length > 0);
  blocked.current = problems.length > 0;
  const pages = useRef<Record<ExperimentKey, RunPage<ScalingRequest, ScalingEvent, ScalingResult>> | null>(null);
  pages.current ??= {
    variance: experimentPage('variance', () => settings.current, () => blocked.current),
    sgd: experimentPage('sgd', () => settings.current, () => blocked.current),
    rule: experimentPage('rule', () => settings.current, () => blocked.current),
    accumulation: experimentPage('accumulation', () => settings.current, () => blocked.current),
    bnn: experimentPage('bnn', () => settings.current, () => blocked.current),
  };
  const p = pages.current;
  const runs: Record<ExperimentKey, RunActions> = {
    variance: useRun(api, p.variance),
    sgd: useRun(api, p.sgd),
    rule: useRun(api, p.rule),
    accumulation: useRun(api, p.accumulation),
    bnn: useRun(api, p.bnn),
  };
  return {
    run(key, s) {
      if (s) settings.current = s;
      runs[key].reset();
      runs[key].run();
    },
    pause() {
      runs.bnn.pause();
      if (get().bnn.status === 'running') patch('bnn', { status: 'paused' });
    },
    resume() {
      runs.bnn.run();
      if (get().bnn.status === 'paused') patch('bnn', { status: 'running' });
    },
    stop: () => runs.bnn.stop(),
  };
}
