// Thinning long series before drawing. A 15,000-step loss curve drawn point
// by point costs far more than it shows on a chart a thousand pixels wide.
// Keeping each bucket's minimum and maximum (rather than every k-th point)
// preserves spikes and the envelope of a noisy mini-batch loss, which is
// exactly what a learner should see.

/**
 * Indices (ascending) of at most `maxPoints` points of `y` that keep the first
 * and last point and, in each of about maxPoints/2 equal-count buckets, the
 * points with the smallest and largest finite y. Non-finite values are never
 * chosen as extremes but a bucket with no finite value keeps its first index,
 * so that gaps stay visible. `length` limits the series to its first points
 * (for x and y arrays of unequal length).
 */
export function thinIndices(y: ArrayLike<number>, maxPoints = 1000, length = y.length): number[] {
  const n = Math.min(length, y.length);
  if (n <= maxPoints || n <= 2) return Array.from({ length: n }, (_, i) => i);
  const limit = Math.max(4, Math.floor(maxPoints));
  const buckets = Math.floor((limit - 2) / 2);
  const interior = n - 2;
  const out: number[] = [0];
  for (let b = 0; b < buckets; b++) {
    const start = 1 + Math.floor((b * interior) / buckets);
    const end = 1 + Math.floor(((b + 1) * interior) / buckets);
    let lo = -1;
    let hi = -1;
    for (let i = start; i < end; i++) {
      const v = y[i]!;
      if (!Number.isFinite(v)) continue;
      if (lo === -1 || v < y[lo]!) lo = i;
      if (hi === -1 || v > y[hi]!) hi = i;
    }
    if (lo === -1) {
      if (start < end) out.push(start);
    } else if (lo === hi) {
      out.push(lo);
    } else {
      out.push(Math.min(lo, hi), Math.max(lo, hi));
    }
  }
  out.push(n - 1);
  return out;
}
