// The sweep page's measured points and what is running, in a zustand store.

import { create } from 'zustand';
import type { SweepPoint, TimeToTargetPoint } from '../../../workers/protocol';

export type SweepTask = 'idle' | 'sweeping' | 'racing';

interface SweepState {
  task: SweepTask;
  /** Measured points by backend label, e.g. "WebGPU" and "CPU". */
  points: Record<string, SweepPoint[]>;
  race: TimeToTargetPoint[];
  raceBackend: string | null;
  error: string | null;
  setTask(task: SweepTask): void;
  addPoint(backend: string, p: SweepPoint): void;
  addRacePoint(p: TimeToTargetPoint): void;
  clearSweep(): void;
  clearRace(backend: string): void;
  fail(message: string): void;
}

export const useSweepStore = create<SweepState>()((set) => ({
  task: 'idle',
  points: {},
  race: [],
  raceBackend: null,
  error: null,
  setTask: (task) => set({ task }),
  addPoint: (backend, p) => set((s) => ({ points: { ...s.points, [backend]: [...(s.points[backend] ?? []), p] } })),
  addRacePoint: (p) => set((s) => ({ race: [...s.race, p] })),
  clearSweep: () => set({ points: {}, error: null }),
  clearRace: (backend) => set({ race: [], raceBackend: backend, error: null }),
  fail: (message) => set({ error: message, task: 'idle' }),
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
