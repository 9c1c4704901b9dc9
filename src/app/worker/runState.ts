// What a page shows of one run: its phase, how it ended, and why. One small store per run, made
// by the page (module level) and driven by useRun; components subscribe to the part they show.

import { create } from 'zustand';
import type { StoreApi, UseBoundStore } from 'zustand';
import type { RunStatus } from '../../workers/host/protocol';

/** Where a run is, as its controls show it. */
export type Phase = 'idle' | 'running' | 'paused' | 'finished' | 'failed';

/** The phase of a worker status: 'failed' is its own phase; every other end is 'finished'. */
export function phaseOf(status: RunStatus): Phase {
  switch (status) {
    case 'running':
    case 'paused':
    case 'failed':
      return status;
    default:
      return 'finished';
  }
}

export interface RunView {
  phase: Phase;
  /** How the run ended (null before it ends). */
  ended: RunStatus | null;
  /** Why it ended early, in plain words (diverged, failed, its own stopping rule). */
  message: string | null;
  /** The backend a failed run failed on; 'webgpu' makes the page offer the CPU. */
  failedOn: 'cpu' | 'webgpu' | null;
}

export const NO_RUN: RunView = { phase: 'idle', ended: null, message: null, failedOn: null };

export type RunState = UseBoundStore<StoreApi<RunView>>;

export function createRunState(): RunState {
  return create<RunView>()(() => ({ ...NO_RUN }));
}

/** True when a run failed on WebGPU (the page then offers the CPU). */
export function failedOnGpu(v: RunView): boolean {
  return v.phase === 'failed' && v.failedOn === 'webgpu';
}
