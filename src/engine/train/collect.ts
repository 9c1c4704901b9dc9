/**
 * Training to the end without a page: the headless notebooks, the tests and the benchmarks run
 * a trainer through the same loop as the pages, never yielding or snapshotting mid-run, and
 * keep every step's figures.
 */
import type { Progress, RunStatus } from './loop';
import { TrainingLoop } from './loop';
import type { Trainer } from './trainer';
import type { RunControl } from './control';

export interface CollectedRun {
  status: RunStatus;
  /** Why the run ended early (diverged, failed, or the trainer's own rule). */
  message: string | null;
  /** Training seconds (see TrainingLoop: each step counted until its result was known). */
  seconds: number;
  /** Every step's loss, in order. */
  losses: Float64Array;
  /** Every step's extras, one column per name. */
  aux: Record<string, Float64Array>;
  /** The snapshot taken at the end, when the trainer takes snapshots. */
  snapshot: unknown;
}

export interface CollectOptions {
  control?: RunControl;
  maxSeconds?: number;
  stepsPerGroup?: number;
}

/** Runs `trainer` for up to `steps` steps through the training loop and returns what it measured. */
export async function trainToEnd<S>(trainer: Trainer<S>, steps: number, o: CollectOptions = {}): Promise<CollectedRun & { snapshot: S | null }> {
  const reports: Progress<S>[] = [];
  const loop = new TrainingLoop(trainer, { totalSteps: steps, yieldEveryMs: Infinity, snapshots: { minIntervalMs: Infinity }, reportEveryMs: Infinity, ...o }, (p) => void reports.push(p));
  const status = await loop.run();
  const last = reports[reports.length - 1];
  const join = (pick: (p: Progress<S>) => Float64Array | undefined): Float64Array => {
    const parts = reports.map(pick).filter((a): a is Float64Array => a !== undefined);
    const out = new Float64Array(parts.reduce((n, a) => n + a.length, 0));
    let k = 0;
    for (const a of parts) {
      out.set(a, k);
      k += a.length;
    }
    return out;
  };
  const names = new Set(reports.flatMap((r) => Object.keys(r.aux)));
  const aux: Record<string, Float64Array> = {};
  for (const name of names) aux[name] = join((r) => r.aux[name]);
  return { status, message: last?.message ?? null, seconds: last?.seconds ?? 0, losses: join((r) => r.losses), aux, snapshot: last?.snapshot ?? null };
}
