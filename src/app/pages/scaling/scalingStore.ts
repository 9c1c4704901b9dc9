// State of the scaling page: one slice per experiment. Slow-changing figures (tables, verdicts)
// live in the zustand store; curves that grow epoch by epoch live in SeriesBuffers that the
// charts redraw from on their own schedule. Every run carries a token, so that points from a run
// that has been replaced are dropped instead of drawn.

import { create } from 'zustand';
import { SeriesBuffer } from '../../charts';
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
} from '../../../workers/scalingProtocol';

export type Status = 'idle' | 'running' | 'done' | 'stopped' | 'failed';

interface Common {
  status: Status;
  error: string | null;
  token: number;
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

const common = (): Common => ({ status: 'idle', error: null, token: 0 });

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
  resetAll: () => set((s) => ({ ...initial(), ...tokensAfter(s) })),
}));

/** Keeps the tokens moving forward across a reset, so that late points of an old run stay dropped. */
function tokensAfter(s: Slices): Partial<Slices> {
  const out: Partial<Record<ExperimentKey, Common>> = {};
  const fresh = initial();
  for (const key of Object.keys(fresh) as ExperimentKey[]) out[key] = { ...fresh[key], token: s[key].token + 1 };
  return out as Partial<Slices>;
}

/** Starts a new run of one experiment: a new token, status running, and the given fresh fields. */
export function beginRun<K extends ExperimentKey>(key: K, fresh: Partial<Slices[K]>): number {
  const token = useScalingStore.getState()[key].token + 1;
  useScalingStore.getState().patch(key, { ...fresh, status: 'running', error: null, token } as Partial<Slices[K]>);
  return token;
}

/** True while `token` is the latest run of the experiment. */
export function isCurrent(key: ExperimentKey, token: number): boolean {
  return useScalingStore.getState()[key].token === token;
}

/** Patches the slice only if `token` is still its latest run. */
export function patchIfCurrent<K extends ExperimentKey>(key: K, token: number, patch: Partial<Slices[K]>): void {
  if (isCurrent(key, token)) useScalingStore.getState().patch(key, patch);
}

/** Ends a run with an error message (if it is still the latest). */
export function failRun(key: ExperimentKey, token: number, e: unknown): void {
  patchIfCurrent(key, token, { status: 'failed', error: e instanceof Error ? e.message : String(e) });
}
