// The runs to start again once the page's worker has been replaced: "Run on the CPU instead"
// asks for the failed runs here, then switches the backend; each run's client takes its request
// when the new worker is ready. Only a client made after the request takes it (the old client,
// still rendered with the old worker for a moment, must not).

/** Counts the run clients made, so that a request can tell older clients from newer ones. */
let made = 0;
const pending = new Map<string, number>();

/** A number for a new client, larger than any before it. */
export function clientGeneration(): number {
  return ++made;
}

/** Asks for the runs of these slots to start again on the next worker. */
export function requestRerun(slots: readonly string[]): void {
  for (const s of slots) pending.set(s, made);
}

/** True when a client of generation `generation` should start a run of `slot` again. */
export function hasRerun(slot: string, generation: number): boolean {
  const asked = pending.get(slot);
  return asked !== undefined && generation > asked;
}

/** Takes the request (once). */
export function takeRerun(slot: string): void {
  pending.delete(slot);
}
