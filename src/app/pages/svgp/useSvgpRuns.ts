// The svgp page's two runs through the run channel: how to build each request and how to take
// in its progress; "Run both" chains the mini-batch run after the full-batch one.

import { useRef } from 'react';
import type { SvgpProgress, SvgpRunRequest } from '../../../workers/svgp/protocol';
import type { RunActions, RunPage } from '../../worker/useRun';
import { useRun } from '../../worker/useRun';
import type { SvgpSettings } from './schema';
import type { RunKind } from './svgpStore';
import { RUN_NAMES, clearRun, svgpLive, svgpRuns, useSvgpStore } from './svgpStore';
import type { SvgpApi } from './useSvgpWorker';

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

function receive(kind: RunKind, p: SvgpProgress): void {
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
    step: p.step,
    seconds: p.seconds,
    deviceMsPerStep: p.deviceMsPerStep,
    ...(p.losses.length ? { lastLoss: p.losses[p.losses.length - 1] } : {}),
    ...(s ? { rmse: s.rmse, truthRms: s.truthRms, variance: s.variance, lengthscale: s.lengthscale, noiseVariance: s.noiseVariance } : {}),
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

export function useSvgpRuns(api: SvgpApi | null, settings: SvgpSettings): SvgpRunActions {
  const settingsRef = useRef(settings);
  settingsRef.current = settings;
  // "Run both" waits for the full-batch run to finish before starting the mini-batch one.
  const queued = useRef(false);
  const actions = useRef<Record<RunKind, RunActions> | null>(null);

  const page = (kind: RunKind): RunPage<SvgpRunRequest, SvgpProgress, null> => ({
    slot: kind,
    state: svgpRuns[kind],
    request: () => requestFor(kind, settingsRef.current),
    begin: () => clearRun(kind),
    progress: (p) => receive(kind, p),
    end(outcome) {
      if (kind !== 'full' || !queued.current) return;
      queued.current = false;
      if (outcome.status === 'finished') setTimeout(() => actions.current?.mini.run(), 0);
    },
    clear: () => clearRun(kind),
  });
  const full = useRun(api, page('full'));
  const mini = useRun(api, page('mini'));
  const runs = { full, mini };
  actions.current = runs;

  return {
    run: (kind) => runs[kind].run(),
    pause(kind) {
      if (kind === 'full') queued.current = false;
      runs[kind].pause();
    },
    step: (kind) => runs[kind].step(),
    reset(kind) {
      if (kind === 'full') queued.current = false;
      runs[kind].reset();
    },
    runBoth() {
      full.reset();
      mini.reset();
      queued.current = true;
      full.run();
    },
    pauseAll() {
      queued.current = false;
      full.pause();
      mini.pause();
    },
  };
}
