// The bnn run through the run channel: how to build its request and how to take in its
// progress and its test figures; and the data and the prior draws.

import { useEffect, useRef } from 'react';
import type { BnnDataSpec, BnnEvaluation, BnnProgress, BnnRunRequest } from '../../../workers/bnn/protocol';
import type { RunOutcome } from '../../../workers/host/protocol';
import type { RunActions } from '../../worker/useRun';
import { useRun } from '../../worker/useRun';
import type { BnnApi } from './useBnnWorker';
import type { BnnSettings } from './schema';
import { GRID, PRIOR } from './schema';
import type { RunSetup } from './bnnStore';
import { GAP_BIASED, GAP_FAIR, NOW, SCHEDULED, TRAIN, USED, VAL, bnnLive, bnnRun, clearRun, useBnnStore } from './bnnStore';
import { StreakTracker, resolvedSteps, scheduleSeries } from './stopping';

// ------------------------------------------------------------------ the schedule chart's data

const schedule = { scheduled: { x: [] as number[], y: [] as number[] }, used: { x: [] as number[], y: [] as number[] }, now: 0, top: 0.01 };

function publishSchedule(): void {
  const s = schedule;
  bnnLive.schedule.set([
    { name: SCHEDULED, x: s.scheduled.x, y: s.scheduled.y },
    { name: USED, x: s.used.x, y: s.used.y },
    ...(s.now > 0 ? [{ name: NOW, x: [s.now, s.now], y: [0, s.top * 1.05] }] : []),
  ]);
}

/** Shows the schedule of the chosen optimiser (when no run is on screen, or the run used it). */
export function useScheduleCurve(optimizer: BnnSettings['optimizer'], steps: number): void {
  useEffect(() => {
    const total = resolvedSteps(optimizer, steps);
    schedule.scheduled = scheduleSeries(optimizer, total);
    schedule.top = Math.max(...schedule.scheduled.y);
    publishSchedule();
  }, [optimizer, steps]);
}

function resetUsed(): void {
  schedule.used = { x: [], y: [] };
  schedule.now = 0;
  publishSchedule();
}

// ------------------------------------------------------------------ data and prior

export function dataSpecFor(dataSeed: number, own: ReturnType<typeof useBnnStore.getState>['own']): BnnDataSpec {
  return own ? { kind: 'own', x: own.data.x, y: own.data.y, dataSeed } : { kind: 'moons', dataSeed };
}

/** Fetches the data set and its split whenever the data seed or the learner's data change. */
export function useBnnData(api: BnnApi | null, dataSeed: number): void {
  const own = useBnnStore((s) => s.own);
  useEffect(() => {
    if (!api) return;
    let live = true;
    useBnnStore.getState().update({ split: null });
    api.bnnData(dataSpecFor(dataSeed, own)).then(
      (split) => {
        if (live) useBnnStore.getState().update({ split });
      },
      (e: unknown) => {
        if (live) useBnnStore.getState().update({ csvError: e instanceof Error ? e.message : String(e), own: null });
      },
    );
    return () => {
      live = false;
    };
  }, [api, dataSeed, own]);
}

/** Fetches the prior draws' surfaces whenever their seed changes. */
export function useBnnPrior(api: BnnApi | null, priorSeed: number): void {
  useEffect(() => {
    if (!api) return;
    let live = true;
    useBnnStore.getState().update({ prior: null });
    void api.bnnPrior({ seed: priorSeed, count: PRIOR.count, gridSize: PRIOR.size, extent: GRID.extent }).then((prior) => {
      if (live) useBnnStore.getState().update({ prior });
    });
    return () => {
      live = false;
    };
  }, [api, priorSeed]);
}

// ------------------------------------------------------------------ runs

/** What a run accumulates while its reports arrive. */
class RunFigures {
  readonly biased: StreakTracker;
  readonly fair: StreakTracker;
  private readonly kl: number[] = [];

  constructor(readonly setup: RunSetup) {
    this.biased = new StreakTracker(setup.patience);
    this.fair = new StreakTracker(setup.patience);
  }

