/** A clock that runs only while started: the training clock, which pauses and snapshots stop. */
const now = () => performance.now();

export class Stopwatch {
  private totalMs = 0;
  private since: number | null = null;

  get running(): boolean {
    return this.since !== null;
  }

  start(): void {
    this.since ??= now();
  }

  stop(): void {
    if (this.since === null) return;
    this.totalMs += now() - this.since;
    this.since = null;
  }

  /** Milliseconds counted so far (including the current stretch when running). */
  ms(): number {
    return this.totalMs + (this.since === null ? 0 : now() - this.since);
  }
}
