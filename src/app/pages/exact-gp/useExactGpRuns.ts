// The exact-gp page's two runs through the run channel: the training run (its request from the
// settings and the data in use; its progress into the charts) and the size sweep (its measured
// figures into the cost chart).

import type { ExactGpDataSpec, ExactGpProgress, ExactGpRequest, ExactGpSweepEvent } from '../../../workers/exact-gp/protocol';
import type { RunActions } from '../../worker/useRun';
import { useRun } from '../../worker/useRun';
import { useRequestFrom } from '../../worker/requestFrom';
import { addEvent } from './costFigures';
import type { OwnData } from './exactGpStore';
import { HYPERPARAMETERS, clearSweep, clearTraining, exactGpLive, sweepRun, trainRun, useExactGpStore } from './exactGpStore';
import type { ExactGpSettings } from './schema';
import type { ExactGpApi } from './useExactGpWorker';

type Message = ExactGpProgress | ExactGpSweepEvent;

export function dataSpecFor(s: ExactGpSettings, own: OwnData | null): ExactGpDataSpec {
  return own ? { kind: 'own', x: own.x, y: own.y } : { kind: 'generated', n: s.n, seed: s.seed };
}

function isSweepEvent(m: Message): m is ExactGpSweepEvent {
  return 'kind' in m;
}

function receiveTraining(m: Message): void {
  if (isSweepEvent(m)) return;
  const store = useExactGpStore.getState();
  const patch: Parameters<typeof store.update>[0] = { step: m.step, seconds: m.seconds };
  if (m.losses.length) {
    exactGpLive.loss.pushMany('loss', m.steps, m.losses);
    patch.lastLoss = m.losses[m.losses.length - 1];
    const latest = { ...store.latest };
    for (const name of HYPERPARAMETERS) {
      const column = m.aux[name];
      if (!column?.length) continue;
      exactGpLive.hyperparameters.pushMany(name, m.steps, column);
      latest[name] = column[column.length - 1];
    }
    patch.latest = latest;
  }
  if (m.snapshot) {
    exactGpLive.band.set(m.snapshot);
    patch.rmse = m.snapshot.rmse;
  }
  store.update(patch);
}

function receiveSweep(m: Message): void {
  if (!isSweepEvent(m)) return;
  const store = useExactGpStore.getState();
  store.update({ cost: addEvent(store.cost, m) });
}

export interface ExactGpRuns {
  train: RunActions;
  sweep: RunActions;
}

export function useExactGpRuns(api: ExactGpApi | null, settings: ExactGpSettings, blocked: boolean): ExactGpRuns {
  const { from } = useRequestFrom(settings, blocked);

  const train = useRun<ExactGpRequest, Message, null>(api, {
    slot: 'train',
    state: trainRun,
    request: from((s) => ({ kind: 'train', data: dataSpecFor(s, useExactGpStore.getState().own), steps: s.steps, learningRate: s.learningRate, path: s.path, dtype: s.dtype })),
    begin(_mode, r) {
      clearTraining();
      if (r.kind !== 'train') return;
      const n = r.data.kind === 'own' ? r.data.x.length : r.data.n;
      useExactGpStore.getState().update({ runSteps: r.steps, runN: n, runPath: r.path, runDtype: r.dtype });
    },
    progress: receiveTraining,
    clear: clearTraining,
  });

  const sweep = useRun<ExactGpRequest, Message, null>(api, {
    slot: 'sweep',
    state: sweepRun,
    request: from((s) => ({ kind: 'sweep', sizes: [...s.sizes], seed: s.seed, learningRate: s.learningRate, dtype: s.dtype, budgetMs: s.sweepBudget })),
    begin: clearSweep,
    progress: receiveSweep,
    clear: clearSweep,
  });

  return { train, sweep };
}
