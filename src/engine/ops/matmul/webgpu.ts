/** Matrix products on the GPU: shaders/matmul.wgsl, split over k when the output is small. */
import { registerKernel } from '../registry';
import { matmulKernel } from '../primitives';
import { groups } from '../../webgpu/kernelApi';
import { wgslShader } from '../../webgpu/layout';

const MATMUL = wgslShader({
  file: 'matmul.wgsl',
  params: { m: 'u32', n: 'u32', k: 'u32', k_chunk: 'u32', row_blocks: 'u32', col_blocks: 'u32', chunks: 'u32', scale_a: 'f32', scale_b: 'f32' },
  // a4 and b4 are a and b again, read four floats at a time.
  bindings: { a: 'read f32', b: 'read f32', out: 'read_write f32', a4: 'read vec4f', b4: 'read vec4f' },
});

/**
 * op(a) op(b) [m,n]. Operands that are lazy transposes or tril() of a buffer (the backward pass
 * is full of them, and the SVGP's tril(S)) are read in place through the kernel's flags.
 */
registerKernel(matmulKernel, 'webgpu', (gpu, a, b, transA, transB) => {
  const m = transA ? a.shape[1] : a.shape[0];
  const k = transA ? a.shape[0] : a.shape[1];
  const n = transB ? b.shape[0] : b.shape[1];
  const oa = gpu.matrixOperand(a);
  const ob = gpu.matrixOperand(b);
  const ta = transA !== oa.transposed;
  const tb = transB !== ob.transposed;
  if (m === 0 || n === 0 || k === 0) {
    const out = gpu.output('f32', [m, n]);
    if (m * n > 0) gpu.clear(out);
    return out;
  }
  const rowBlocks = Math.ceil(m / 4);
  const colBlocks = Math.ceil(n / 4);
  const blocks = rowBlocks * colBlocks;
  // Split k when the output alone cannot keep the GPU (or both cores of a software GPU) busy.
  let chunks = 1;
  if (blocks < 256 && k >= 512) chunks = Math.min(Math.ceil(k / 256), Math.ceil(1024 / blocks));
  // Chunks start at multiples of 4 so that vec4 tile loads stay aligned.
  const kChunk = Math.ceil(Math.ceil(k / chunks) / 4) * 4;
  chunks = Math.ceil(k / kChunk);
  const trilA = oa.tril !== null;
  const trilB = ob.tril !== null;
  const vecA = !trilA && (ta ? m % 4 === 0 : k % 4 === 0);
  const vecB = !trilB && (tb ? k % 4 === 0 : n % 4 === 0);
  const flags = `${ta ? 'T' : 'N'}${tb ? 'T' : 'N'}${vecA ? 'v' : 's'}${vecB ? 'v' : 's'}${trilA ? 'l' : ''}${trilB ? 'L' : ''}`;
  const out = gpu.output('f32', chunks > 1 ? [chunks, m, n] : [m, n]);
  gpu.dispatch(MATMUL, {
    label: `matmul-${flags}`,
    constants: { TRANS_A: ta ? 1 : 0, TRANS_B: tb ? 1 : 0, VEC_A: vecA ? 1 : 0, VEC_B: vecB ? 1 : 0, TRIL_A: trilA ? 1 : 0, TRIL_B: trilB ? 1 : 0 },
    params: { m, n, k, k_chunk: kChunk, row_blocks: rowBlocks, col_blocks: colBlocks, chunks, scale_a: oa.tril ?? 1, scale_b: ob.tril ?? 1 },
    bindings: { a: oa.b, b: ob.b, out, a4: oa.b, b4: ob.b },
    workgroups: groups(blocks * chunks),
  });
  return chunks === 1 ? out : gpu.sumChunks(out, chunks, [m, n]);
});
