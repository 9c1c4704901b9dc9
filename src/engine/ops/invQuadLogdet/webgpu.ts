/**
 * C^{-1} from its Cholesky factor on the GPU: X = L^{-1} by the blocked triangular solve against
 * the identity (only the lower triangle of X is worked on), then C^{-1} = X^T X by a symmetric
 * product over the lower triangle (shaders/cholesky_inverse.wgsl).
 */
import { groups } from '../../webgpu/kernelApi';
import { wgslShader } from '../../webgpu/layout';
import { registerKernel } from '../registry';
import { blockedTriangularSolve } from '../triangularSolve/webgpu';
import { choleskyInverseKernel, invQuadLogdetGradKernel } from './invQuadLogdet';
import { mul, sub } from '../elementwise';
import { matmul } from '../matmul/matmul';

const CHOLESKY_INVERSE = wgslShader({ file: 'cholesky_inverse.wgsl', params: { n: 'u32' }, bindings: { x: 'read f32', out: 'read_write f32' } });

/** C^{-1} [n,n] from l [n,n]. */
registerKernel(choleskyInverseKernel, 'webgpu', (gpu, l) => {
  const n = l.shape[0];
  const eye = gpu.eye(n, l.dtype);
  const x = blockedTriangularSolve(gpu, l, eye, { lower: true, transpose: false }, { lowerRhs: true });
  gpu.dispose(eye);
  const out = gpu.output(l.dtype, [n, n]);
  if (n > 0) {
    const tiles = Math.ceil(n / 4);
    gpu.dispatch(CHOLESKY_INVERSE, { params: { n }, bindings: { x, out }, workgroups: groups((tiles * (tiles + 1)) / 2) });
  }
  gpu.dispose(x);
  return out;
});

/** g/2 (C^{-1} - alpha alpha^T) [n,n] from l [n,n], alpha [n,1] and g []: the inverse, then elementwise ops. */
registerKernel(invQuadLogdetGradKernel, 'webgpu', (gpu, l, alpha, g) => mul(sub(choleskyInverseKernel.run(gpu, l), matmul(alpha, alpha, { transB: true })), mul(g, 0.5)));
