/**
 * Triangular solves on the GPU, two kernels: one invocation per right-hand side
 * (shaders/triangular_solve.wgsl), for the small factors of the SVGP with many right-hand
 * sides, and a solve blocked by rows (shaders/triangular_solve_blocked.wgsl) for large n, where
 * the first would leave a few invocations each walking the whole matrix.
 */
import type { Tensor, TriangularSolveOptions } from '../../tensor';
import type { GpuKernelApi } from '../../webgpu/kernelApi';
import { groups } from '../../webgpu/kernelApi';
import { registerKernel } from '../registry';
import { triangularSolveKernel } from '../primitives';
import { wgslShader } from '../../webgpu/layout';

const TRIANGULAR_SOLVE = wgslShader({
  file: 'triangular_solve.wgsl',
  params: { n: 'u32', k: 'u32' },
  bindings: { tm: 'read f32', b: 'read f32', x: 'read_write f32' },
});

const TRIANGULAR_SOLVE_BLOCKED = wgslShader({
  file: 'triangular_solve_blocked.wgsl',
  params: { n: 'u32', k: 'u32', b0: 'u32', b1: 'u32', u0: 'u32', u1: 'u32', cols: 'u32' },
  bindings: { tm: 'read f32', b: 'read f32', x: 'read_write f32' },
});

/** Rows per block of the blocked solve: each block is one pass over the unsolved rows. */
const SOLVE_BLOCK = 64;
/** From this n on the blocked solve runs (measured on SwiftShader: see README, "Blocked GPU kernels"). */
export const BLOCKED_SOLVE_FROM = 256;

/** X [n,k] with op(L) X = B; a lazy transpose of a buffer as B is read in place. */
registerKernel(triangularSolveKernel, 'webgpu', (gpu, l, b, options) => {
  const [n, k] = b.shape;
  const x = gpu.output(b.dtype, [n, k]);
  if (n * k > 0) {
    const wg = gpu.smallWorkgroups ? 4 : 64;
    const rhs = gpu.matrixOperand(b);
    if (rhs.tril !== null) rhs.b = gpu.buffer(b);
    const trans = rhs.tril === null && rhs.transposed;
    gpu.dispatch(TRIANGULAR_SOLVE, {
      label: `trsm-${options.lower ? 'L' : 'U'}${options.transpose ? 'T' : 'N'}${trans ? 'T' : ''}`,
      constants: { LOWER: options.lower ? 1 : 0, TRANSPOSE: options.transpose ? 1 : 0, TRANS_RHS: trans ? 1 : 0, WG: wg },
      params: { n, k },
      bindings: { tm: l, b: rhs.b, x },
      workgroups: Math.max(1, Math.min(65535, Math.ceil(k / wg))),
    });
  }
  return x;
});

/** How a blocked solve may use what it knows of B. */
export interface BlockedSolveHints {
  /**
   * B is lower triangular (the identity, when inverting T): in a forward solve X is then lower
   * triangular too, and the columns right of each block are skipped.
   */
  lowerRhs?: boolean;
}

/**
 * X [n,k] with op(T) X = B by blocks of rows: 1 + 2 ceil(n / 64) dispatches, the updates spread
 * over many workgroups. Exported for the kernels that invert a factor (choleskyInverse).
 */
export function blockedTriangularSolve(gpu: GpuKernelApi, t: Tensor, b: Tensor, options: TriangularSolveOptions, hints: BlockedSolveHints = {}): Tensor {
  const [n, k] = b.shape;
  const rhs = gpu.matrixOperand(b);
  if (rhs.tril !== null) rhs.b = gpu.buffer(b);
  gpu.buffer(t);
  const x = gpu.output(b.dtype, [n, k]);
  if (n * k === 0) return x;
  const trans = rhs.tril === null && rhs.transposed;
  const forward = options.lower !== options.transpose;
  const flags = `${options.lower ? 'L' : 'U'}${options.transpose ? 'T' : 'N'}${trans ? 'T' : ''}`;
  const constants = { LOWER: options.lower ? 1 : 0, TRANSPOSE: options.transpose ? 1 : 0, TRANS_RHS: trans ? 1 : 0 };
  const bindings = { tm: t, b: rhs.b, x };
  const base = { n, k, b0: 0, b1: 0, u0: 0, u1: 0, cols: k };
  gpu.dispatch(TRIANGULAR_SOLVE_BLOCKED, { label: `trsm-blocked-init${trans ? 'T' : ''}`, entryPoint: 'init', constants, params: base, bindings, workgroups: groups(n * k, 4) });
  const skip = forward && hints.lowerRhs === true;
  const small = gpu.smallWorkgroups ? 4 : 64;
  for (let s = 0; s < n; s += SOLVE_BLOCK) {
    const b0 = forward ? s : Math.max(0, n - s - SOLVE_BLOCK);
    const b1 = forward ? Math.min(n, s + SOLVE_BLOCK) : n - s;
    const cols = skip ? Math.min(k, b1) : k;
    const [u0, u1] = forward ? [b1, n] : [0, b0];
    const params = { n, k, b0, b1, u0, u1, cols };
    gpu.dispatch(TRIANGULAR_SOLVE_BLOCKED, {
      label: `trsm-blocked-diag-${flags}`,
      entryPoint: 'diag',
      constants: { ...constants, WG: small },
      params,
      bindings,
      workgroups: Math.max(1, Math.min(65535, Math.ceil(cols / small))),
    });
    if (u1 > u0) {
      const items = Math.ceil((u1 - u0) / 4) * Math.ceil(cols / 4);
      gpu.dispatch(TRIANGULAR_SOLVE_BLOCKED, { label: `trsm-blocked-update-${flags}`, entryPoint: 'update', constants, params, bindings, workgroups: groups(items) });
    }
  }
  return x;
}

/** Above BLOCKED_SOLVE_FROM rows, the blocked solve. */
registerKernel(triangularSolveKernel, 'webgpu', (gpu, l, b, options) => blockedTriangularSolve(gpu, l, b, options), {
  variant: 'blocked',
  priority: 1,
  accepts: (_l, b) => b.shape[0] >= BLOCKED_SOLVE_FROM,
});
