// Named (x, y) series that grow while a model trains.

import { Notifying } from './live';

export interface Series {
  readonly name: string;
  readonly x: ArrayLike<number>;
  readonly y: ArrayLike<number>;
}

interface Growing {
  readonly name: string;
  readonly x: number[];
  readonly y: number[];
}

/**
 * Append-only series for live charts. A page keeps one in a ref, pushes
 * points from the worker's progress callback, and hands it to a LineChart as
 * its `series` source. Pushing is cheap: it stores the point and tells the
 * chart, which redraws at its own pace.
 */
export class SeriesBuffer extends Notifying<readonly Series[]> {
  private readonly series: Growing[] = [];
  private snapshot: readonly Series[] = [];

  /** Fixes the order (and so the colours and legend order) of series before any point arrives. */
  constructor(names: readonly string[] = []) {
    super();
    for (const name of names) this.series.push({ name, x: [], y: [] });
    this.refresh();
  }

  push(name: string, x: number, y: number): void {
    const s = this.lookup(name);
    s.x.push(x);
    s.y.push(y);
    this.notify();
  }

  /** Appends many points at once (one notification). */
  pushMany(name: string, xs: ArrayLike<number>, ys: ArrayLike<number>): void {
    const s = this.lookup(name);
    const n = Math.min(xs.length, ys.length);
    for (let i = 0; i < n; i++) {
      s.x.push(xs[i]!);
      s.y.push(ys[i]!);
    }
    this.notify();
  }

  /** Empties one series (keeping its place) or, with no name, all of them. */
  clear(name?: string): void {
    for (const s of this.series) {
      if (name === undefined || s.name === name) {
        s.x.length = 0;
        s.y.length = 0;
      }
    }
    this.notify();
  }

  /** The number of points in a series (0 if it does not exist). */
  size(name: string): number {
    return this.series.find((s) => s.name === name)?.x.length ?? 0;
  }

  get(): readonly Series[] {
    return this.snapshot;
  }

  private lookup(name: string): Growing {
    let s = this.series.find((t) => t.name === name);
    if (!s) {
      s = { name, x: [], y: [] };
      this.series.push(s);
      this.refresh();
    }
    return s;
  }

  private refresh(): void {
    // The arrays are shared, not copied: the chart reads them when it draws.
    this.snapshot = this.series.map((s) => ({ name: s.name, x: s.x, y: s.y }));
  }
}
