/**
 * The inner loop shared by the cpu matrix kernels: y[yo + j] += sum_t c_t x[x_t + j] over a
 * contiguous range of j. Four source rows are combined per pass over y, which cuts the memory
 * traffic on y by four; this is what turns the JIT's scalar loops from ~0.4 into ~1 GFLOP/s.
 */
import type { TypedArray } from '../tensor';

/**
 * y[yo + j] += sum_{p in [p0, p1)} coef[co + p * cs] * x[p * xs + j] for j in [j0, j1).
 * coef is read with stride cs so rows or columns of a matrix can supply the coefficients.
 */
export function axpyRows(
  y: TypedArray,
  yo: number,
  coef: TypedArray,
  co: number,
  cs: number,
  x: TypedArray,
  xs: number,
  p0: number,
  p1: number,
  j0: number,
  j1: number,
  sign = 1,
): void {
  let p = p0;
  for (; p + 3 < p1; p += 4) {
    const c0 = sign * coef[co + p * cs];
    const c1 = sign * coef[co + (p + 1) * cs];
    const c2 = sign * coef[co + (p + 2) * cs];
    const c3 = sign * coef[co + (p + 3) * cs];
    const x0 = p * xs;
    const x1 = x0 + xs;
    const x2 = x1 + xs;
    const x3 = x2 + xs;
    for (let j = j0; j < j1; j++) y[yo + j] += c0 * x[x0 + j] + c1 * x[x1 + j] + c2 * x[x2 + j] + c3 * x[x3 + j];
  }
  for (; p < p1; p++) {
    const c = sign * coef[co + p * cs];
    if (c === 0) continue;
    const x0 = p * xs;
    for (let j = j0; j < j1; j++) y[yo + j] += c * x[x0 + j];
  }
}

/** Columns per block, so a block of every source row stays in cache while it is reused. */
export const COLUMN_BLOCK = 512;
