// The runs to start again once the page's worker has been replaced: "Run on the CPU instead"
// asks for the failed runs here, then switches the backend; each run's client takes its request
// when the new worker is ready.

const pending = new Set<string>();

/** Asks for the runs of these slots to start again on the next worker. */
export function requestRerun(slots: readonly string[]): void {
  for (const s of slots) pending.add(s);
}

/** True (once) when a rerun of `slot` was asked for. */
export function takeRerun(slot: string): boolean {
  return pending.delete(slot);
}

export function hasRerun(slot: string): boolean {
  return pending.has(slot);
}
