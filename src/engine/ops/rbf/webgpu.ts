/** The RBF kernel and its backward pass on the GPU (shaders/rbf.wgsl, shaders/rbf_backward.wgsl). */
import { registerKernel } from '../registry';
import { groups } from '../../webgpu/kernelApi';
import { wgslShader } from '../../webgpu/layout';
import { rbfBackwardKernel, rbfKernel } from './rbf';

const RBF = wgslShader({
  file: 'rbf.wgsl',
  params: { p: 'u32', q: 'u32', d: 'u32' },
  bindings: { a: 'read f32', b: 'read f32', log_variance: 'read f32', log_lengthscale: 'read f32', k: 'read_write f32' },
});

const RBF_BACKWARD = wgslShader({
  file: 'rbf_backward.wgsl',
  params: { p: 'u32', q: 'u32', d: 'u32', q_chunk: 'u32', chunks: 'u32' },
  bindings: {
    a: 'read f32',
    b: 'read f32',
    log_lengthscale: 'read f32',
    kmat: 'read f32',
    g: 'read f32',
    out: 'read_write f32',
    partial: 'read_write f32',
  },
});

registerKernel(rbfKernel, 'webgpu', (gpu, a, b, logVariance, logLengthscale) => {
  const [p, d] = a.shape;
  const q = b.shape[0];
  const k = gpu.output(a.dtype, [p, q]);
  if (p * q > 0) {
    gpu.dispatch(RBF, { params: { p, q, d }, bindings: { a, b, log_variance: logVariance, log_lengthscale: logLengthscale, k }, workgroups: groups(q) });
  }
  return k;
});

registerKernel(rbfBackwardKernel, 'webgpu', (gpu, a, b, logLengthscale, k, g) => {
  const [p, d] = a.shape;
  const q = b.shape[0];
  // dA sums over q, which is long for a full batch: chunks of columns, summed afterwards.
  const qChunk = Math.max(256, Math.ceil(q / Math.max(1, Math.floor(4096 / Math.max(1, p)))));
  const chunks = Math.max(1, Math.ceil(q / qChunk));
  const work = p * q > 0 && d > 0;
  // The inputs are computed before the outputs are allocated: the pool then hands every step
  // the same buffers in the same roles, and the cached bind groups keep serving.
  const inputs = { a, b, log_lengthscale: logLengthscale, kmat: k, g };
  if (work) for (const t of Object.values(inputs)) gpu.buffer(t);
  const dB = gpu.output(a.dtype, [q, d]);
  const partial = gpu.output(a.dtype, [2, q]);
  const dAparts = gpu.output(a.dtype, chunks > 1 ? [chunks, p, d] : [p, d]);
  if (work) {
    const params = { p, q, d, q_chunk: qChunk, chunks };
    gpu.dispatch(RBF_BACKWARD, { entryPoint: 'cols', params, bindings: { ...inputs, out: dB, partial }, workgroups: groups(q) });
    gpu.dispatch(RBF_BACKWARD, { entryPoint: 'rows', params, bindings: { ...inputs, out: dAparts, partial }, workgroups: groups(p * chunks) });
  } else {
    for (const t of [dAparts, dB, partial]) gpu.clear(t);
  }
  const dA = chunks > 1 ? gpu.sumChunks(dAparts, chunks, [p, d]) : dAparts;
  // The two scalars: row sums of partial [2, q] (lazy when small: evaluated inside whatever
  // consumes them, the Adam update of the two hyperparameters), read as element views.
  const sums = q > 0 ? gpu.sum(partial, [1]) : gpu.full([2, 1], 0, a.dtype);
  gpu.dispose(partial);
  const element = (i: number) => gpu.view(sums, [], { rows: [[], []], off: [i, 0] });
  const grads = { dA, dB, dLogVariance: element(0), dLogLengthscale: element(1) };
  gpu.dispose(sums);
  return grads;
});
