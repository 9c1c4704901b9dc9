// The data's histogram as a density (bar areas sum to one), so that it can be drawn on the same
// axes as the Gamma density the data were drawn from.

import { lgamma } from '../../../engine/special';

export interface Bin {
  x0: number;
  x1: number;
  /** count / (n * width). */
  density: number;
}

/** Equal-width bins from 0 (the data are positive) to the largest value; about sqrt(n) of them, 8 to 60. */
export function densityHistogram(values: ArrayLike<number>, bins?: number): Bin[] {
  const n = values.length;
  if (n === 0) return [];
  let hi = 0;
  for (let i = 0; i < n; i++) hi = Math.max(hi, values[i]);
  if (!(hi > 0)) return [];
  const k = bins ?? Math.min(60, Math.max(8, Math.round(Math.sqrt(n))));
  const width = hi / k;
  const counts = new Array<number>(k).fill(0);
  for (let i = 0; i < n; i++) counts[Math.min(k - 1, Math.floor(values[i] / width))]++;
  return counts.map((c, j) => ({ x0: j * width, x1: (j + 1) * width, density: c / (n * width) }));
}

/** The Gamma(a, rate 1) density at z. */
export function gammaDensity(z: number, a: number): number {
  if (!(z > 0)) return 0;
  return Math.exp((a - 1) * Math.log(z) - z - lgamma(a));
}

export function sampleMean(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i];
  return values.length ? s / values.length : NaN;
}
