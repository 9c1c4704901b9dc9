/**
 * The run channel every notebook worker offers: choose a backend, start a run under an id, then
 * pause, resume, step, stop it, and leave (stop everything and free the device). Each notebook's
 * protocol adds its own request, progress and result types and its data helpers.
 */
import type { BackendPreference } from '../../engine/backendPreference';
import type { RunStatus } from '../../engine/train/loop';
import type { StartMode } from '../../engine/train/control';

export type { BackendPreference, RunStatus, StartMode };
export type { Progress } from '../../engine/train/loop';

/** Which backend the worker really uses, and why. */
export interface BackendReport {
  backend: 'cpu' | 'webgpu';
  /** The adapter's name for WebGPU, or why the CPU is used. */
  detail: string;
  /** Which cpu kernels this worker runs: 'WebAssembly SIMD', or 'JavaScript' where WebAssembly SIMD is missing. */
  cpuKernels: string;
}

/** How a run ended. */
export interface RunOutcome<R> {
  status: RunStatus;
  /** In plain words, why it ended early (diverged, failed, stopped by its own rule). */
  message: string | null;
  /** The backend the run used (null when it never got one). */
  backend: 'cpu' | 'webgpu' | null;
  /** What the run produced at the end (e.g. test figures), when it did. */
  result: R | null;
}

/** Controls of runs by id. A run id is `<slot>:<n>`: runs of one slot run one after the other. */
export interface RunControlApi {
  /** Picks the backend (once per worker); later calls return the same report. */
  configure(preference: BackendPreference): Promise<BackendReport>;
  pause(id: string): void;
  resume(id: string): void;
  stepOnce(id: string): void;
  stop(id: string): void;
  /** Stops every run, waits until their buffers are freed, and lets the device go. */
  shutdown(): Promise<void>;
}

/** A notebook worker: the run controls and a start for its kind of run. */
export interface RunWorkerApi<Request, P, R> extends RunControlApi {
  /** Starts a run under `id` (after the previous run of its slot has ended); resolves when it ends, never rejects. */
  start(id: string, request: Request, onProgress: (p: P) => unknown, mode: StartMode): Promise<RunOutcome<R>>;
}
