/**
 * What a training loop drives: a trainer takes one optimisation step at a time and returns what
 * it measured, like JAX's value_and_grad(has_aux=True): the loss, and named extras (tensors read
 * back with the loss, or plain numbers known when the step was issued, such as the learning rate
 * it used). Nothing is read back inside a step.
 */
import type { Tensor } from '../tensor';

/**
 * One step's measurements: the loss [] and named extras ([] tensors or numbers). A trainer whose
 * backend reads synchronously (the cpu) may hand plain numbers it has already read, which the
 * loop then takes as they are, with no readback.
 */
export interface StepResult {
  loss: Tensor | number;
  aux?: Readonly<Record<string, Tensor | number>>;
}

/** A step's measurements once read back, stamped with the training clock. */
export interface StepRecord {
  /** 1-based index of the step. */
  step: number;
  /** Training seconds at the moment the step's result was known. */
  seconds: number;
  loss: number;
  aux: Readonly<Record<string, number>>;
}

/** How a trainer ends a run by itself: its own rule fired, or it detected divergence. */
export type TrainerVerdict = { end: 'finished'; message?: string } | { end: 'diverged'; message: string };

/** Something that can take one optimisation step at a time. */
export interface Trainer<S = unknown> {
  /**
   * One update; returns its measurements (tensors are read back later, in step order). A trainer
   * whose update needs other threads' answers (data-parallel shards) returns a promise, which
   * the loop awaits before the next step; that wait is training time.
   */
  step(): StepResult | Promise<StepResult>;
  /** Takes each step's measurements once read, in step order. */
  observe?(record: StepRecord): void;
  /** Asked after every observation and snapshot: non-null ends the run (an early stop, a blow-up). */
  verdict?(): TrainerVerdict | null;
  /** True when a snapshot must be taken right after step `step` (e.g. at the end of an epoch). */
  snapshotDue?(step: number): boolean;
  /** A picture of the current state for the page (posterior fields, hyperparameters...). */
  snapshot?(): Promise<S>;
  /** Frees every tensor (GPU buffers) the run holds. */
  dispose(): void;
}

/** A step's measurements read at once (backends with synchronous reads: the cpu). */
export function readStepSync(r: StepResult): Pick<StepRecord, 'loss' | 'aux'> {
  const aux: Record<string, number> = {};
  for (const [name, v] of Object.entries(r.aux ?? {})) aux[name] = typeof v === 'number' ? v : v.item();
  return { loss: typeof r.loss === 'number' ? r.loss : r.loss.item(), aux };
}
