/** The weighted Gram matrix (shaders/weighted_gram.wgsl) and the column quadratic forms on the GPU. */
import { registerKernel } from '../registry';
import { groups } from '../../webgpu/kernelApi';
import { wgslShader } from '../../webgpu/layout';
import { columnQuadFormKernel, weightedGramKernel } from './gram';

const WEIGHTED_GRAM = wgslShader({
  file: 'weighted_gram.wgsl',
  // blocks: 2x2 blocks per side, ceil(m / 2); w: the constant weight when CONST_W.
  params: { m: 'u32', n: 'u32', n_chunk: 'u32', chunks: 'u32', blocks: 'u32', w: 'f32' },
  // a4 and g4 are a and g again, read four floats at a time.
  bindings: { a: 'read f32', g: 'read f32', out: 'read_write f32', a4: 'read vec4f', g4: 'read vec4f' },
});

registerKernel(weightedGramKernel, 'webgpu', (gpu, a, g) => {
  const [m, n] = a.shape;
  // gram(a) passes a constant weight of ones: use it as a number, never as a buffer.
  const constW = gpu.constantValue(g);
  if (m === 0 || n === 0) {
    const out = gpu.output(a.dtype, [m, m]);
    if (m > 0) gpu.clear(out);
    return out;
  }
  const blocks = Math.ceil(m / 2);
  const items = (blocks * (blocks + 1)) / 2;
  let chunks = 1;
  if (items < 512 && n >= 512) chunks = Math.min(Math.ceil(n / 256), Math.ceil(2048 / items));
  const vec = n % 4 === 0;
  const nChunk = vec ? Math.ceil(Math.ceil(n / chunks) / 4) * 4 : Math.ceil(n / chunks);
  chunks = Math.ceil(n / nChunk);
  const w = constW === null ? g : a;
  // Inputs first, then the output: the same order of pool requests every step (see rbf/webgpu.ts).
  gpu.buffer(a);
  gpu.buffer(w);
  const out = gpu.output(a.dtype, chunks > 1 ? [chunks, m, m] : [m, m]);
  gpu.dispatch(WEIGHTED_GRAM, {
    label: `weighted-gram-${constW === null ? 'w' : 'c'}${vec ? 'v' : 's'}`,
    constants: { CONST_W: constW === null ? 0 : 1, VEC: vec ? 1 : 0 },
    params: { m, n, n_chunk: nChunk, chunks, blocks, w: constW ?? 1 },
    bindings: { a, g: w, out, a4: a, g4: w },
    workgroups: groups(blocks * blocks * chunks),
  });
  return chunks === 1 ? out : gpu.sumChunks(out, chunks, [m, m]);
});

registerKernel(columnQuadFormKernel, 'webgpu', (gpu, w, a) => {
  // q_j = sum_i a_ij (w a)_ij: the matrix product in the tiled kernel, then one fused
  // reduction of a * (w a) over rows (the product is never multiplied out elementwise).
  const n = a.shape[1];
  const wa = gpu.matmul(w, a, false, false);
  const prod = gpu.binary('mul', a, wa);
  const q = gpu.sum(prod, [0]);
  gpu.dispose(prod);
  gpu.dispose(wa);
  return gpu.reshape(q, [n]);
});
