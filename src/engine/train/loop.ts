/**
 * The one step loop: the pages' workers, the sweep, the benchmarks and the headless notebooks
 * all train through it. It steps a trainer until the run ends, answers pause / single step /
 * stop through a RunControl, reads every step's measurements back without stalling a GPU
 * (steps go out in groups; see stepGroups.ts), stops on divergence with a message, and reports
 * progress at a bounded rate with snapshots on a budget.
 *
 * The clock measures what the learner waits for. A step is stamped when its result is known
 * (its loss has come back), so device time is included on every backend. The clock stops only
 * while the run is paused and while a snapshot for the page is computed and delivered; before a
 * snapshot the loop waits for the steps already issued, and that wait is training time.
 * No DOM and no Comlink here: it runs in Node, in a worker and in a page alike.
 */
import type { Tensor, TypedArray } from '../tensor';
import { readsDue, stepsInFlight } from '../stepGroups';
import type { StepRecord, StepResult, Trainer } from './trainer';
import { RunControl } from './control';
import { Stopwatch } from './stopwatch';
import type { SnapshotBudgetOptions } from './snapshotBudget';
import { SnapshotBudget } from './snapshotBudget';
import { packScalars } from './pack';
import { yieldTask } from './yieldTask';

export type RunStatus = 'running' | 'paused' | 'finished' | 'stopped' | 'diverged' | 'failed';

export interface Progress<S> {
  status: RunStatus;
  /** Steps whose result is known. */
  step: number;
  /** Training seconds when the latest known step's result came back. */
  seconds: number;
  /** New steps since the last report: step numbers (1-based), training seconds and losses. */
  steps: Float64Array;
  times: Float64Array;
  losses: Float64Array;
  /** The named extras of the same steps, one column per name. */
  aux: Record<string, Float64Array>;
  /** A fresh snapshot, when one was taken. */
  snapshot: S | null;
  /** Why the run ended, for diverged, failed and self-ended runs. */
  message: string | null;
  /** Device time per step so far (GPU timestamp queries), or null where it is not measured. */
  deviceMsPerStep: number | null;
}

export interface LoopOptions {
  totalSteps: number;
  /** Pause, single steps and stop (default: a control of its own, running). */
  control?: RunControl;
  /** End (finished) once this much training time has passed. */
  maxSeconds?: number;
  /** Minimum milliseconds between progress reports (default 50: about 20 a second). */
  reportEveryMs?: number;
  /** When snapshots may be taken (default: every 400 ms at most, a fifth of the wall-clock at most). */
  snapshots?: SnapshotBudget | SnapshotBudgetOptions;
  /** Steps issued back to back between waits for results (default: stepsInFlight of the backend). */
  stepsPerGroup?: number;
  /** Hand control back to the event loop at least this often (default 12 ms; Infinity never). */
  yieldEveryMs?: number;
  /** Device milliseconds per step over the given number of steps, when the backend measures it. */
  deviceTime?: (steps: number) => number | null;
}

interface InFlight {
  step: number;
  /** The loss, then the extras named in `names`, once known (at once where reads are synchronous). */
  values: ArrayLike<number> | null;
  /** The readback in progress and its tensor (backends that read asynchronously). */
  reading: Promise<TypedArray> | null;
  tensor: Tensor | null;
  /** Names of the extras read back after the loss, in order. */
  names: string[];
  /** Extras that were plain numbers. */
  numbers: Readonly<Record<string, number>>;
  /** True once the values have come back. */
  arrived: boolean;
}

const now = () => performance.now();
const NO_EXTRAS: Readonly<Record<string, Tensor | number>> = Object.freeze({});
const NO_NAMES: string[] = [];

/** The value of a scalar tensor on a backend that reads synchronously. */
function readScalar(t: Tensor): number {
  const v = t.item();
  t.dispose();
  return v;
}

