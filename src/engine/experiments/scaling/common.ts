/**
 * What the experiments of the `scaling` notebook (NOTEBOOKS.md section 5) share: the data choice
 * and the random streams.
 *
 * Random streams: the data come from foldIn(key(seed), 0) (see generateLinearData); experiment
 * i draws its batches from foldIn(key(seed), i), and epoch e of a training run shuffles with
 * foldIn(thatKey, e). Every run inside one experiment sees the same shuffles (common random
 * numbers), so differences between its curves come from the batch size and step size alone.
 */
import { foldIn, key } from '../../random';
import type { Key } from '../../random';
import type { LinearData } from '../../models/linearRegression';
import { generateLinearData } from '../../models/linearRegression';
import { defaultValues } from '../../settings';
import { SCALING_SETTINGS } from '../../notebooks/scaling/settings';

export interface DataChoice {
  seed: number;
  /** Number of generated points (default 10,000). */
  n?: number;
  /** Reuse already generated data (must come from the same seed for the streams to match the CLI). */
  data?: LinearData;
}

export function dataFor(o: DataChoice): LinearData {
  return o.data ?? generateLinearData({ seed: o.seed, n: o.n });
}

export function streamKey(seed: number, experiment: number): Key {
  return foldIn(key(seed), experiment);
}

/** The settings' defaults (notebooks/scaling/settings.ts): what every experiment uses when a value is not given. */
export const D = defaultValues(SCALING_SETTINGS);

/** Least-squares line y = intercept + slope x. */
export function fitLine(xs: readonly number[], ys: readonly number[]): { slope: number; intercept: number } {
  const n = xs.length;
  const mx = xs.reduce((s, v) => s + v, 0) / n;
  const my = ys.reduce((s, v) => s + v, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i] - mx) * (ys[i] - my);
    sxx += (xs[i] - mx) ** 2;
  }
  const slope = sxy / sxx;
  return { slope, intercept: my - slope * mx };
}
