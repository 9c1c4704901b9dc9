/** Types shared by the sweep worker and the sweep page. */
import type { SweepPoint, TimeToTargetPoint } from '../../engine/experiments/sweep';
import type { RunWorkerApi } from '../host/protocol';

export type { SweepPoint, TimeToTargetPoint };

interface SvgpSetup {
  n: number;
  dataSeed: number;
  m: number;
  learningRate: number;
  seed: number;
  batches: number[];
}

/** Step times for every B, on the chosen backend and then, when that is WebGPU, on the CPU too. */
export interface SweepRequest extends SvgpSetup {
  kind: 'sweep';
  warmupSteps: number;
  timedSteps: number;
}

/** Training time to a target bound for every B, on the chosen backend. */
export interface RaceRequest extends SvgpSetup {
  kind: 'race';
  targetPerPoint: number;
  budgetSeconds: number;
}

/** A measured point, with the backend it was measured on ("WebGPU" or "CPU"). */
export type SweepEvent = { kind: 'sweep'; backend: string; point: SweepPoint } | { kind: 'race'; backend: string; point: TimeToTargetPoint };

export type SweepWorkerApi = RunWorkerApi<SweepRequest | RaceRequest, SweepEvent, null>;
