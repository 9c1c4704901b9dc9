/** Gathering rows and scatter-adding them back on the cpu. */
import type { Tensor } from '../../tensor';
import type { CpuKernelApi } from '../../cpu/kernelApi';

/** Rows of x [rows, ...] at idx [count] -> [count, ...]; an index out of range throws. */
export function gatherRowsCpu(cpu: CpuKernelApi, x: Tensor, idx: Tensor): Tensor {
  const rows = x.shape[0];
  const width = x.size / Math.max(rows, 1);
  const out = cpu.output([idx.size, ...x.shape.slice(1)], x.dtype);
  const ix = cpu.data(idx);
  const src = cpu.data(x);
  const dst = cpu.data(out);
  if (width === 1) {
    // One value per row (a vector gathered by index, as hierarchical models do per observation):
    // a plain loop, without a subarray per row.
    for (let r = 0; r < ix.length; r++) {
      const i = ix[r];
      if (!(i >= 0 && i < rows)) throw new Error(`gatherRows: index ${i} out of range [0, ${rows})`);
      dst[r] = src[i];
    }
    return out;
  }
  // Element by element: the rows are short (2 inputs, 1 target), so a subarray per row would cost more than the copy.
  for (let r = 0; r < ix.length; r++) {
    const i = ix[r];
    if (!(i >= 0 && i < rows)) throw new Error(`gatherRows: index ${i} out of range [0, ${rows})`);
    const s = i * width;
    const d = r * width;
    for (let j = 0; j < width; j++) dst[d + j] = src[s + j];
  }
  return out;
}

/** The rows of g [count, ...] added into zeros [n, ...] at rows idx. */
export function scatterAddRowsCpu(cpu: CpuKernelApi, g: Tensor, idx: Tensor, n: number): Tensor {
  const width = g.size / Math.max(idx.size, 1);
  const out = cpu.zeros([n, ...g.shape.slice(1)], g.dtype);
  const ix = cpu.data(idx);
  const src = cpu.data(g);
  const dst = cpu.data(out);
  if (width === 1) {
    for (let r = 0; r < ix.length; r++) dst[ix[r]] += src[r];
    return out;
  }
  for (let r = 0; r < ix.length; r++) {
    const o = ix[r] * width;
    for (let j = 0; j < width; j++) dst[o + j] += src[r * width + j];
  }
  return out;
}
