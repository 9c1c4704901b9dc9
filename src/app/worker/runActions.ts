// Run / Pause / Step / Reset for one run in a worker, the same on every page: Run resumes a
// paused run or starts a new one; Step advances a paused run by one step or starts one paused
// after its first step; Reset stops the run and forgets what it drew.

import type { StartMode } from '../../workers/protocol';

/** The worker calls a run needs (every training worker offers them). */
export interface RunControlApi {
  pause(id: string): unknown;
  resume(id: string): unknown;
  stepOnce(id: string): unknown;
  stop(id: string): unknown;
}

export interface RunActions {
  run(): void;
  pause(): void;
  step(): void;
  reset(): void;
}

export interface RunHandle {
  api: RunControlApi | null;
  /** The id of the run in the worker, or null when none is going. */
  id: { current: string | null };
  /** True when the page shows the run as paused. */
  isPaused(): boolean;
  /** Marks the run as running in the page's store. */
  markRunning(): void;
  start(mode: StartMode): void;
  /** Clears what the run drew (after it has been stopped). */
  clear(): void;
}

export function runActions(h: RunHandle): RunActions {
  return {
    run() {
      if (h.id.current && h.isPaused()) {
        void h.api?.resume(h.id.current);
        h.markRunning();
      } else h.start('run');
    },
    pause() {
      if (h.id.current) void h.api?.pause(h.id.current);
    },
    step() {
      if (h.id.current) void h.api?.stepOnce(h.id.current);
      else h.start('step');
    },
    reset() {
      const running = h.id.current;
      h.id.current = null;
      if (running) void h.api?.stop(running);
      h.clear();
    },
  };
}
