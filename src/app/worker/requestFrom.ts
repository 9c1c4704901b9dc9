// How a page builds a run's request: from its settings as they are when the run starts, and
// not at all while the page says the run cannot start.

import { useRef } from 'react';

/**
 * The request builder a RunPage takes: `make` applied to the current `settings()`, or null
 * (nothing starts) while `blocked()` is true.
 */
export function requestFrom<S, R>(settings: () => S, blocked: () => boolean, make: (s: S) => R): () => R | null {
  return () => (blocked() ? null : make(settings()));
}

/**
 * requestFrom over a component's latest settings and blocked flag, held in refs so that a
 * builder made during one render reads them as they are when the run starts. `latest()` is
 * the settings themselves at that moment.
 */
export function useRequestFrom<S>(settings: S, blocked: boolean): { from: <R>(make: (s: S) => R) => () => R | null; latest: () => S } {
  const settingsRef = useRef(settings);
  settingsRef.current = settings;
  const blockedRef = useRef(blocked);
  blockedRef.current = blocked;
  const latest = () => settingsRef.current;
  return { from: (make) => requestFrom(latest, () => blockedRef.current, make), latest };
}
