// Charts read fast-changing data from a source they subscribe to, instead of
// from React props, so that a training run streaming hundreds of points a
// second does not re-render React on each one. The chart is told "something
// changed" and redraws on its own schedule (a few times a second).

import type { StoreApi } from 'zustand';

export interface DataSource<T> {
  /** The current value; called when the chart draws. */
  get(): T;
  /** Calls `listener` after each change; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
}

/** A prop that is either a plain value (redrawn when the prop changes) or a live source. */
export type Live<T> = T | DataSource<T>;

export function isSource<T>(v: Live<T>): v is DataSource<T> {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as Partial<DataSource<T>>).get === 'function' &&
    typeof (v as Partial<DataSource<T>>).subscribe === 'function'
  );
}

export function readLive<T>(v: Live<T>): T {
  return isSource(v) ? v.get() : v;
}

/** The sources among some props, for the chart to subscribe to. */
export function sourcesOf(...values: readonly Live<unknown>[]): DataSource<unknown>[] {
  return values.filter((v): v is DataSource<unknown> => isSource(v));
}

/**
 * A source that reads part of a zustand store. Listeners hear about every
 * store change (cheap: the chart only marks itself dirty) and compare nothing;
 * the chart's throttle does the rest.
 */
export function fromStore<S, T>(store: StoreApi<S>, select: (state: S) => T): DataSource<T> {
  return {
    get: () => select(store.getState()),
    subscribe: (listener) => store.subscribe(listener),
  };
}

/** The listener bookkeeping of a mutable source: subclasses call `notify` after each change. */
export abstract class Notifying<T> implements DataSource<T> {
  private readonly listeners = new Set<() => void>();

  abstract get(): T;

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  protected notify(): void {
    for (const l of this.listeners) l();
  }
}

/**
 * A mutable cell with listeners, for data that a page keeps in a ref (for
 * example the latest heatmap from the worker): `cell.set(grid)` and every
 * chart reading `cell` redraws soon after.
 */
export class LiveValue<T> extends Notifying<T> {
  private value: T;

  constructor(initial: T) {
    super();
    this.value = initial;
  }

  get(): T {
    return this.value;
  }

  set(value: T): void {
    this.value = value;
    this.notify();
  }
}
