/**
 * The run loop every training worker uses: steps a trainer until told otherwise, keeps its own
 * clock (training time only: pauses and snapshots are not counted), reads losses back without
 * stalling the device, stops on divergence with a message, and reports progress at a bounded
 * rate. No DOM and no Comlink here, so it is tested in Node.
 */
import type { Tensor } from '../engine/tensor';
import { STEPS_PER_GROUP, readsDue } from '../engine/stepGroups';

/** Something that can take one optimisation step. */
export interface Trainer<S> {
  /** One update; returns the loss evaluated before it ([] tensor, read back later). */
  step(): Tensor;
  /** A picture of the current state for the page (posterior fields, hyperparameters...). */
  snapshot(): Promise<S>;
  /** Frees every tensor (GPU buffers) the run holds. */
  dispose(): void;
}

export type RunStatus = 'running' | 'paused' | 'finished' | 'stopped' | 'diverged' | 'failed';

export interface Progress<S> {
  status: RunStatus;
  /** Steps whose loss is known. */
  step: number;
  /** Training seconds so far (pauses and snapshots excluded). */
  seconds: number;
  /** New points since the last report: step numbers (1-based), seconds and losses. */
  steps: Float64Array;
  times: Float64Array;
  losses: Float64Array;
  /** A fresh snapshot, when one was due. */
  snapshot: S | null;
  /** Why the run ended, for diverged and failed runs. */
  message: string | null;
}

export interface LoopOptions {
  totalSteps: number;
  /** Minimum milliseconds between progress reports (default 50: about 20 a second). */
  reportEveryMs?: number;
  /** Minimum milliseconds between snapshots (default 400). */
  snapshotEveryMs?: number;
  /** Steps issued back to back between waits for losses (default STEPS_PER_GROUP; see engine/stepGroups.ts). */
  stepsPerGroup?: number;
  /** Yield to the event loop at least this often so pause/stop messages get through (default 12 ms). */
  yieldEveryMs?: number;
}

const now = () => performance.now();
const yieldToEventLoop = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export class TrainingLoop<S> {
  private status: RunStatus = 'paused';
  private stepsDone = 0;
  private stepsRead = 0;
  private trainingMs = 0;
  private pending: { step: number; ms: number; loss: Tensor; value: Promise<ArrayLike<number>> }[] = [];
  private buffer = { steps: [] as number[], times: [] as number[], losses: [] as number[] };
  private lastReport = -Infinity;
  private lastSnapshot = -Infinity;
  private wake: (() => void) | null = null;
  private singleSteps = 0;
  private message: string | null = null;
  private readonly o: Required<LoopOptions>;

  constructor(
    private readonly trainer: Trainer<S>,
    options: LoopOptions,
    private readonly report: (p: Progress<S>) => unknown,
  ) {
    this.o = { reportEveryMs: 50, snapshotEveryMs: 400, stepsPerGroup: STEPS_PER_GROUP, yieldEveryMs: 12, ...options };
  }

  get state(): RunStatus {
    return this.status;
  }

  /** Runs until finished, stopped or diverged; resolves with the final status. */
  async run(startPaused = false): Promise<RunStatus> {
    this.status = startPaused ? 'paused' : 'running';
    try {
      while (this.status === 'running' || this.status === 'paused') {
        if (this.stepsDone >= this.o.totalSteps) break;
        if (this.status === 'paused' && this.singleSteps === 0) {
          // Everything issued before the pause is read back, so the page shows where it stopped.
          await this.drain();
          await this.flush(true);
          await new Promise<void>((resolve) => (this.wake = resolve));
          continue;
        }
        await this.burst();
      }
      await this.drain();
      if (this.status === 'running' || this.status === 'paused') this.status = 'finished';
    } catch (e) {
      this.status = 'failed';
      this.message = e instanceof Error ? e.message : String(e);
    }
    await this.flush(true);
    this.trainer.dispose();
    return this.status;
  }

  pause(): void {
    if (this.status === 'running') this.status = 'paused';
  }

  resume(): void {
    if (this.status === 'paused') {
      this.status = 'running';
      this.wakeUp();
    }
  }

  /** Takes exactly one step while paused. */
  stepOnce(): void {
    if (this.status !== 'paused') return;
    this.singleSteps++;
    this.wakeUp();
  }

  stop(): void {
    if (this.status === 'running' || this.status === 'paused') {
      this.status = 'stopped';
      this.wakeUp();
    }
  }

  private wakeUp(): void {
    this.wake?.();
    this.wake = null;
  }

  /** Steps for up to yieldEveryMs (or one step when single-stepping), then yields. */
  private async burst(): Promise<void> {
    const single = this.status === 'paused';
    const t0 = now();
    do {
      const loss = this.trainer.step();
      this.stepsDone++;
      // The step's time is taken when it has been issued: on the cpu that is when it is done; on
      // a GPU the loop waits for losses a few steps back, so the clock lags by those few steps.
      this.pending.push({ step: this.stepsDone, ms: this.trainingMs + now() - t0, loss, value: loss.data() });
      for (let due = readsDue(this.pending.length, this.o.stepsPerGroup); due > 0 && this.pending.length > 0; due--) await this.readOldest();
      if (single) break;
    } while (this.status === 'running' && this.stepsDone < this.o.totalSteps && now() - t0 < this.o.yieldEveryMs);
    if (single) {
      this.singleSteps--;
      await this.drain();
    }
    this.trainingMs += now() - t0;
    await this.flush(false);
    await yieldToEventLoop();
  }

  /** Waits for the oldest loss in flight and records it; a non-finite loss ends the run. */
  private async readOldest(): Promise<void> {
    const next = this.pending.shift();
    if (!next) return;
    const loss = (await next.value)[0];
    // The loss has been read; its (GPU) storage goes back to the pool.
    next.loss.dispose();
    this.stepsRead = next.step;
    this.buffer.steps.push(next.step);
    this.buffer.times.push(next.ms / 1000);
    this.buffer.losses.push(loss);
    if (!Number.isFinite(loss) && this.status !== 'diverged') {
      this.status = 'diverged';
      this.message = `The loss became ${loss} at step ${next.step}: the optimisation diverged. Try a smaller learning rate.`;
      // Losses still in flight are dropped unread (at most a few scalars).
      this.pending = [];
    }
  }

  private async drain(): Promise<void> {
    while (this.pending.length) await this.readOldest();
  }

  private async flush(force: boolean): Promise<void> {
    const t = now();
    if (!force && t - this.lastReport < this.o.reportEveryMs) return;
    this.lastReport = t;
    let snapshot: S | null = null;
    if (force || t - this.lastSnapshot >= this.o.snapshotEveryMs) {
      this.lastSnapshot = t;
      snapshot = this.stepsDone > 0 || force ? await this.trainer.snapshot() : null;
    }
    const b = this.buffer;
    this.buffer = { steps: [], times: [], losses: [] };
    await this.report({
      status: this.status,
      step: this.stepsRead,
      seconds: this.trainingMs / 1000,
      steps: Float64Array.from(b.steps),
      times: Float64Array.from(b.times),
      losses: Float64Array.from(b.losses),
      snapshot,
      message: this.message,
    });
  }
}
