// The page side of the run channel, without React: starts a run in a worker under a fresh id,
// filters out the progress of runs it has moved on from, takes both the resolve and the reject
// branch of the start, and keeps the run's phase in its RunState. Run / Pause / Step / Reset are
// the same on every page: Run resumes a paused run or starts a new one; Step advances a paused
// run by one step or starts one paused after its first step; Reset stops the run and forgets
// what it drew.

import * as Comlink from 'comlink';
import type { RunOutcome, RunWorkerApi, StartMode } from '../../workers/host/protocol';
import type { RunState } from './runState';
import { NO_RUN, phaseOf } from './runState';

/** What a page says about one of its runs. */
export interface RunPage<Request, P, R> {
  /** The run's slot in the worker (runs of one slot never overlap there), e.g. 'gamma', 'full'. */
  readonly slot: string;
  readonly state: RunState;
  /** The request of a new run, or null when none can start now. */
  request(): Request | null;
  /** Sets up for a new run (forget the previous one's curves...), just before it starts. */
  begin?(mode: StartMode, request: Request): void;
  /** Takes in one progress report of the current run. */
  progress(p: P): void;
  /** Takes in how the current run ended (after the last progress report). */
  end?(outcome: RunOutcome<R>): void;
  /** Forgets what the run drew (Reset, a new worker). */
  clear(): void;
}

/** The calls of a worker's run channel as the page makes them (through Comlink). */
export interface RunChannel<Request, P, R> {
  start(id: string, request: Request, onProgress: ((p: P) => unknown) & Comlink.ProxyMarked, mode: StartMode): Promise<RunOutcome<R>>;
  pause(id: string): unknown;
  resume(id: string): unknown;
  stepOnce(id: string): unknown;
  stop(id: string): unknown;
}

/** A worker's Comlink proxy seen as a run channel. */
export function channelOf<Request, P, R>(api: Comlink.Remote<RunWorkerApi<Request, P, R>>): RunChannel<Request, P, R> {
  return api as unknown as RunChannel<Request, P, R>;
}

type Api<Request, P, R> = RunChannel<Request, P, R>;

export class RunClient<Request, P, R> {
  private counter = 0;
  /** The id of the run going in the worker, or null. */
  private current: string | null = null;

  constructor(
    private readonly api: Api<Request, P, R> | null,
    private readonly page: () => RunPage<Request, P, R>,
  ) {}

  get running(): boolean {
    return this.current !== null;
  }

  /** Starts a new run (stopping the current one), running, paused, or paused after one step. */
  start(mode: StartMode): void {
    const page = this.page();
    const api = this.api;
    if (!api) return;
    const request = page.request();
    if (request === null) return;
    const previous = this.current;
    if (previous) void api.stop(previous);
    const id = `${page.slot}:${++this.counter}`;
    this.current = id;
    page.begin?.(mode, request);
    page.state.setState({ ...NO_RUN, phase: mode === 'run' ? 'running' : 'paused' });
    const onProgress = Comlink.proxy((p: P) => {
      if (this.current !== id) return;
      this.page().progress(p);
      const status = (p as { status?: unknown }).status;
      // Phases of a run going; how it ended comes with the outcome.
      if (status === 'running' || status === 'paused') this.page().state.setState({ phase: phaseOf(status) });
    });
    api.start(id, request, onProgress, mode).then(
      (outcome) => this.finish(id, outcome as RunOutcome<R>),
      (e: unknown) => this.finish(id, { status: 'failed', message: e instanceof Error ? e.message : String(e), backend: null, result: null }),
    );
  }

  private finish(id: string, outcome: RunOutcome<R>): void {
    if (this.current !== id) return;
    this.current = null;
    const page = this.page();
    page.end?.(outcome);
    page.state.setState({
      phase: phaseOf(outcome.status),
      ended: outcome.status,
      message: outcome.message,
      failedOn: outcome.status === 'failed' ? outcome.backend : null,
    });
  }

  run(): void {
    if (this.current && this.page().state.getState().phase === 'paused') {
      void this.api?.resume(this.current);
      this.page().state.setState({ phase: 'running' });
    } else this.start('run');
  }

  pause(): void {
    if (this.current) void this.api?.pause(this.current);
  }

  step(): void {
    if (this.current) void this.api?.stepOnce(this.current);
    else this.start('step');
  }

  /** Stops the run; it still ends (and shows how) as the worker reports. */
  stop(): void {
    if (this.current) void this.api?.stop(this.current);
  }

  /** Stops the run and forgets it: the page is back where it was before the run. */
  reset(): void {
    const running = this.current;
    this.current = null;
    if (running) void this.api?.stop(running);
    const page = this.page();
    page.clear();
    page.state.setState({ ...NO_RUN });
  }
}
