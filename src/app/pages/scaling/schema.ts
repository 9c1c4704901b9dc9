// The scaling page's settings, all in the URL so that a link reproduces every experiment.

import { boolParam, enumParam, floatParam, intParam, type Values } from '../../urlState';

export const SCALING_SCHEMA = {
  // The linear-regression data (experiments 1 to 4).
  n: intParam('Data points N', 10_000, 1_000, 100_000),
  seed: intParam('Seed', 0, 0, 2_147_483_647),
  // 1. Gradient variance.
  batches: intParam('Batches per batch size', 1000, 10, 10_000),
  // 2. Mini-batch SGD.
  sgdLr: floatParam('SGD learning rate η', 0.1, 0.0001, 5),
  sgdEpochs: intParam('SGD epochs', 20, 1, 200),
  // 3. The linear scaling rule.
  baseB: intParam('Base batch size B', 32, 1, 4096),
  baseLr: floatParam('Base learning rate η', 0.01, 0.0001, 1),
  maxK: enumParam('Largest k', '64', ['8', '16', '32', '64', '128', '256']),
  ruleEpochs: intParam('Epochs per run', 20, 1, 200),
  warmup: boolParam('Show the runs with linear warm-up', false),
  warmupEpochs: intParam('Warm-up epochs', 3, 1, 50),
  // 4. Gradient accumulation.
  micro: intParam('Micro-batches K', 8, 1, 1024),
  microBatch: intParam('Micro-batch size b', 32, 1, 4096),
  // 5. The rule on the Bayesian network's ELBO.
  bnnB: intParam('Network: base batch B', 8, 1, 980),
  bnnLr: floatParam('Network: base rate η', 0.1, 0.00001, 10),
  bnnOpt: enumParam('Network: optimiser', 'sgd', ['sgd', 'adam']),
  bnnMaxK: enumParam('Network: largest k', '64', ['4', '8', '16', '32', '64', '128']),
  bnnEpochs: intParam('Network: epochs', 30, 1, 200),
  bnnWarmup: intParam('Network: warm-up epochs', 0, 0, 50),
  bnnGrow: boolParam('Weight draws per step grow with k', false),
} as const;

export type ScalingSettings = Values<typeof SCALING_SCHEMA>;

/** Batch sizes of the variance experiment: 1, 2, 4, ..., 1024, those that fit in N. */
export function varianceBatchSizes(n: number): number[] {
  return powersOfTwo(1, Math.min(1024, n));
}

/** The batch sizes of the SGD experiment. */
export const SGD_BATCHES = [16, 64, 256] as const;

/** 1, 2, 4, ..., up to `to` (inclusive when a power of two). */
export function powersOfTwo(from: number, to: number): number[] {
  const out: number[] = [];
  for (let v = from; v <= to; v *= 2) out.push(v);
  return out;
}

/** The multipliers k of a scaling-rule experiment: 1, 2, 4, ..., the largest k chosen. */
export function ksUpTo(maxK: string): number[] {
  return powersOfTwo(1, Number(maxK));
}

/**
 * The K compared in the accumulation experiment: powers of two from 2 to max(64, K) whose K b
 * points fit in N, and the K chosen (which the page prints in detail), in increasing order.
 */
export function accumulationMicros(micro: number, microBatch: number, n: number): number[] {
  const ks = new Set(powersOfTwo(2, Math.max(64, micro)).filter((k) => k * microBatch <= n));
  if (micro * microBatch <= n) ks.add(micro);
  return [...ks].sort((a, b) => a - b);
}

/** Problems that involve more than one setting (each setting alone is checked by the schema). */
export function crossCheck(s: ScalingSettings): string[] {
  const out: string[] = [];
  if (s.micro * s.microBatch > s.n) {
    out.push(`micro × microBatch = ${s.micro * s.microBatch} is more than the N = ${s.n} data points: the big batch K b must fit in the data`);
  }
  if (s.baseB > s.n) out.push(`baseB = ${s.baseB} is larger than the number of data points n = ${s.n}: allowed 1 to ${s.n}`);
  return out;
}
