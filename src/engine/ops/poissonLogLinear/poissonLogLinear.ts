/**
 * The Poisson log-likelihood of a clipped log-linear rate whose coefficients are gathered by
 * index per row, as one op: the hierarchical models' likelihood, where each of n rows reads its
 * product's slope and intercept and its cell's effect. Fused so that no n-sized intermediate but
 * one residual is formed; kernels in cpu.ts, wasm.ts and webgpu.ts.
 */
import type { Tensor } from '../../tensor';
import { record } from '../../autodiff';
import { defineKernelWithWasm } from '../../cpu/wasm';
import { poissonLogLinearBackwardCpu, poissonLogLinearCpu } from './cpu';
import { poissonLogLinearBackwardWasm, poissonLogLinearWasm } from './wasm';

export const poissonLogLinearKernel = defineKernelWithWasm('poissonLogLinear', poissonLogLinearCpu, poissonLogLinearWasm);
/** [dSlope [P], dCellEffect [M], dIntercept [P]] from the residuals [n] and the output cotangent g []. */
export const poissonLogLinearBackwardKernel = defineKernelWithWasm('poissonLogLinearBackward', poissonLogLinearBackwardCpu, poissonLogLinearBackwardWasm);

/** The rows of a Poisson log-linear likelihood: indices (i32) and values, each [n]. */
export interface PoissonRows {
  product: Tensor;
  cell: Tensor;
  /** The covariate multiplying the slope (a log price). */
  x: Tensor;
  /** Counts u (non-negative integers). */
  units: Tensor;
  /** Row weights (0 for padding rows). */
  weight: Tensor;
}

/**
 * sum_r w_r (u_r eta_r - exp(eta_r)) -> [], with eta_r = clip(slope[product_r] x_r +
 * cellEffect[cell_r] + intercept[product_r], lo, hi); slope, intercept [P], cellEffect [M].
 * This is sum_r w_r log Poisson(u_r | e^{eta_r}) less the constant sum_r w_r log u_r!, which
 * the caller adds once. Backward: with rho_r = g w_r (u_r - e^{eta_r}) where the clip is
 * inactive (0 where it clips), rho scatter-added by product (times x) and by cell.
 */
export function poissonLogLinear(slope: Tensor, cellEffect: Tensor, intercept: Tensor, rows: PoissonRows, lo: number, hi: number): Tensor {
  const n = rows.x.size;
  for (const [name, t] of Object.entries(rows)) {
    if (t.rank !== 1 || t.size !== n) throw new Error(`poissonLogLinear: ${name} must be [${n}], got [${t.shape.join(',')}]`);
  }
  if (rows.product.dtype !== 'i32' || rows.cell.dtype !== 'i32') throw new Error('poissonLogLinear: product and cell must be i32 indices');
  for (const [name, t] of [['slope', slope], ['cellEffect', cellEffect], ['intercept', intercept]] as const) {
    if (t.rank !== 1 || t.dtype !== rows.x.dtype) throw new Error(`poissonLogLinear: ${name} must be a vector of ${rows.x.dtype}`);
  }
  if (slope.size !== intercept.size) throw new Error(`poissonLogLinear: slope [${slope.size}] and intercept [${intercept.size}] must match`);
  if (!(lo <= hi)) throw new RangeError(`poissonLogLinear: lo = ${lo} must not exceed hi = ${hi}`);
  const be = rows.x.backend;
  const [out, resid] = poissonLogLinearKernel.run(be, slope, cellEffect, intercept, rows.product, rows.cell, rows.x, rows.units, rows.weight, lo, hi);
  return record(out, [slope, cellEffect, intercept], 'poissonLogLinear', (g) =>
    poissonLogLinearBackwardKernel.run(be, resid, g, rows.product, rows.cell, rows.x, slope.size, cellEffect.size),
  );
}