export class TrainingLoop<S> {
  readonly control: RunControl;
  readonly budget: SnapshotBudget;
  private status: RunStatus = 'paused';
  private issued = 0;
  private read = 0;
  private lastStamp = 0;
  private readonly clock = new Stopwatch();
  private pending: InFlight[] = [];
  private buffer = { steps: [] as number[], times: [] as number[], losses: [] as number[], aux: {} as Record<string, number[]> };
  private lastReport = -Infinity;
  /** The report the page has not taken yet (unforced reports only). */
  private inFlight: Promise<unknown> | null = null;
  private ending: { status: RunStatus; message: string | null } | null = null;
  private snapshotNow = false;
  /** The error that ended a failed run (or a message the run ended with). */
  private failureMessage: string | null = null;
  private group: number | null;
  private readonly reportEveryMs: number;
  private readonly yieldEveryMs: number;

  constructor(
    private readonly trainer: Trainer<S>,
    private readonly options: LoopOptions,
    private readonly report: (p: Progress<S>) => unknown,
  ) {
    this.control = options.control ?? new RunControl();
    this.budget = options.snapshots instanceof SnapshotBudget ? options.snapshots : new SnapshotBudget(options.snapshots);
    this.group = options.stepsPerGroup ?? null;
    this.reportEveryMs = options.reportEveryMs ?? 50;
    this.yieldEveryMs = options.yieldEveryMs ?? 12;
  }

  get state(): RunStatus {
    return this.status;
  }

  /** Why the run ended early (diverged, failed, or the trainer's own rule), once it has. */
  get message(): string | null {
    return this.status === 'failed' ? this.failureMessage : (this.ending?.message ?? this.failureMessage);
  }

  /** Training seconds so far. */
  get seconds(): number {
    return this.clock.ms() / 1000;
  }

  /** Runs until finished, stopped, diverged or failed; resolves with that status (never rejects). */
  async run(): Promise<RunStatus> {
    try {
      await this.train();
    } catch (e) {
      this.fail(e);
    }
    if (this.status !== 'failed') {
      try {
        await this.flush(true, true);
      } catch (e) {
        this.fail(e);
      }
    }
    if (this.status === 'failed') {
      this.dropPending();
      try {
        await this.flush(true, false);
      } catch {
        // Nobody is listening any more; the status still says what happened.
      }
    }
    try {
      this.trainer.dispose();
    } catch {
      // Freeing buffers of a lost device can fail; they are gone with it.
    }
    return this.status;
  }

  private async train(): Promise<void> {
    const maxMs = (this.options.maxSeconds ?? Infinity) * 1000;
    while (!this.ending && !this.control.stopped && this.issued < this.options.totalSteps && this.clock.ms() < maxMs) {
      if (this.control.holding) {
        this.status = 'paused';
        // Everything issued before the pause is read back, so the page shows where it stopped.
        await this.drain();
        this.clock.stop();
        await this.flush(true, true);
        if (this.control.holding) await this.control.changed();
        continue;
      }
      const single = this.control.takeSingleStep();
      this.status = single ? 'paused' : 'running';
      this.clock.start();
      await this.burst(single);
    }
    await this.drain();
    this.clock.stop();
    if (this.ending) {
      this.status = this.ending.status;
      this.failureMessage = this.ending.message;
    } else {
      this.status = this.control.stopped ? 'stopped' : 'finished';
    }
  }

