/** The Cholesky factor and its backward pass on the GPU, each one workgroup (shaders/cholesky*.wgsl). */
import { registerKernel } from '../registry';
import { choleskyBackwardKernel, choleskyKernel } from '../primitives';
import { wgslShader } from '../../webgpu/layout';

const CHOLESKY = wgslShader({ file: 'cholesky.wgsl', params: { n: 'u32', shift: 'f32' }, bindings: { a: 'read f32', l: 'read_write f32' } });

const CHOLESKY_BACKWARD = wgslShader({
  file: 'cholesky_backward.wgsl',
  params: { n: 'u32' },
  bindings: { l: 'read f32', g: 'read f32', scratch: 'read_write f32', out: 'read_write f32' },
});

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
