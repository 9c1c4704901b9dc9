// Starting, pausing, stepping and resetting the two svgp runs in the worker,
// and turning the worker's progress reports into chart points and figures.

import * as Comlink from 'comlink';
import { useCallback, useEffect, useRef } from 'react';
import type { Progress, StartMode, SvgpRunRequest, SvgpSnapshot } from '../../../workers/protocol';
import type { TrainingWorker } from '../../worker/trainingClient';
import { runActions } from '../../worker/runActions';
import type { SvgpSettings } from './schema';
import type { Phase, RunKind } from './svgpStore';
import { RUN_NAMES, clearRun, svgpLive, useSvgpStore } from './svgpStore';

function requestFor(kind: RunKind, s: SvgpSettings): SvgpRunRequest {
  return {
    kind,
    n: s.n,
    dataSeed: s.dataSeed,
    batch: s.batch,
    m: s.m,
    learningRate: s.learningRate,
    steps: kind === 'full' ? s.fullSteps : s.miniSteps,
    seed: s.seed,
  };
}

function phaseOf(status: Progress<SvgpSnapshot>['status']): Phase {
  if (status === 'running') return 'running';
  if (status === 'paused') return 'paused';
  return 'finished';
}

function receive(kind: RunKind, p: Progress<SvgpSnapshot>): void {
  const name = RUN_NAMES[kind];
  if (p.losses.length) {
    svgpLive.lossByTime.pushMany(name, p.times, p.losses);
    svgpLive.lossByStep.pushMany(name, p.steps, p.losses);
  }
  const s = p.snapshot;
  if (s) {
    svgpLive.posterior[kind].set({ values: s.gridMean, width: s.gridSize, height: s.gridSize });
    const m = s.inducing.length / 2;
    svgpLive.inducing[kind].set({
      x: Float32Array.from({ length: m }, (_, i) => s.inducing[2 * i]),
      y: Float32Array.from({ length: m }, (_, i) => s.inducing[2 * i + 1]),
    });
  }
  useSvgpStore.getState().update(kind, {
    phase: phaseOf(p.status),
    step: p.step,
    seconds: p.seconds,
    ...(p.losses.length ? { lastLoss: p.losses[p.losses.length - 1] } : {}),
    ...(s ? { rmse: s.rmse, variance: s.variance, lengthscale: s.lengthscale, noiseVariance: s.noiseVariance } : {}),
    ...(p.status === 'diverged' || p.status === 'failed' ? { message: p.message, ended: p.status } : {}),
  });
}

export interface SvgpRunActions {
  run(kind: RunKind): void;
  pause(kind: RunKind): void;
  step(kind: RunKind): void;
  reset(kind: RunKind): void;
  /** The full-batch run, then the mini-batch run, one after the other (each timed alone). */
  runBoth(): void;
  pauseAll(): void;
}

export function useSvgpRuns(api: TrainingWorker | null, settings: SvgpSettings): SvgpRunActions {
  const ids = useRef<Record<RunKind, string | null>>({ full: null, mini: null });
  const counter = useRef(0);
  const queued = useRef(false);
  const settingsRef = useRef(settings);
  settingsRef.current = settings;

  const start = useCallback(
    (kind: RunKind, mode: StartMode) => {
      if (!api) return;
      clearRun(kind);
      const id = `${kind}-${++counter.current}`;
      ids.current[kind] = id;
      useSvgpStore.getState().update(kind, { phase: mode === 'run' ? 'running' : 'paused' });
      const onProgress = Comlink.proxy((p: Progress<SvgpSnapshot>) => {
        if (ids.current[kind] === id) receive(kind, p);
      });
      void api.startSvgp(id, requestFor(kind, settingsRef.current), onProgress, mode).then((status) => {
        if (ids.current[kind] !== id) return;
        ids.current[kind] = null;
        if (status === 'stopped') return;
        useSvgpStore.getState().update(kind, { phase: 'finished', ended: status });
        if (kind === 'full' && status === 'finished' && queued.current) {
          queued.current = false;
          start('mini', 'run');
        }
      });
    },
    [api],
  );

  const stop = useCallback(
    (kind: RunKind) => {
      const id = ids.current[kind];
      ids.current[kind] = null;
      if (id && api) void api.stop(id);
    },
    [api],
  );

  // Leaving the page (or losing the worker) stops what is running.
  useEffect(() => () => {
    queued.current = false;
  }, [api]);

  const single = (kind: RunKind) =>
    runActions({
      api,
      id: {
        get current() {
          return ids.current[kind];
        },
        set current(v: string | null) {
          ids.current[kind] = v;
        },
      },
      isPaused: () => useSvgpStore.getState().runs[kind].phase === 'paused',
      markRunning: () => useSvgpStore.getState().update(kind, { phase: 'running' }),
      start: (mode) => start(kind, mode),
      clear: () => clearRun(kind),
    });

  return {
    run: (kind) => single(kind).run(),
    pause(kind) {
      if (kind === 'full') queued.current = false;
      single(kind).pause();
    },
    step: (kind) => single(kind).step(),
    reset(kind) {
      if (kind === 'full') queued.current = false;
      single(kind).reset();
    },
    runBoth() {
      stop('full');
      stop('mini');
      clearRun('mini');
      queued.current = true;
      start('full', 'run');
    },
    pauseAll() {
      queued.current = false;
      for (const kind of ['full', 'mini'] as const) {
        const id = ids.current[kind];
        if (id) void api?.pause(id);
      }
    },
  };
}
