// State of the bnn page. The run's phase lives in its run state (see useRun); slow-changing
// figures in a zustand store; the loss curves, the schedule, the heatmaps and the ROC curve in
// chart sources that redraw on their own schedule, outside React's renders.

import { create } from 'zustand';
import { LiveValue, SeriesBuffer } from '../../charts';
import type { Grid, Series } from '../../charts';
import type { BnnOptimizer, BnnSplit, StoppingCriterion } from '../../../workers/bnn/protocol';
import type { ClassificationData } from '../../../engine/data/twoMoons';
import { createRunState } from '../../worker/runState';

/** The run's phase, end and message. */
export const bnnRun = createRunState();

export interface RunSetup {
  optimizer: BnnOptimizer;
  steps: number;
  patience: number;
  criterion: StoppingCriterion;
  nTrain: number;
  nVal: number;
  draws: number;
}

export interface TestFigures {
  testAuc: number;
  trainAuc: number;
  draws: number;
  seconds: number;
}

export interface BnnState {
  step: number;
  seconds: number;
  /** Device time per step (GPU timestamps), where the backend measures it. */
  deviceMsPerStep: number | null;
  trainLoss: number | null;
  valLoss: number | null;
  /** The settings of the run on screen (the URL may have moved on). */
  setup: RunSetup | null;
  earlyStopStep: number | null;
  /** Where each rule fires on this run's figures (null: not within the steps run). */
  firedBiased: number | null;
  firedFair: number | null;
  /** Recent average of the KL term's estimate, in nats. */
  kl: number | null;
  /** The step of the heatmaps on screen. */
  snapshotStep: number | null;
  evaluating: boolean;
  test: TestFigures | null;
  split: BnnSplit | null;
  own: { name: string; data: ClassificationData } | null;
  csvError: string | null;
  prior: Float32Array[] | null;
  update(patch: Partial<BnnState>): void;
}

/** The figures of no run: the store starts so, and clearRun returns to it. */
const NO_RUN = {
  step: 0,
  seconds: 0,
  deviceMsPerStep: null,
  trainLoss: null,
  valLoss: null,
  setup: null,
  earlyStopStep: null,
  firedBiased: null,
  firedFair: null,
  kl: null,
  snapshotStep: null,
  evaluating: false,
  test: null,
} satisfies Partial<BnnState>;

/** The data of a fresh visit (the moons, no file of one's own). */
const NO_DATA = { split: null, own: null, csvError: null, prior: null } satisfies Partial<BnnState>;

export const useBnnStore = create<BnnState>()((set) => ({
  ...NO_RUN,
  ...NO_DATA,
  update: (patch) => set(patch),
}));

export const TRAIN = 'training';
export const VAL = 'validation';
export const GAP_BIASED = 'whole loss, as in the source';
export const GAP_FAIR = 'likelihood only (fair)';
export const SCHEDULED = 'schedule';
export const USED = 'rate used';
export const NOW = 'current step';

/** Chart sources, one set per page (they hold the streamed data). */
export const bnnLive = {
  losses: new SeriesBuffer([TRAIN, VAL]),
  gaps: new SeriesBuffer([GAP_BIASED, GAP_FAIR]),
  schedule: new LiveValue<readonly Series[]>([]),
  mean: new LiveValue<Grid | null>(null),
  sd: new LiveValue<Grid | null>(null),
  roc: new LiveValue<readonly Series[]>([]),
};

/** Forgets what the run produced (its curves, heatmaps and figures). */
export function clearRun(): void {
  bnnLive.losses.clear();
  bnnLive.gaps.clear();
  bnnLive.mean.set(null);
  bnnLive.sd.set(null);
  bnnLive.roc.set([]);
  useBnnStore.getState().update(NO_RUN);
}

export function clearAll(): void {
  clearRun();
  bnnLive.schedule.set([]);
  useBnnStore.getState().update(NO_DATA);
}