  receive(p: BnnProgress): void {
    const r = p.records;
    const n = r.steps.length;
    const store = useBnnStore.getState();
    const patch: Parameters<typeof store.update>[0] = { step: p.step, seconds: p.seconds, deviceMsPerStep: p.deviceMsPerStep, earlyStopStep: p.earlyStopStep };
    if (n) {
      const gapBiased = new Float64Array(n);
      const gapFair = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        gapBiased[i] = r.valLoss[i] - r.trainLoss[i];
        gapFair[i] = r.valNll[i] - r.trainNll[i];
        this.biased.push(r.steps[i], gapBiased[i] > 0);
        this.fair.push(r.steps[i], gapFair[i] > 0);
        // Each loss is likelihood + KL, each from its own draw: two estimates of the KL term.
        this.kl.push((r.trainLoss[i] - r.trainNll[i]) * this.setup.nTrain, (r.valLoss[i] - r.valNll[i]) * this.setup.nVal);
      }
      if (this.kl.length > 200) this.kl.splice(0, this.kl.length - 200);
      bnnLive.losses.pushMany(TRAIN, r.steps, r.trainLoss);
      bnnLive.losses.pushMany(VAL, r.steps, r.valLoss);
      bnnLive.gaps.pushMany(GAP_BIASED, r.steps, gapBiased);
      bnnLive.gaps.pushMany(GAP_FAIR, r.steps, gapFair);
      for (let i = 0; i < n; i++) {
        schedule.used.x.push(r.steps[i]);
        schedule.used.y.push(r.learningRate[i]);
      }
      schedule.now = r.steps[n - 1];
      publishSchedule();
      patch.trainLoss = r.trainLoss[n - 1];
      patch.valLoss = r.valLoss[n - 1];
      patch.firedBiased = this.biased.firedAt;
      patch.firedFair = this.fair.firedAt;
      patch.kl = this.kl.reduce((s, v) => s + v, 0) / this.kl.length;
    }
    const s = p.snapshot;
    if (s) {
      bnnLive.mean.set({ values: s.mean, width: s.gridSize, height: s.gridSize });
      bnnLive.sd.set({ values: s.sd, width: s.gridSize, height: s.gridSize });
      patch.snapshotStep = p.step;
    }
    // The worker computes the test figures after the last report of a run that ended by itself.
    if (p.status === 'finished') patch.evaluating = true;
    store.update(patch);
  }
}

function receiveOutcome(o: RunOutcome<BnnEvaluation>, setup: RunSetup): void {
  const patch: Parameters<ReturnType<typeof useBnnStore.getState>['update']>[0] = { evaluating: false };
  const e = o.result;
  if (e) {
    patch.earlyStopStep = e.earlyStopStep;
    bnnLive.roc.set([
      { name: 'chance', x: [0, 1], y: [0, 1] },
      { name: 'posterior predictive mean', x: e.roc.fpr, y: e.roc.tpr },
    ]);
    patch.test = { testAuc: e.testAuc, trainAuc: e.trainAuc, draws: setup.draws, seconds: e.evalSeconds };
  }
  useBnnStore.getState().update(patch);
}

export type BnnActions = RunActions;

export function useBnnRun(api: BnnApi | null, settings: BnnSettings): BnnActions {
  const settingsRef = useRef(settings);
  settingsRef.current = settings;
  const figures = useRef<RunFigures | null>(null);

  return useRun<BnnRunRequest, BnnProgress, BnnEvaluation>(api, {
    slot: 'bnn',
    state: bnnRun,
    request() {
      const split = useBnnStore.getState().split;
      if (!split) return null;
      const s = settingsRef.current;
      return {
        data: dataSpecFor(s.dataSeed, useBnnStore.getState().own),
        optimizer: s.optimizer,
        steps: resolvedSteps(s.optimizer, s.steps),
        patience: s.patience,
        criterion: s.fair ? 'fair' : 'biased',
        seed: s.seed,
        testDraws: s.draws,
        gridSize: GRID.size,
        extent: GRID.extent,
        gridDraws: GRID.draws,
      };
    },
    begin(_mode, request) {
      const split = useBnnStore.getState().split;
      clearRun();
      resetUsed();
      const setup: RunSetup = {
        optimizer: request.optimizer,
        steps: request.steps,
        patience: request.patience,
        criterion: request.criterion,
        nTrain: split?.train.n ?? 0,
        nVal: split?.val.n ?? 0,
        draws: request.testDraws,
      };
      figures.current = new RunFigures(setup);
      useBnnStore.getState().update({ setup });
    },
    progress: (p) => figures.current?.receive(p),
    end(outcome) {
      if (figures.current) receiveOutcome(outcome, figures.current.setup);
    },
    clear() {
      clearRun();
      resetUsed();
    },
  });
}
