// The sweep page's settings, all in the URL. They are declared once in
// src/engine/notebooks/sweep/settings.ts.

import { SWEEP_BATCHES } from '../../../engine/experiments/sweep';
import { SWEEP_SETTINGS } from '../../../engine/notebooks/sweep/settings';
import { pageSettings } from '../../../engine/settings';
import type { Values } from '../../urlState';

export const SWEEP_SCHEMA = pageSettings(SWEEP_SETTINGS);

export type SweepSettings = Values<typeof SWEEP_SCHEMA>;

/** The reference batch sizes below N, then N itself (the full batch). */
export function batchesFor(n: number): number[] {
  return [...SWEEP_BATCHES.filter((b) => b < n), n];
}

/** Batch sizes raced to the target: a spread across the range, to keep the race short. */
export function raceBatchesFor(n: number): number[] {
  return [...[32, 128, 512, 2048].filter((b) => b < n), n];
}
