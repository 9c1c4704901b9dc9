/**
 * Whether data survive a trip to float32, the precision WebGPU computes in: finite values up to
 * about 3.4e38, and, away from zero, down to the smallest normal number (about 1.2e-38; below it
 * precision is lost, and a logarithm of a value that rounds to 0 is -Infinity).
 */

/** The largest finite float32, (2 - 2^-23) 2^127. */
export const F32_MAX = 3.4028234663852886e38;
/** The smallest positive normal float32, 2^-126. */
export const F32_MIN_NORMAL = 1.1754943508222875e-38;

/** The first value of `values` float32 cannot hold, with its 0-based index; null when all fit. */
export function outsideFloat32(values: ArrayLike<number>): { index: number; value: number } | null {
  for (let i = 0; i < values.length; i++) {
    const a = Math.abs(values[i]);
    if (a > F32_MAX || (a !== 0 && a < F32_MIN_NORMAL)) return { index: i, value: values[i] };
  }
  return null;
}
