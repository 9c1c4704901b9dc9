/**
 * The Cholesky factor and its backward pass on the GPU, two ways each: in one workgroup
 * (shaders/cholesky.wgsl, shaders/cholesky_backward.wgsl), fastest for the small factors of the
 * SVGP (M = 50), and blocked over many workgroups for large n (shaders/cholesky_blocked.wgsl; the
 * backward pass from a product and two blocked triangular solves), where one workgroup looping
 * over n pivots would take seconds.
 */
import type { Tensor } from '../../tensor';
import type { GpuKernelApi } from '../../webgpu/kernelApi';
import { groups } from '../../webgpu/kernelApi';
import { registerKernel } from '../registry';
import { choleskyBackwardKernel, choleskyKernel } from '../primitives';
import { wgslShader } from '../../webgpu/layout';
import { blockedTriangularSolve } from '../triangularSolve/webgpu';

const CHOLESKY = wgslShader({ file: 'cholesky.wgsl', params: { n: 'u32', shift: 'f32' }, bindings: { a: 'read f32', l: 'read_write f32' } });

const CHOLESKY_BACKWARD = wgslShader({
  file: 'cholesky_backward.wgsl',
  params: { n: 'u32' },
  bindings: { l: 'read f32', g: 'read f32', scratch: 'read_write f32', out: 'read_write f32' },
});

const CHOLESKY_BLOCKED = wgslShader({
  file: 'cholesky_blocked.wgsl',
  params: { n: 'u32', j0: 'u32', j1: 'u32', shift: 'f32' },
  bindings: { a: 'read f32', l: 'read_write f32', status: 'read_write u32' },
});

/** Columns per block of the blocked factorisation. */
const FACTOR_BLOCK = 32;
/** From this n on the blocked kernels run (measured on SwiftShader: see README, "Blocked GPU kernels"). */
export const BLOCKED_CHOLESKY_FROM = 128;

/** L [n,n] with L L^T = a + shift I. */
registerKernel(choleskyKernel, 'webgpu', (gpu, a, shift) => {
  const n = a.shape[0];
  const l = gpu.output(a.dtype, [n, n]);
  if (n > 0) gpu.dispatch(CHOLESKY, { params: { n, shift }, bindings: { a, l }, workgroups: 1 });
  return l;
});

/** Ā [n,n] from L and L̄ (Murray 2016). */
registerKernel(choleskyBackwardKernel, 'webgpu', (gpu, l, lBar) => {
  const n = l.shape[0];
  const out = gpu.output(l.dtype, [n, n]);
  if (n > 0) {
    gpu.buffer(l);
    gpu.buffer(lBar);
    const scratch = gpu.scratch(n * n * 4);
    gpu.dispatch(CHOLESKY_BACKWARD, { label: 'cholesky-backward', params: { n }, bindings: { l, g: lBar, scratch, out }, workgroups: 1 });
    gpu.releaseScratch(scratch);
  }
  return out;
});

/** L by blocks of FACTOR_BLOCK columns: 2 + 3 ceil(n / FACTOR_BLOCK) dispatches. */
function blockedCholesky(gpu: GpuKernelApi, a: Tensor, shift: number): Tensor {
  const n = a.shape[0];
  gpu.buffer(a);
  const l = gpu.output(a.dtype, [n, n]);
  if (n === 0) return l;
  const status = gpu.scratch(4);
  const bindings = { a, l, status };
  const record = (entryPoint: string, j0: number, j1: number, workgroups: number) =>
    gpu.dispatch(CHOLESKY_BLOCKED, { label: `cholesky-blocked-${entryPoint}`, entryPoint, params: { n, j0, j1, shift }, bindings, workgroups });
  record('init', 0, 0, groups(n * n, 4));
  for (let j0 = 0; j0 < n; j0 += FACTOR_BLOCK) {
    const j1 = Math.min(n, j0 + FACTOR_BLOCK);
    record('diag', j0, j1, 1);
    if (j1 < n) {
      record('panel', j0, j1, groups(n - j1));
      const tiles = Math.ceil((n - j1) / 4);
      record('update', j0, j1, groups((tiles * (tiles + 1)) / 2));
    }
  }
  record('finish', 0, 0, groups(n * n, 4));
  gpu.releaseScratch(status);
  return l;
}

/**
 * Ā = sym(L^{-T} Φ(L^T L̄) L^{-1}) (Murray 2016) from the backend's primitives: the product
 * L^T L̄ in the tiled matmul, Φ as a lazy tril (diagonal halved), X = L^{-T} Φ(...) and
 * Y^T = L^{-T} X^T by blocked solves (X^T read in place), the symmetric part lazy.
 */
function blockedCholeskyBackward(gpu: GpuKernelApi, l: Tensor, lBar: Tensor): Tensor {
  const n = l.shape[0];
  if (n === 0) return gpu.output(l.dtype, [0, 0]);
  const product = gpu.matmul(l, lBar, true, false);
  const phi = gpu.tril(product, 0.5);
  const solve = { lower: true, transpose: true };
  const x = blockedTriangularSolve(gpu, l, phi, solve);
  const xt = gpu.transpose(x);
  const yt = blockedTriangularSolve(gpu, l, xt, solve);
  const both = gpu.binary('add', yt, gpu.transpose(yt));
  const out = gpu.binary('mul', both, gpu.full([], 0.5, l.dtype));
  for (const t of [product, phi, x, xt, yt, both]) gpu.dispose(t);
  return out;
}

const large = (x: Tensor) => x.shape[0] >= BLOCKED_CHOLESKY_FROM;

registerKernel(choleskyKernel, 'webgpu', blockedCholesky, { variant: 'blocked', priority: 1, accepts: large });
registerKernel(choleskyBackwardKernel, 'webgpu', blockedCholeskyBackward, { variant: 'blocked', priority: 1, accepts: large });
