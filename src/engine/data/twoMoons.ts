/**
 * The two-moons classification set and the seeded train / validation / test split of the `bnn`
 * notebook. The moons follow the usual construction (as in scikit-learn's make_moons): the
 * first half of the points on the upper unit half-circle (label 0), the rest on a half-circle
 * shifted to (1, 0.5) and flipped (label 1), points evenly spaced in angle, then Gaussian noise
 * on both coordinates and a random order.
 */
import type { Key } from '../random';
import { normal, split, uniform } from '../random';

/** Points [n, 2] row-major and labels 0 / 1 [n]. */
export interface ClassificationData {
  x: Float64Array;
  y: Float64Array;
  n: number;
}

/** n two-moons points with N(0, noise^2) added to each coordinate, shuffled; all from `key`. */
export function twoMoons(n: number, noise: number, key: Key): ClassificationData {
  if (!Number.isInteger(n) || n < 2) throw new RangeError(`two moons needs at least 2 points, got ${n}`);
  const nOuter = Math.floor(n / 2);
  const nInner = n - nOuter;
  const [kNoise, kOrder] = split(key);
  const eps = normal(kNoise, 2 * n);
  const x = new Float64Array(2 * n);
  const y = new Float64Array(n);
  const order = permutation(n, kOrder);
  for (let i = 0; i < n; i++) {
    const outer = i < nOuter;
    const j = outer ? i : i - nOuter;
    const count = outer ? nOuter : nInner;
    const t = count > 1 ? (Math.PI * j) / (count - 1) : 0;
    const px = outer ? Math.cos(t) : 1 - Math.cos(t);
    const py = outer ? Math.sin(t) : 0.5 - Math.sin(t);
    const r = order[i];
    x[2 * r] = px + noise * eps[2 * i];
    x[2 * r + 1] = py + noise * eps[2 * i + 1];
    y[r] = outer ? 0 : 1;
  }
  return { x, y, n };
}

/** A uniformly random permutation of 0..n-1 from `key` (the order of n uniform draws). */
export function permutation(n: number, key: Key): Int32Array {
  const u = uniform(key, n);
  const idx = Int32Array.from({ length: n }, (_, i) => i);
  // Ties among 52-bit uniforms are practically impossible; the index breaks them anyway.
  idx.sort((a, b) => u[a] - u[b] || a - b);
  return idx;
}

function take(d: ClassificationData, rows: ArrayLike<number>): ClassificationData {
  const n = rows.length;
  const x = new Float64Array(2 * n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const r = rows[i];
    x[2 * i] = d.x[2 * r];
    x[2 * i + 1] = d.x[2 * r + 1];
    y[i] = d.y[r];
  }
  return { x, y, n };
}

export interface DataSplit {
  train: ClassificationData;
  val: ClassificationData;
  test: ClassificationData;
}

/**
 * A seeded split: ceil(testFraction n) points for test, then ceil(valFraction m) of the m left
 * for validation, the rest for training (2,000 -> 600 test, 420 validation, 980 train).
 */
export function splitTrainValTest(d: ClassificationData, key: Key, testFraction = 0.3, valFraction = 0.3): DataSplit {
  const nTest = Math.ceil(testFraction * d.n);
  const nVal = Math.ceil(valFraction * (d.n - nTest));
  const nTrain = d.n - nTest - nVal;
  if (nTrain < 1 || nVal < 1 || nTest < 1) throw new RangeError(`${d.n} points are too few to split into train, validation and test sets`);
  const order = permutation(d.n, key);
  return {
    test: take(d, order.subarray(0, nTest)),
    val: take(d, order.subarray(nTest, nTest + nVal)),
    train: take(d, order.subarray(nTest + nVal)),
  };
}
