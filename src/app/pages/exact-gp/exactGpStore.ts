// State of the exact-gp page. The training run's and the sweep's phases live in their run states
// (see useRun); slow-changing figures in a zustand store; the loss, the hyperparameters and the
// band in chart sources that redraw on their own schedule, outside React's renders.

import { create } from 'zustand';
import { LiveValue, SeriesBuffer } from '../../charts';
import type { ExactGpSnapshot } from '../../../workers/exact-gp/protocol';
import { createRunState } from '../../worker/runState';
import type { CostPoints } from './costFigures';

export const trainRun = createRunState();
export const sweepRun = createRunState();

/** The learner's own points, from a pasted or uploaded CSV file. */
export interface OwnData {
  name: string;
  x: Float64Array;
  y: Float64Array;
}

export const HYPERPARAMETERS = ['outputscale', 'lengthscale', 'noise', 'mean'] as const;
export type Hyperparameter = (typeof HYPERPARAMETERS)[number];

export interface ExactGpState {
  step: number;
  seconds: number;
  lastLoss: number | null;
  /** The run's step count, N, path and precision as it was started (the URL may have moved on). */
  runSteps: number;
  runN: number | null;
  runPath: string | null;
  runDtype: string | null;
  latest: Partial<Record<Hyperparameter, number>>;
  rmse: number | null;
  own: OwnData | null;
  csvError: string | null;
  cost: CostPoints;
  update(patch: Partial<ExactGpState>): void;
}

const NO_RUN = { step: 0, seconds: 0, lastLoss: null, runN: null, runPath: null, runDtype: null, latest: {}, rmse: null } satisfies Partial<ExactGpState>;

export const useExactGpStore = create<ExactGpState>()((set) => ({
  ...NO_RUN,
  runSteps: 0,
  own: null,
  csvError: null,
  cost: {},
  update: (patch) => set(patch),
}));

/** Chart sources, one set per page (they hold the streamed data). */
export const exactGpLive = {
  loss: new SeriesBuffer(['loss']),
  hyperparameters: new SeriesBuffer([...HYPERPARAMETERS]),
  band: new LiveValue<ExactGpSnapshot | null>(null),
};

/** Forgets what the training run drew. */
export function clearTraining(): void {
  exactGpLive.loss.clear();
  exactGpLive.hyperparameters.clear();
  exactGpLive.band.set(null);
  useExactGpStore.getState().update(NO_RUN);
}

/** Forgets the sweep's figures. */
export function clearSweep(): void {
  useExactGpStore.getState().update({ cost: {} });
}

/** Forgets everything (a fresh visit). */
export function clearAll(): void {
  clearTraining();
  clearSweep();
  useExactGpStore.getState().update({ own: null, csvError: null });
}
