/** Triangular solves on the GPU: one invocation per right-hand side (shaders/triangular_solve.wgsl). */
import { registerKernel } from '../registry';
import { triangularSolveKernel } from '../primitives';
import { wgslShader } from '../../webgpu/layout';

const TRIANGULAR_SOLVE = wgslShader({
  file: 'triangular_solve.wgsl',
  params: { n: 'u32', k: 'u32' },
  bindings: { tm: 'read f32', b: 'read f32', x: 'read_write f32' },
});

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
