// Starting, pausing, stepping and resetting the gamma run in the worker, and turning the
// worker's progress reports into chart points and figures.

import * as Comlink from 'comlink';
import { useCallback, useRef } from 'react';
import type { GammaDataSpec, GammaRunRequest, GammaSnapshot, Progress, StartMode } from '../../../workers/sviProtocol';
import { runActions } from '../../worker/runActions';
import type { RunActions } from '../../worker/runActions';
import type { SviApi } from '../../worker/useSviWorker';
import type { GammaSettings } from './schema';
import type { OwnData, Phase } from './gammaStore';
import { EXACT_NAME, Q_NAME, clearRun, gammaLive, useGammaStore } from './gammaStore';

export function dataSpecFor(s: GammaSettings, own: OwnData | null): GammaDataSpec {
  return own ? { kind: 'own', values: own.values } : { kind: 'generated', concentration: s.concentration, n: s.n, dataSeed: s.dataSeed };
}

/** Two runs share data when their signatures agree (then their loss curves can be compared). */
export function dataSignature(spec: GammaDataSpec, own: OwnData | null): string {
  return spec.kind === 'own' ? `own:${own?.name ?? ''}:${spec.values.length}` : `gen:${spec.concentration}:${spec.n}:${spec.dataSeed}`;
}

export const curveName = (k: number): string => `this run (K = ${k})`;
export const previousCurveName = (k: number): string => `previous run (K = ${k})`;

function phaseOf(status: Progress<GammaSnapshot>['status']): Phase {
  if (status === 'running') return 'running';
  if (status === 'paused') return 'paused';
  return 'finished';
}

function receive(p: Progress<GammaSnapshot>): void {
  const store = useGammaStore.getState();
  const patch: Parameters<typeof store.update>[0] = { phase: phaseOf(p.status), step: p.step, seconds: p.seconds };
  if (p.losses.length) {
    gammaLive.loss.push(p.steps, p.losses);
    patch.lastLoss = p.losses[p.losses.length - 1];
    if (store.logLoss && p.losses.some((l) => !(l > 0))) patch.logLoss = false;
  }
  const s = p.snapshot;
  if (s) {
    gammaLive.densities.set([
      { name: Q_NAME, x: s.grid, y: s.qDensity },
      { name: EXACT_NAME, x: s.grid, y: s.exactDensity },
    ]);
    patch.q = s.q;
    let peak = 0;
    for (let i = 0; i < s.grid.length; i++) peak = Math.max(peak, s.qDensity[i], s.exactDensity[i]);
    patch.densityPeak = peak;
    patch.exact = s.exact;
  }
  if (p.status === 'diverged' || p.status === 'failed') {
    patch.message = p.message;
    patch.ended = p.status;
  }
  store.update(patch);
}

export type GammaActions = RunActions;

export function useGammaRun(api: SviApi | null, settings: GammaSettings): GammaActions {
  const id = useRef<string | null>(null);
  const counter = useRef(0);
  const settingsRef = useRef(settings);
  settingsRef.current = settings;
  const last = useRef<{ signature: string; particles: number } | null>(null);

  const start = useCallback(
    (mode: StartMode) => {
      if (!api) return;
      const s = settingsRef.current;
      const own = useGammaStore.getState().own;
      const data = dataSpecFor(s, own);
      const signature = dataSignature(data, own);
      const keep = last.current !== null && last.current.signature === signature;
      const previousK = keep && last.current ? last.current.particles : null;
      clearRun();
      gammaLive.loss.begin(curveName(s.particles), keep, previousCurveName(previousK ?? 0));
      last.current = { signature, particles: s.particles };
      const runId = `gamma-${++counter.current}`;
      id.current = runId;
      useGammaStore.getState().update({ phase: mode === 'run' ? 'running' : 'paused', runSteps: s.steps, runParticles: s.particles, logLoss: true });
      const request: GammaRunRequest = { data, particles: s.particles, learningRate: s.learningRate, steps: s.steps, seed: s.seed };
      const onProgress = Comlink.proxy((p: Progress<GammaSnapshot>) => {
        if (id.current === runId) receive(p);
      });
      api.startGamma(runId, request, onProgress, mode).then(
        (status) => {
          if (id.current !== runId) return;
          id.current = null;
          if (status !== 'stopped') useGammaStore.getState().update({ phase: 'finished', ended: status });
        },
        (e: unknown) => {
          if (id.current !== runId) return;
          id.current = null;
          useGammaStore.getState().update({ phase: 'finished', ended: 'failed', message: e instanceof Error ? e.message : String(e) });
        },
      );
    },
    [api],
  );

  return runActions({
    api,
    id,
    isPaused: () => useGammaStore.getState().phase === 'paused',
    markRunning: () => useGammaStore.getState().update({ phase: 'running' }),
    start,
    clear: () => {
      // The curve stays on the chart, in grey, for comparison with the next run on the same data.
      gammaLive.loss.retire(previousCurveName(last.current?.particles ?? 0));
      clearRun();
    },
  });
}
