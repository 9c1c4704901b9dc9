// The gamma run through the run channel: how to build its request and how to take in its
// progress (chart points and figures).

import { useRef } from 'react';
import type { GammaDataSpec, GammaProgress, GammaRunRequest } from '../../../workers/gamma/protocol';
import type { RunActions } from '../../worker/useRun';
import { useRun } from '../../worker/useRun';
import type { GammaApi } from './useGammaWorker';
import type { GammaSettings } from './schema';
import type { OwnData } from './gammaStore';
import { EXACT_NAME, Q_NAME, clearRun, gammaLive, gammaRun, useGammaStore } from './gammaStore';

export function dataSpecFor(s: GammaSettings, own: OwnData | null): GammaDataSpec {
  return own ? { kind: 'own', values: own.values } : { kind: 'generated', concentration: s.concentration, n: s.n, dataSeed: s.dataSeed };
}

/** Two runs share data when their signatures agree (then their loss curves can be compared). */
export function dataSignature(spec: GammaDataSpec, own: OwnData | null): string {
  return spec.kind === 'own' ? `own:${own?.name ?? ''}:${spec.values.length}` : `gen:${spec.concentration}:${spec.n}:${spec.dataSeed}`;
}

export const curveName = (k: number): string => `this run (K = ${k})`;
export const previousCurveName = (k: number): string => `previous run (K = ${k})`;

function receive(p: GammaProgress): void {
  const store = useGammaStore.getState();
  const patch: Parameters<typeof store.update>[0] = { step: p.step, seconds: p.seconds, deviceMsPerStep: p.deviceMsPerStep };
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
  store.update(patch);
}

export type GammaActions = RunActions;

export function useGammaRun(api: GammaApi | null, settings: GammaSettings): GammaActions {
  const settingsRef = useRef(settings);
  settingsRef.current = settings;
  const last = useRef<{ signature: string; particles: number } | null>(null);

  return useRun<GammaRunRequest, GammaProgress, null>(api, {
    slot: 'gamma',
    state: gammaRun,
    request() {
      const s = settingsRef.current;
      return { data: dataSpecFor(s, useGammaStore.getState().own), particles: s.particles, learningRate: s.learningRate, steps: s.steps, seed: s.seed };
    },
    begin(_mode, request) {
      const own = useGammaStore.getState().own;
      const signature = dataSignature(request.data, own);
      const keep = last.current !== null && last.current.signature === signature;
      const previousK = keep && last.current ? last.current.particles : null;
      clearRun();
      gammaLive.loss.begin(curveName(request.particles), keep, previousCurveName(previousK ?? 0));
      last.current = { signature, particles: request.particles };
      useGammaStore.getState().update({ runSteps: request.steps, runParticles: request.particles, logLoss: true });
    },
    progress: receive,
    clear() {
      // The curve stays on the chart, in grey, for comparison with the next run on the same data.
      gammaLive.loss.retire(previousCurveName(last.current?.particles ?? 0));
      clearRun();
    },
  });
}
