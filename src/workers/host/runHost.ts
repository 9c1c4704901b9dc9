/**
 * The worker side of the run channel, for any trainer: a run registry (controls by run id), the
 * backend holder, and the order of commands.
 *
 * Commands are applied in the order they arrive and none is lost: a run's control exists from
 * the moment its start arrives, so a pause, step or stop sent while it is still being built is
 * applied when it begins. Runs of one slot (the id up to its last ':') never overlap: a new start
 * stops the slot's previous run and waits until that run has finished and freed its buffers.
 * No sequence of clicks can therefore leave two runs of one slot on the device at once.
 */
import type { Backend, FloatDType } from '../../engine/tensor';
import { RunControl } from '../../engine/train/control';
import type { StartMode } from '../../engine/train/control';
import type { Progress, RunStatus } from '../../engine/train/loop';
import { TrainingLoop } from '../../engine/train/loop';
import type { LoopOptions } from '../../engine/train/loop';
import type { Trainer } from '../../engine/train/trainer';
import { DeviceTimer } from '../../engine/train/deviceTime';
import type { BackendPreference } from '../../engine/backendPreference';
import { WorkerBackend, dtypeFor } from './backendChoice';
import { messageOf, plainFailure } from './failure';
import { transferable } from './transfer';
import type { BackendReport, RunControlApi, RunOutcome } from './protocol';

/** What a job gets to work with. */
export interface JobContext {
  backend: Backend;
  dtype: FloatDType;
  control: RunControl;
}

/** What a job says when it ends. */
export interface JobEnd<R> {
  status: RunStatus;
  message?: string | null;
  result?: R;
}

export function slotOf(id: string): string {
  const i = id.lastIndexOf(':');
  return i < 0 ? id : id.slice(0, i);
}

export class RunHost implements RunControlApi {
  private readonly controls = new Map<string, RunControl>();
  /** The end of the latest run started in each slot. */
  private readonly lanes = new Map<string, Promise<void>>();
  private closed = false;

  constructor(readonly backend: WorkerBackend = new WorkerBackend()) {}

  configure(preference: BackendPreference): Promise<BackendReport> {
    return this.backend.configure(preference);
  }

  /**
   * Runs `job` under `id` once the slot's previous run has ended; resolves with how it ended.
   * Never rejects: an exception (a backend that cannot start, a trainer that cannot be built, a
   * lost device) ends the run 'failed' with the message in plain words. The job reports through
   * `report`, which transfers the report's arrays to the page; the outcome is sent only once the
   * page has taken every report (progress and the reply travel on different ports, and the
   * reply must not overtake the last points).
   */
  async start<P, R>(id: string, mode: StartMode, onProgress: (p: P) => unknown, job: (ctx: JobContext, report: (p: P) => Promise<void>) => Promise<JobEnd<R>>): Promise<RunOutcome<R>> {
    const control = new RunControl(mode);
    const slot = slotOf(id);
    for (const [other, c] of this.controls) if (slotOf(other) === slot) c.stop();
    this.controls.get(id)?.stop();
    this.controls.set(id, control);
    const previous = this.lanes.get(slot) ?? Promise.resolve();
    let release: () => void = () => undefined;
    const ended = new Promise<void>((resolve) => (release = resolve));
    const lane = previous.then(() => ended);
    this.lanes.set(slot, lane);
    let backendName: 'cpu' | 'webgpu' | null = null;
    const outstanding = new Set<Promise<void>>();
    const report = (p: P): Promise<void> => {
      // Posted at once (a synchronous experiment's points reach the page while it goes on).
      let sent: unknown;
      try {
        sent = onProgress(transferable(p));
      } catch {
        sent = undefined;
      }
      const taken = Promise.resolve(sent).then(
        () => undefined,
        // A page that has gone away takes nothing; the run is stopped by its shutdown.
        () => undefined,
      );
      outstanding.add(taken);
      void taken.then(() => outstanding.delete(taken));
      return taken;
    };
    try {
      await previous;
      if (control.stopped || this.closed) return { status: 'stopped', message: null, backend: null, result: null };
      const backend = await this.backend.get();
      backendName = backend.name;
      const end = await job({ backend, dtype: dtypeFor(backend), control }, report);
      const message = end.message ?? null;
      return { status: end.status, message: end.status === 'failed' && message ? plainFailure(message) : message, backend: backendName, result: end.result ?? null };
    } catch (e) {
      return { status: 'failed', message: plainFailure(messageOf(e)), backend: backendName, result: null };
    } finally {
      await Promise.all([...outstanding]);
      if (this.controls.get(id) === control) this.controls.delete(id);
      release();
      if (this.lanes.get(slot) === lane) this.lanes.delete(slot);
    }
  }

  pause(id: string): void {
    this.controls.get(id)?.pause();
  }

  resume(id: string): void {
    this.controls.get(id)?.resume();
  }

  stepOnce(id: string): void {
    this.controls.get(id)?.stepOnce();
  }

  stop(id: string): void {
    this.controls.get(id)?.stop();
  }

  /** True while a run is registered under `id` (starting or going). */
  has(id: string): boolean {
    return this.controls.has(id);
  }

  async shutdown(): Promise<void> {
    this.closed = true;
    for (const c of this.controls.values()) c.stop();
    await Promise.all([...this.lanes.values()]);
    await this.backend.release();
  }
}

/**
 * Drives `trainer` through the training loop under a job's control, with the device clock of the
 * job's backend, sending each report to `report`.
 */
export async function trainInJob<S>(
  ctx: JobContext,
  trainer: Trainer<S>,
  options: Omit<LoopOptions, 'control'>,
  report: (p: Progress<S>) => unknown,
): Promise<JobEnd<never> & { loop: TrainingLoop<S> }> {
  const device = new DeviceTimer(ctx.backend);
  const loop = new TrainingLoop(trainer, { deviceTime: (steps) => device.msPerStep(steps), ...options, control: ctx.control }, report);
  const status = await loop.run();
  return { status, message: loop.message, loop };
}

/** The run controls of a worker's API, bound to its host (spread into the object Comlink exposes). */
export function controlsOf(host: RunHost): RunControlApi {
  return {
    configure: (preference) => host.configure(preference),
    pause: (id) => host.pause(id),
    resume: (id) => host.resume(id),
    stepOnce: (id) => host.stepOnce(id),
    stop: (id) => host.stop(id),
    shutdown: () => host.shutdown(),
  };
}
