// The loss curves of the current run and of the one before it, so that a learner who changes the
// number of particles sees the two curves' noise side by side.

import { Notifying } from '../../charts';
import type { Series } from '../../charts';

interface Growing {
  name: string;
  x: number[];
  y: number[];
}

export class LossHistory extends Notifying<readonly Series[]> {
  private current: Growing | null = null;
  private previous: Growing | null = null;
  private snapshot: readonly Series[] = [];

  /**
   * Starts a new curve called `name`. The current one, if it has points and `keepPrevious` is
   * true, becomes the previous curve (renamed `previousName`); otherwise both are forgotten.
   */
  begin(name: string, keepPrevious: boolean, previousName: string): void {
    this.previous = keepPrevious && this.current && this.current.x.length > 0 ? { ...this.current, name: previousName } : keepPrevious ? this.previous : null;
    this.current = { name, x: [], y: [] };
    this.refresh();
  }

  push(xs: ArrayLike<number>, ys: ArrayLike<number>): void {
    if (!this.current) return;
    for (let i = 0; i < Math.min(xs.length, ys.length); i++) {
      this.current.x.push(xs[i]);
      this.current.y.push(ys[i]);
    }
    this.notify();
  }

  /** Ends the current curve (a reset): it becomes the previous one, renamed, if it has points. */
  retire(previousName: string): void {
    if (this.current && this.current.x.length > 0) this.previous = { ...this.current, name: previousName };
    this.current = null;
    this.refresh();
  }

  clear(): void {
    this.current = null;
    this.previous = null;
    this.refresh();
  }

  /** Number of points of the current curve. */
  get size(): number {
    return this.current?.x.length ?? 0;
  }

  get(): readonly Series[] {
    return this.snapshot;
  }

  private refresh(): void {
    // The previous run first, so that the current one is drawn on top.
    this.snapshot = [this.previous, this.current].filter((s): s is Growing => s !== null);
    this.notify();
  }
}
