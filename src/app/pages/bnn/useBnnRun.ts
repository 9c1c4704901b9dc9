// Starting, pausing, stepping and resetting the bnn run in the worker; the data and the prior
// draws; and turning the worker's reports into chart points and figures.

import * as Comlink from 'comlink';
import { useCallback, useEffect, useRef } from 'react';
import type { BnnDataSpec, BnnOutcome, BnnProgress, BnnRunRequest, StartMode } from '../../../workers/sviProtocol';
import { runActions } from '../../worker/runActions';
import type { RunActions } from '../../worker/runActions';
import type { SviApi } from '../../worker/useSviWorker';
import type { BnnSettings } from './schema';
import { GRID, PRIOR } from './schema';
import type { Phase, RunSetup } from './bnnStore';
import { GAP_BIASED, GAP_FAIR, NOW, SCHEDULED, TRAIN, USED, VAL, bnnLive, clearRun, useBnnStore } from './bnnStore';
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
export function useBnnData(api: SviApi | null, dataSeed: number): void {
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
export function useBnnPrior(api: SviApi | null, priorSeed: number): void {
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

function phaseOf(status: BnnProgress['status']): Phase {
  if (status === 'running') return 'running';
  if (status === 'paused') return 'paused';
  return 'finished';
}

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
    const patch: Parameters<typeof store.update>[0] = { phase: phaseOf(p.status), step: p.step, seconds: p.seconds, earlyStopStep: p.earlyStopStep };
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
    if (p.status === 'diverged' || p.status === 'failed') {
      patch.message = p.message;
      patch.ended = p.status;
    }
    // The worker computes the test figures after the last report of a run that ended by itself.
    if (p.status === 'finished' || (p.status === 'stopped' && p.earlyStopStep !== null)) patch.evaluating = true;
    store.update(patch);
  }
}

function receiveOutcome(o: BnnOutcome, setup: RunSetup): void {
  const patch: Parameters<ReturnType<typeof useBnnStore.getState>['update']>[0] = { phase: 'finished', ended: o.status, evaluating: false, earlyStopStep: o.earlyStopStep };
  if (o.testAuc !== null && o.trainAuc !== null && o.roc) {
    bnnLive.roc.set([
      { name: 'chance', x: [0, 1], y: [0, 1] },
      { name: 'posterior predictive mean', x: o.roc.fpr, y: o.roc.tpr },
    ]);
    patch.test = { testAuc: o.testAuc, trainAuc: o.trainAuc, draws: setup.draws, seconds: o.evalSeconds };
  }
  useBnnStore.getState().update(patch);
}

export type BnnActions = RunActions;

export function useBnnRun(api: SviApi | null, settings: BnnSettings): BnnActions {
  const id = useRef<string | null>(null);
  const counter = useRef(0);
  const settingsRef = useRef(settings);
  settingsRef.current = settings;

  const start = useCallback(
    (mode: StartMode) => {
      const split = useBnnStore.getState().split;
      if (!api || !split) return;
      const s = settingsRef.current;
      clearRun();
      resetUsed();
      const steps = resolvedSteps(s.optimizer, s.steps);
      const setup: RunSetup = {
        optimizer: s.optimizer,
        steps,
        patience: s.patience,
        criterion: s.fair ? 'fair' : 'biased',
        nTrain: split.train.n,
        nVal: split.val.n,
        draws: s.draws,
      };
      const figures = new RunFigures(setup);
      const runId = `bnn-${++counter.current}`;
      id.current = runId;
      useBnnStore.getState().update({ phase: mode === 'run' ? 'running' : 'paused', setup });
      const request: BnnRunRequest = {
        data: dataSpecFor(s.dataSeed, useBnnStore.getState().own),
        optimizer: s.optimizer,
        steps,
        patience: s.patience,
        criterion: setup.criterion,
        seed: s.seed,
        testDraws: s.draws,
        gridSize: GRID.size,
        extent: GRID.extent,
        gridDraws: GRID.draws,
      };
      const onProgress = Comlink.proxy((p: BnnProgress) => {
        if (id.current === runId) figures.receive(p);
      });
      api.startBnn(runId, request, onProgress, mode).then(
        (outcome) => {
          if (id.current !== runId) return;
          id.current = null;
          if (outcome.status !== 'stopped' || outcome.testAuc !== null) receiveOutcome(outcome, setup);
        },
        (e: unknown) => {
          if (id.current !== runId) return;
          id.current = null;
          useBnnStore.getState().update({ phase: 'finished', ended: 'failed', evaluating: false, message: e instanceof Error ? e.message : String(e) });
        },
      );
    },
    [api],
  );

  return runActions({
    api,
    id,
    isPaused: () => useBnnStore.getState().phase === 'paused',
    markRunning: () => useBnnStore.getState().update({ phase: 'running' }),
    start,
    clear: () => {
      clearRun();
      resetUsed();
    },
  });
}
