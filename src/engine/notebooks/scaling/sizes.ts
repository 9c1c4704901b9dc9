/** The batch sizes and multipliers the scaling experiments try, as their settings choose them. */

/** from, 2 from, 4 from, ..., up to `to` (inclusive when it is reached exactly). */
export function powersOfTwo(from: number, to: number): number[] {
  const out: number[] = [];
  for (let v = from; v <= to; v *= 2) out.push(v);
  return out;
}

/** Batch sizes of the variance experiment: 1, 2, 4, ..., 1024, those that fit in N. */
export function varianceBatchSizes(n: number): number[] {
  return powersOfTwo(1, Math.min(1024, n));
}

/** The batch sizes of the SGD experiment. */
export const SGD_BATCHES = [16, 64, 256] as const;

/** The multipliers k of a scaling-rule experiment: 1, 2, 4, ..., the largest k chosen. */
export function ksUpTo(maxK: string | number): number[] {
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