  /** Issues steps for up to yieldEveryMs (one when single-stepping), reads what is due, then reports. */
  private async burst(single: boolean): Promise<void> {
    const t0 = now();
    do {
      // Only an asynchronous step is awaited: a microtask between synchronous steps would let the
      // webgpu backend submit each step on its own instead of a group at a time.
      const issued = this.issue();
      if (issued) await issued;
      const group = this.group ?? 0;
      for (let due = readsDue(this.pending.length, group); due > 0 && this.pending.length > 0 && !this.ending; due--) {
        const reading = this.readOldest();
        if (reading) await reading;
      }
      // Results that have already arrived are taken at once: no waiting, and a stopping rule fires sooner.
      while (this.pending[0]?.arrived && !this.ending) {
        const reading = this.readOldest();
        if (reading) await reading;
      }
      if (single || this.ending || this.snapshotNow) break;
    } while (!this.control.paused && !this.control.stopped && this.issued < this.options.totalSteps && now() - t0 < this.yieldEveryMs);
    if (single) {
      await this.drain();
      this.clock.stop();
      await this.flush(true, true);
      return;
    }
    if (this.trainer.snapshot && (this.snapshotNow || (!this.inFlight && this.budget.due(now())))) {
      // A snapshot shows the state after every step issued: wait for them (training time).
      await this.drain();
      await this.flush(this.snapshotNow, true);
    } else {
      await this.flush(false, false);
    }
    if (this.yieldEveryMs < Infinity) await yieldTask();
  }

  /** Issues one step; a promise only when the trainer's step is asynchronous (data-parallel shards). */
  private issue(): Promise<void> | undefined {
    const stepped = this.trainer.step();
    if (stepped instanceof Promise) return stepped.then((result) => this.track(result));
    this.track(stepped);
    return undefined;
  }

  /**
   * Queues a step's measurements for reading back, in step order. Plain numbers are taken as they
   * are; tensors of a backend that reads synchronously (the cpu) are read at once, one scalar
   * each; elsewhere the loss and its extras come back in one readback.
   */
  private track(result: StepResult): void {
    this.issued++;
    const loss = result.loss;
    const sync = typeof loss === 'number' || stepsInFlight(loss.backend) === 0;
    this.group ??= typeof loss === 'number' ? 0 : stepsInFlight(loss.backend);
    const aux = result.aux ?? NO_EXTRAS;
    let names: string[] = NO_NAMES;
    let numbers: Readonly<Record<string, number>> = aux as Readonly<Record<string, number>>;
    for (const name in aux) {
      if (typeof aux[name] === 'number') continue;
      // Some extras are tensors: split them from the numbers.
      names = [];
      const own: Record<string, number> = {};
      for (const n in aux) {
        const v = aux[n];
        if (typeof v === 'number') own[n] = v;
        else names.push(n);
      }
      numbers = own;
      break;
    }
    const entry: InFlight = { step: this.issued, values: null, reading: null, tensor: null, names, numbers, arrived: false };
    if (sync) {
      const values = new Float64Array(1 + names.length);
      values[0] = typeof loss === 'number' ? loss : readScalar(loss);
      for (let i = 0; i < names.length; i++) values[i + 1] = readScalar(aux[names[i]] as Tensor);
      entry.values = values;
      entry.arrived = true;
    } else {
      const tensors: Tensor[] = [loss as Tensor];
      for (const n of names) tensors.push(aux[n] as Tensor);
      let tensor = loss as Tensor;
      if (tensors.length > 1) {
        // One readback for the loss and its extras.
        tensor = packScalars(tensors);
        for (const t of tensors) t.dispose();
      }
      entry.tensor = tensor;
      entry.reading = tensor.data();
      entry.reading.then(
        () => (entry.arrived = true),
        () => (entry.arrived = true),
      );
    }
    this.pending.push(entry);
    if (this.trainer.snapshotDue?.(this.issued)) this.snapshotNow = true;
  }

  /** Takes the oldest step in flight: at once when its values are known, else a promise that waits for them. */
  private readOldest(): Promise<void> | undefined {
    const next = this.pending[0];
    if (!next) return undefined;
    if (next.values === null) return this.awaitOldest();
    this.pending.shift();
    this.take(next, next.values);
    return undefined;
  }

  /** Waits for the oldest step's readback, then takes it. */
  private async awaitOldest(): Promise<void> {
    const next = this.pending.shift() as InFlight;
    const v = await (next.reading as Promise<TypedArray>);
    // The values have arrived; the (GPU) storage goes back to the pool.
    next.tensor?.dispose();
    this.take(next, v);
  }

