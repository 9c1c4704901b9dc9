// State of the svgp page. Slow-changing figures live in a zustand store that
// React components subscribe to; the fast loss series and the heatmaps live in
// chart sources that redraw on their own schedule, outside React's renders.

import { create } from 'zustand';
import type { Grid, PointSet } from '../../charts';
import { LiveValue, SeriesBuffer } from '../../charts';
import type { RunStatus as WorkerStatus } from '../../../workers/protocol';

export type RunKind = 'full' | 'mini';
export const RUN_NAMES: Record<RunKind, string> = { full: 'full batch', mini: 'mini-batch' };

export type Phase = 'idle' | 'running' | 'paused' | 'finished';

export interface RunFigures {
  phase: Phase;
  /** The worker's final word when the run ended abnormally. */
  message: string | null;
  ended: WorkerStatus | null;
  step: number;
  seconds: number;
  lastLoss: number | null;
  rmse: number | null;
  variance: number | null;
  lengthscale: number | null;
  noiseVariance: number | null;
}

const emptyRun = (): RunFigures => ({
  phase: 'idle',
  message: null,
  ended: null,
  step: 0,
  seconds: 0,
  lastLoss: null,
  rmse: null,
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
