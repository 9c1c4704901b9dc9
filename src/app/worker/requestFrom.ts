// How a page builds a run's request: from its settings as they are when the run starts, and
// not at all while the page says the run cannot start.

/**
 * The request builder a RunPage takes: `make` applied to the current `settings()`, or null
 * (nothing starts) while `blocked()` is true.
 */
export function requestFrom<S, R>(settings: () => S, blocked: () => boolean, make: (s: S) => R): () => R | null {
  return () => (blocked() ? null : make(settings()));
}
