/**
 * How often a loop may take a snapshot for the page: at most every `minIntervalMs`, and rarely
 * enough that snapshots take at most `share` of the wall-clock whatever they cost on this
 * machine. The cost of each snapshot is measured; after one that cost c, the next waits at least
 * c (1 - share) / share, so that c / (c + wait) <= share.
 */
export interface SnapshotBudgetOptions {
  /** Shortest wait between snapshots (default 400 ms). */
  minIntervalMs?: number;
  /** Largest share of the wall-clock that snapshots may take (default 0.2). */
  share?: number;
}

export class SnapshotBudget {
  readonly minIntervalMs: number;
  readonly share: number;
  private last = -Infinity;
  private waitMs: number;
  /** Measured cost of the latest snapshot (ms), and of all of them. */
  lastCostMs = 0;
  totalCostMs = 0;
  count = 0;

  constructor(o: SnapshotBudgetOptions = {}) {
    this.minIntervalMs = o.minIntervalMs ?? 400;
    this.share = o.share ?? 0.2;
    if (!(this.share > 0 && this.share <= 1)) throw new RangeError(`SnapshotBudget: share must be in (0, 1], got ${this.share}`);
    this.waitMs = this.minIntervalMs;
  }

  /** True when a snapshot may be taken at time `t` (ms, performance.now()). */
  due(t: number): boolean {
    return t - this.last >= this.waitMs;
  }

  /** Records a snapshot that ended at `t` and cost `costMs`; sets the wait before the next. */
  record(t: number, costMs: number): void {
    this.last = t;
    this.lastCostMs = costMs;
    this.totalCostMs += costMs;
    this.count++;
    this.waitMs = Math.max(this.minIntervalMs, (costMs * (1 - this.share)) / this.share);
  }

  /** Current wait between snapshots (ms). */
  get intervalMs(): number {
    return this.waitMs;
  }
}
