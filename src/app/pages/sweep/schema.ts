// The sweep page's settings, all in the URL.

import { SWEEP_BATCHES } from '../../../engine/experiments/sweep';
import { floatParam, intParam, type Values } from '../../urlState';

export const SWEEP_SCHEMA = {
  n: intParam('Data points N', 10_000, 100, 100_000),
  m: intParam('Inducing inputs M', 50, 4, 200),
  lr: floatParam('Learning rate', 0.05, 1e-5, 1),
  warmup: intParam('Warm-up steps (not timed)', 3, 0, 100),
  timed: intParam('Timed steps per batch size', 30, 1, 1000),
  target: floatParam('Target negative ELBO per point', -0.6, -2, 100),
  budget: floatParam('Time budget per batch size', 20, 0.5, 600),
  dataSeed: intParam('Data seed', 0, 0, 2_147_483_647),
  seed: intParam('Batch seed', 0, 0, 2_147_483_647),
} as const;

export type SweepSettings = Values<typeof SWEEP_SCHEMA>;

/** The reference batch sizes below N, then N itself (the full batch). */
export function batchesFor(n: number): number[] {
  return [...SWEEP_BATCHES.filter((b) => b < n), n];
}

/** Batch sizes raced to the target: a spread across the range, to keep the race short. */
export function raceBatchesFor(n: number): number[] {
  return [...[32, 128, 512, 2048].filter((b) => b < n), n];
}
