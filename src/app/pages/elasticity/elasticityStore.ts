// State of the elasticity page. The training run's and the speed measurement's phases live in
// their run states (see useRun); slow-changing figures in a zustand store; the loss and the
// posterior in chart sources that redraw on their own schedule, outside React's renders.

import { create } from 'zustand';
import { LiveValue, SeriesBuffer } from '../../charts';
import type { ElasticityGuideKind, ElasticitySnapshot, ElasticitySpeedEvent, ElasticityTrainResult } from '../../../workers/elasticity/protocol';
import { createRunState } from '../../worker/runState';
import type { ElasticityOwnRows } from './csvData';

export const trainRun = createRunState();
export const speedRun = createRunState();

/** The learner's own rows, from a pasted or uploaded CSV file. */
export interface OwnData extends ElasticityOwnRows {
  name: string;
}

/** A finished training run's figures, with what it ran on (for the comparison of the guides). */
export interface GuideFigures extends ElasticityTrainResult {
  /** The data and settings in words, e.g. "400 products, seed 0, 3,000 steps". */
  ranOn: string;
}

export interface ElasticityState {
  step: number;
  seconds: number;
  lastLoss: number | null;
  /** The run as it was started (the URL may have moved on). */
  runSteps: number;
  runShards: number;
  runGuide: ElasticityGuideKind | null;
  runOn: string;
  /** The latest run of each guide. */
  guides: Partial<Record<ElasticityGuideKind, GuideFigures>>;
  speed: ElasticitySpeedEvent[];
  own: OwnData | null;
  csvError: string | null;
  update(patch: Partial<ElasticityState>): void;
}

const NO_RUN = { step: 0, seconds: 0, lastLoss: null, runSteps: 0, runShards: 0, runGuide: null, runOn: '' } satisfies Partial<ElasticityState>;

export const useElasticityStore = create<ElasticityState>()((set) => ({
  ...NO_RUN,
  guides: {},
  speed: [],
  own: null,
  csvError: null,
  update: (patch) => set(patch),
}));

/** Chart sources, one set per page (they hold the streamed data). */
export const elasticityLive = {
  loss: new SeriesBuffer(['loss']),
  posterior: new LiveValue<ElasticitySnapshot | null>(null),
};

/** Forgets what the training run drew (the comparison of the guides stays). */
export function clearTraining(): void {
  elasticityLive.loss.clear();
  elasticityLive.posterior.set(null);
  useElasticityStore.getState().update(NO_RUN);
}

/** Forgets the speed figures. */
export function clearSpeed(): void {
  useElasticityStore.getState().update({ speed: [] });
}

/** Forgets everything (a fresh visit). */
export function clearAll(): void {
  clearTraining();
  clearSpeed();
  useElasticityStore.getState().update({ guides: {}, own: null, csvError: null });
}
