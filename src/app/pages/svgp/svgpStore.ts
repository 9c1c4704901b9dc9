// State of the svgp page. Each run's phase lives in its run state (see useRun); its slow-changing
// figures in a zustand store that React components subscribe to; the fast loss series and the
// heatmaps in chart sources that redraw on their own schedule, outside React's renders.

import { create } from 'zustand';
import type { Grid, PointSet } from '../../charts';
import { LiveValue, SeriesBuffer } from '../../charts';
import { createRunState } from '../../worker/runState';
import type { RunState } from '../../worker/runState';

export type RunKind = 'full' | 'mini';
export const RUN_NAMES: Record<RunKind, string> = { full: 'full batch', mini: 'mini-batch' };

/** Each run's phase, end and message. */
export const svgpRuns: Record<RunKind, RunState> = { full: createRunState(), mini: createRunState() };

export interface RunFigures {
  step: number;
  seconds: number;
  /** Device time per step (GPU timestamps), where the backend measures it. */
  deviceMsPerStep: number | null;
  lastLoss: number | null;
  rmse: number | null;
  /** RMS of the true function on the grid: the RMSE of predicting zero. */
  truthRms: number | null;
  variance: number | null;
  lengthscale: number | null;
  noiseVariance: number | null;
}

const emptyRun = (): RunFigures => ({
  step: 0,
  seconds: 0,
  deviceMsPerStep: null,
  lastLoss: null,
  rmse: null,
  truthRms: null,
  variance: null,
  lengthscale: null,
  noiseVariance: null,
});

interface SvgpState {
  runs: Record<RunKind, RunFigures>;
  update(kind: RunKind, patch: Partial<RunFigures>): void;
  reset(kind: RunKind): void;
}

export const useSvgpStore = create<SvgpState>()((set) => ({
  runs: { full: emptyRun(), mini: emptyRun() },
  update: (kind, patch) => set((s) => ({ runs: { ...s.runs, [kind]: { ...s.runs[kind], ...patch } } })),
  reset: (kind) => set((s) => ({ runs: { ...s.runs, [kind]: emptyRun() } })),
}));

/** Chart sources, one set per page (they hold the streamed data). */
export const svgpLive = {
  lossByTime: new SeriesBuffer([RUN_NAMES.full, RUN_NAMES.mini]),
  lossByStep: new SeriesBuffer([RUN_NAMES.full, RUN_NAMES.mini]),
  posterior: { full: new LiveValue<Grid | null>(null), mini: new LiveValue<Grid | null>(null) },
  inducing: { full: new LiveValue<PointSet | null>(null), mini: new LiveValue<PointSet | null>(null) },
};

/** Forgets everything a run produced (its curves, heatmap and figures). */
export function clearRun(kind: RunKind): void {
  svgpLive.lossByTime.clear(RUN_NAMES[kind]);
  svgpLive.lossByStep.clear(RUN_NAMES[kind]);
  svgpLive.posterior[kind].set(null);
  svgpLive.inducing[kind].set(null);
  useSvgpStore.getState().reset(kind);
}

/**
 * A fit no better than half the target's own spread is flagged once its run has ended: at a
 * learning rate that is too large the SVGP can explain the signal as noise and predict nearly
 * zero everywhere, with no NaN to give it away.
 */
export const POOR_FIT = 0.5;

export function isPoorFit(f: Pick<RunFigures, 'rmse' | 'truthRms'>): boolean {
  return f.rmse !== null && f.truthRms !== null && f.rmse >= POOR_FIT * f.truthRms;
}