  /** Stamps a step whose values are known, and hands it to the trainer. */
  private take(next: InFlight, v: ArrayLike<number>): void {
    const ms = this.clock.ms();
    this.lastStamp = ms;
    this.read = next.step;
    let aux = next.numbers;
    if (next.names.length > 0) {
      const all: Record<string, number> = { ...next.numbers };
      next.names.forEach((name, i) => (all[name] = v[i + 1]));
      aux = all;
    }
    const record: StepRecord = { step: next.step, seconds: ms / 1000, loss: v[0], aux };
    const b = this.buffer;
    b.steps.push(record.step);
    b.times.push(record.seconds);
    b.losses.push(record.loss);
    for (const name in aux) (b.aux[name] ??= []).push(aux[name]);
    if (!Number.isFinite(record.loss)) {
      this.end('diverged', `The loss became ${record.loss} at step ${record.step}: the optimisation diverged. Try a smaller learning rate.`);
      return;
    }
    this.trainer.observe?.(record);
    this.checkVerdict();
  }

  private checkVerdict(): void {
    const v = this.trainer.verdict?.();
    if (v) this.end(v.end, v.message ?? null);
  }

  private end(status: RunStatus, message: string | null): void {
    if (this.ending) return;
    this.ending = { status, message };
    // Results still in flight are dropped unread (at most a few steps).
    this.dropPending();
  }

  private dropPending(): void {
    for (const p of this.pending) {
      p.reading?.then(
        () => p.tensor?.dispose(),
        () => p.tensor?.dispose(),
      );
    }
    this.pending = [];
  }

  private async drain(): Promise<void> {
    while (this.pending.length) {
      const reading = this.readOldest();
      if (reading) await reading;
    }
  }

  private fail(e: unknown): void {
    this.status = 'failed';
    this.failureMessage = e instanceof Error ? e.message : String(e);
  }

  /**
   * Sends what is new; with a snapshot (its cost off the clock and on the budget) when asked.
   * One report is in flight at a time: while the page has not taken the previous one, an
   * unforced report waits (its points stay buffered) instead of the loop waiting for the page,
   * so a busy page slows its own updates, never the training. A forced report (a pause, a single
   * step, the end, a snapshot the trainer asked for) waits for the one before it and is awaited.
   */
  private async flush(force: boolean, withSnapshot: boolean): Promise<void> {
    const t = now();
    if (!force && (this.inFlight || (!withSnapshot && t - this.lastReport < this.reportEveryMs))) return;
    const running = this.clock.running;
    const snap = withSnapshot && this.trainer.snapshot;
    if (snap || force) this.clock.stop();
    if (this.inFlight) await this.inFlight;
    this.lastReport = t;
    let snapshot: S | null = null;
    if (snap) {
      this.snapshotNow = false;
      snapshot = await this.trainer.snapshot!();
      this.checkVerdict();
    }
    const b = this.buffer;
    this.buffer = { steps: [], times: [], losses: [], aux: {} };
    const aux: Record<string, Float64Array> = {};
    for (const [name, values] of Object.entries(b.aux)) aux[name] = Float64Array.from(values);
    const sent = Promise.resolve(
      this.report({
        status: this.ending && this.status !== 'failed' ? this.ending.status : this.status,
        step: this.read,
        seconds: this.lastStamp / 1000,
        steps: Float64Array.from(b.steps),
        times: Float64Array.from(b.times),
        losses: Float64Array.from(b.losses),
        aux,
        snapshot,
        message: this.message,
        deviceMsPerStep: this.options.deviceTime?.(this.read) ?? null,
      }),
    );
    if (force) await sent;
    else {
      // A page that has gone away fails the next forced report; this one is just dropped.
      const pending: Promise<unknown> = sent.then(
        () => undefined,
        () => undefined,
      );
      this.inFlight = pending;
      void pending.then(() => {
        if (this.inFlight === pending) this.inFlight = null;
      });
    }
    if (snap) {
      const end = now();
      this.budget.record(end, end - t);
    }
    if (running && (snap || force)) this.clock.start();
  }
}
