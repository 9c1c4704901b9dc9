// The sweep page's measured points in a zustand store; the sweep's and the race's phases in
// their run states (see useRun).

import { create } from 'zustand';
import type { SweepPoint, TimeToTargetPoint } from '../../../workers/sweep/protocol';
import { createRunState } from '../../worker/runState';

/** The sweep of step times and the race to the target: one run each, never both at once. */
export const sweepRun = createRunState();
export const raceRun = createRunState();

interface SweepState {
  /** Measured points by backend label, e.g. "WebGPU" and "CPU". */
  points: Record<string, SweepPoint[]>;
  /** The number of timed steps per point of the sweep on screen. */
  timedSteps: number;
  race: TimeToTargetPoint[];
  raceBackend: string | null;
  addPoint(backend: string, p: SweepPoint): void;
  addRacePoint(p: TimeToTargetPoint): void;
  clearSweep(timedSteps: number): void;
  clearRace(): void;
}

export const useSweepStore = create<SweepState>()((set) => ({
  points: {},
  timedSteps: 0,
  race: [],
  raceBackend: null,
  addPoint: (backend, p) => set((s) => ({ points: { ...s.points, [backend]: [...(s.points[backend] ?? []), p] } })),
  addRacePoint: (p) => set((s) => ({ race: [...s.race, p] })),
  clearSweep: (timedSteps) => set({ points: {}, timedSteps }),
  clearRace: () => set({ race: [], raceBackend: null }),
}));

/**
 * The largest batch whose step time is within `factor` of the fastest step: the end of the
 * flat region, where a bigger batch stops being nearly free.
 */
export function bendOf(points: readonly SweepPoint[], factor = 1.5): number | null {
  if (points.length === 0) return null;
  const fastest = Math.min(...points.map((p) => p.msPerStep));
  const flat = points.filter((p) => p.msPerStep <= factor * fastest);
  return Math.max(...flat.map((p) => p.batch));
}
