// State of the gamma page. The run's phase lives in its run state (see useRun); slow-changing
// figures in a zustand store that React components subscribe to; the loss curves and the density
// curves in chart sources that redraw on their own schedule, outside React's renders.

import { create } from 'zustand';
import { LiveValue } from '../../charts';
import type { Series } from '../../charts';
import type { ExactSummary, GammaSnapshot } from '../../../workers/gamma/protocol';
import { createRunState } from '../../worker/runState';
import { LossHistory } from './lossHistory';

/** The run's phase, end and message. */
export const gammaRun = createRunState();

/** The learner's own observations, from a pasted or uploaded CSV file. */
export interface OwnData {
  name: string;
  values: Float64Array;
}

export interface GammaState {
  step: number;
  seconds: number;
  /** Device time per step (GPU timestamps), where the backend measures it. */
  deviceMsPerStep: number | null;
  lastLoss: number | null;
  /** The run's settings, as it was started (the URL may have moved on). */
  runSteps: number;
  runParticles: number | null;
  previousParticles: number | null;
  /** Log y axis for the loss (every loss so far positive), else symmetric log. */
  logLoss: boolean;
  q: GammaSnapshot['q'] | null;
  /** Height of the taller density curve in the latest snapshot (for the chart's y range). */
  densityPeak: number | null;
  exact: ExactSummary | null;
  own: OwnData | null;
  csvError: string | null;
  update(patch: Partial<GammaState>): void;
}

/** The figures of no run: the store starts so, and clearRun returns to it. */
const NO_RUN = {
  step: 0,
  seconds: 0,
  deviceMsPerStep: null,
  lastLoss: null,
  runParticles: null,
  q: null,
  densityPeak: null,
  exact: null,
} satisfies Partial<GammaState>;

/** What a fresh visit forgets besides the run. */
const NO_HISTORY = { previousParticles: null, own: null, csvError: null } satisfies Partial<GammaState>;

export const useGammaStore = create<GammaState>()((set) => ({
  ...NO_RUN,
  ...NO_HISTORY,
  runSteps: 0,
  logLoss: true,
  update: (patch) => set(patch),
}));

/** Chart sources, one set per page (they hold the streamed data). */
export const gammaLive = {
  loss: new LossHistory(),
  densities: new LiveValue<readonly Series[]>([]),
};

export const Q_NAME = 'fitted q(a)';
export const EXACT_NAME = 'exact posterior';

/** Forgets what the current run produced (its densities and figures; its loss curve is retired by the caller). */
export function clearRun(): void {
  gammaLive.densities.set([]);
  useGammaStore.getState().update(NO_RUN);
}

/** Forgets everything (a fresh visit). */
export function clearAll(): void {
  clearRun();
  gammaLive.loss.clear();
  useGammaStore.getState().update(NO_HISTORY);
}
