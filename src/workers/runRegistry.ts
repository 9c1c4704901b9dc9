/** The training runs a worker has going, by the page's run id, and the controls they answer to. */
import type { RunStatus, TrainingLoop } from './trainingLoop';
import type { StartMode } from './protocol';

type Controls = Pick<TrainingLoop<unknown>, 'pause' | 'resume' | 'stepOnce' | 'stop'>;
type Runnable = Controls & { run(startPaused: boolean): Promise<RunStatus> };

export class RunRegistry {
  private readonly loops = new Map<string, Controls>();

  /** Runs `loop` under `id` as `start` asks (running, paused, or paused after one step) until it ends. */
  async run(id: string, loop: Runnable, start: StartMode): Promise<RunStatus> {
    this.loops.set(id, loop);
    if (start === 'step') loop.stepOnce();
    try {
      return await loop.run(start !== 'run');
    } finally {
      if (this.loops.get(id) === loop) this.loops.delete(id);
    }
  }

  has(id: string): boolean {
    return this.loops.has(id);
  }

  pause(id: string): void {
    this.loops.get(id)?.pause();
  }

  resume(id: string): void {
    this.loops.get(id)?.resume();
  }

  stepOnce(id: string): void {
    this.loops.get(id)?.stepOnce();
  }

  stop(id: string): void {
    this.loops.get(id)?.stop();
  }
}
