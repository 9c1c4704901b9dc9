/** Gathering rows and scatter-adding them back on the GPU (shaders/gather_rows.wgsl, scatter_add_rows.wgsl). */
import { sizeOf } from '../../shape';
import { registerKernel } from '../registry';
import { gatherRowsKernel, scatterAddRowsKernel } from '../primitives';
import { checkGpuDtype, groups } from '../../webgpu/kernelApi';
import { wgslShader } from '../../webgpu/layout';

const GATHER_ROWS = wgslShader({
  file: 'gather_rows.wgsl',
  params: { count: 'u32', width: 'u32', rows: 'u32' },
  bindings: { x: 'read u32', idx: 'read i32', out: 'read_write u32' },
});

const SCATTER_ADD_ROWS = wgslShader({
  file: 'scatter_add_rows.wgsl',
  params: { count: 'u32', width: 'u32', rows: 'u32' },
  bindings: { g: 'read f32', idx: 'read i32', out: 'read_write atomic<u32>' },
});

/** Rows of x [rows, ...] at idx [count] -> [count, ...], moved as bit patterns (any dtype). */
registerKernel(gatherRowsKernel, 'webgpu', (gpu, x, idx) => {
  const rows = x.shape[0];
  const count = idx.shape[0];
  const width = rows > 0 ? x.size / rows : sizeOf(x.shape.slice(1));
  const out = gpu.output(x.dtype, [count, ...x.shape.slice(1)]);
  if (count * width > 0) gpu.dispatch(GATHER_ROWS, { params: { count, width, rows }, bindings: { x, idx, out }, workgroups: groups(count * width, 4) });
  return out;
});

/** The rows of g [count, ...] added into zeros [n, ...] at rows idx (float32). */
registerKernel(scatterAddRowsKernel, 'webgpu', (gpu, g, idx, n) => {
  checkGpuDtype(g.dtype, 'scatterAddRows');
  if (g.dtype !== 'f32') throw new Error('webgpu backend: scatterAddRows adds float32 rows only');
  const count = idx.shape[0];
  const width = count > 0 ? g.size / count : sizeOf(g.shape.slice(1));
  const work = count * width > 0;
  if (work) {
    // Computed before the output is cleared, so that the clear (a copy command) and the
    // dispatch stay next to each other.
    gpu.buffer(g);
    gpu.buffer(idx);
  }
  const out = gpu.output(g.dtype, [n, ...g.shape.slice(1)]);
  gpu.clear(out);
  if (work) gpu.dispatch(SCATTER_ADD_ROWS, { params: { count, width, rows: n }, bindings: { g, idx, out }, workgroups: groups(count * width, 4) });
  return out;
});
