/** Small statistics helpers for benchmarks. */

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Median over `samples` of the mean time per call of `repeat` consecutive calls to fn, in ms. */
export function timePerCall(fn: () => void, samples: number, repeat: number): number {
  const times: number[] = [];
  for (let s = 0; s < samples; s++) {
    const t0 = performance.now();
    for (let r = 0; r < repeat; r++) fn();
    times.push((performance.now() - t0) / repeat);
  }
  return median(times);
}
