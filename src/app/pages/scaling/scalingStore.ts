// State of the scaling page: one slice per experiment. Slow-changing figures (tables, verdicts)
// live in the zustand store; curves that grow epoch by epoch live in SeriesBuffers that the
// charts redraw from on their own schedule. Each experiment is a run of the run channel (see
// actions.ts), whose client drops the points of a run that has been replaced; its run state
// carries how it ended, for the offer to run it on the CPU.

import { create } from 'zustand';
import { SeriesBuffer } from '../../charts';
import { createRunState } from '../../worker/runState';
import type { RunState } from '../../worker/runState';
import type {
  AccumulationEvent,
  BnnRuleRun,
  BnnRuleStart,
  GradientVarianceResult,
  MiniBatchSgdResult,
  Placement,
  RuleRun,
  RuleStart,
  SgdRun,
  VariancePoint,
} from '../../../workers/scaling/protocol';

export type Status = 'idle' | 'running' | 'paused' | 'done' | 'stopped' | 'failed';

interface Common {
  status: Status;
  error: string | null;
}

export interface VarianceSlice extends Common {
  points: VariancePoint[];
  result: GradientVarianceResult | null;
  placement: Placement | null;
}

export interface SgdSlice extends Common {
  runs: SgdRun[];
  result: MiniBatchSgdResult | null;
  placement: Placement | null;
  loss: SeriesBuffer;
  distance: SeriesBuffer;
}

export interface RuleSlice extends Common {
  start: RuleStart | null;
  runs: RuleRun[];
  /** The settings the runs were made with (the URL may have moved on). */
  baseLearningRate: number;
  epochs: number;
  warmupEpochs: number;
  placement: Placement | null;
  plain: SeriesBuffer;
  warm: SeriesBuffer;
}

export interface AccumulationSlice extends Common {
  events: AccumulationEvent[];
  /** The K printed in detail. */
  micro: number;
  placements: (Placement & { label: string })[];
}

export interface BnnSlice extends Common {
  start: BnnRuleStart | null;
  runs: BnnRuleRun[];
  /** The run being trained and its last epoch. */
  current: { k: number; epoch: number } | null;
  epochs: number;
  optimizer: string;
  placement: Placement | null;
  loss: SeriesBuffer;
}

export interface Slices {
  variance: VarianceSlice;
  sgd: SgdSlice;
  rule: RuleSlice;
  accumulation: AccumulationSlice;
  bnn: BnnSlice;
}

export type ExperimentKey = keyof Slices;

/** Each experiment's run state (phase, end, message). */
export const scalingRuns: Record<ExperimentKey, RunState> = {
  variance: createRunState(),
  sgd: createRunState(),
  rule: createRunState(),
  accumulation: createRunState(),
  bnn: createRunState(),
};

const common = (): Common => ({ status: 'idle', error: null });

function initial(): Slices {
  return {
    variance: { ...common(), points: [], result: null, placement: null },
    sgd: { ...common(), runs: [], result: null, placement: null, loss: new SeriesBuffer(), distance: new SeriesBuffer() },
    rule: { ...common(), start: null, runs: [], baseLearningRate: 0, epochs: 0, warmupEpochs: 0, placement: null, plain: new SeriesBuffer(), warm: new SeriesBuffer() },
    accumulation: { ...common(), events: [], micro: 0, placements: [] },
    bnn: { ...common(), start: null, runs: [], current: null, epochs: 0, optimizer: 'sgd', placement: null, loss: new SeriesBuffer() },
  };
}

interface ScalingState extends Slices {
  /** Replaces part of one slice. */
  patch<K extends ExperimentKey>(key: K, patch: Partial<Slices[K]>): void;
  /** Forgets every result (a fresh visit starts from empty charts). */
  resetAll(): void;
}

export const useScalingStore = create<ScalingState>()((set) => ({
  ...initial(),
  patch: (key, patch) => set((s) => ({ [key]: { ...s[key], ...patch } }) as Partial<ScalingState>),
  resetAll: () => set(() => initial()),
}));

/** Starts a new run of one experiment: status running, and the given fresh fields. */
export function beginRun<K extends ExperimentKey>(key: K, fresh: Partial<Slices[K]>): void {
  useScalingStore.getState().patch(key, { ...fresh, status: 'running', error: null } as Partial<Slices[K]>);
}
