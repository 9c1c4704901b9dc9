/**
 * What the person driving a run asks for: run, pause, one step at a time, stop. A control is
 * created when a run is asked for, before anything is built, so that no request made while the
 * run is starting is lost; a sequence of training loops (a sweep over batch sizes, an experiment
 * over several settings) shares one control, so that pausing or stopping reaches whichever loop
 * is going.
 */

/** How a new run begins: training, paused before its first step, or paused after one step. */
export type StartMode = 'run' | 'paused' | 'step';

export class RunControl {
  private state: 'running' | 'paused' | 'stopped';
  private singleSteps = 0;
  private waiters: (() => void)[] = [];

  constructor(start: StartMode = 'run') {
    this.state = start === 'run' ? 'running' : 'paused';
    if (start === 'step') this.singleSteps = 1;
  }

  get stopped(): boolean {
    return this.state === 'stopped';
  }

  /** True while paused with no single step waiting. */
  get holding(): boolean {
    return this.state === 'paused' && this.singleSteps === 0;
  }

  get paused(): boolean {
    return this.state === 'paused';
  }

  pause(): void {
    if (this.state === 'running') this.state = 'paused';
    this.notify();
  }

  resume(): void {
    if (this.state === 'paused') this.state = 'running';
    this.notify();
  }

  /** One step, when paused (ignored while running or stopped). */
  stepOnce(): void {
    if (this.state !== 'paused') return;
    this.singleSteps++;
    this.notify();
  }

  stop(): void {
    this.state = 'stopped';
    this.singleSteps = 0;
    this.notify();
  }

  /** Uses up one requested single step; false when there is none. */
  takeSingleStep(): boolean {
    if (this.state !== 'paused' || this.singleSteps === 0) return false;
    this.singleSteps--;
    return true;
  }

  /** Resolves at the next request (resume, step, stop, pause). */
  changed(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private notify(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const resolve of w) resolve();
  }
}
