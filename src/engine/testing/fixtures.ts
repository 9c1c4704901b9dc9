/** Small deterministic inputs for tests (independent of the engine's own generator). */
import type { Tensor } from '../tensor';
import { mul, sum, tensor } from '../ops';

/** Mulberry32: a tiny seeded generator, so test fixtures do not depend on the code under test. */
export function seededUniform(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Values uniform in [lo, hi). */
export function randomValues(n: number, seed: number, lo = -1, hi = 1): Float64Array {
  const u = seededUniform(seed);
  return Float64Array.from({ length: n }, () => lo + (hi - lo) * u());
}

/**
 * sum(w ∘ y) with fixed weights w uniform in [lo, hi) from `seed`, made on y's backend in y's
 * dtype: a scalar that depends on every entry of y with distinct weights (for gradient checks).
 */
export function weightedSum(y: Tensor, seed = 99, lo = -1, hi = 1): Tensor {
  const w = tensor(randomValues(y.size, seed, lo, hi), [...y.shape], { backend: y.backend, dtype: y.dtype });
  return sum(mul(y, w));
}

/** A float64 tensor of the given shape with entries uniform in [lo, hi). */
export function randomTensor(shape: number[], seed: number, lo = -1, hi = 1): Tensor {
  return tensor(randomValues(shape.reduce((a, b) => a * b, 1), seed, lo, hi), shape);
}

/** A well-conditioned symmetric positive-definite matrix X X^T / n + I, as plain numbers. */
export function randomSpdValues(n: number, seed: number): Float64Array {
  const x = randomValues(n * n, seed);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = i === j ? 1 : 0;
      for (let p = 0; p < n; p++) s += (x[i * n + p] * x[j * n + p]) / n;
      a[i * n + j] = s;
    }
  }
  return a;
}
