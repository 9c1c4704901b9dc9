/** Gathering rows and scatter-adding them back on the cpu. */
import type { Tensor } from '../../tensor';
import type { CpuKernelApi } from '../../cpu/kernelApi';

/** Rows of x [rows, ...] at idx [count] -> [count, ...]; an index out of range throws. */
export function gatherRowsCpu(cpu: CpuKernelApi, x: Tensor, idx: Tensor): Tensor {
  const rows = x.shape[0];
  const width = x.size / Math.max(rows, 1);
  const ix = cpu.data(idx);
  const out = cpu.zeros([ix.length, ...x.shape.slice(1)], x.dtype);
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
  for (let r = 0; r < ix.length; r++) {
    const i = ix[r];
    if (!(i >= 0 && i < rows)) throw new Error(`gatherRows: index ${i} out of range [0, ${rows})`);
    dst.set(src.subarray(i * width, (i + 1) * width), r * width);
  }
  return out;
}

/** The rows of g [count, ...] added into zeros [n, ...] at rows idx. */
export function scatterAddRowsCpu(cpu: CpuKernelApi, g: Tensor, idx: Tensor, n: number): Tensor {
  const ix = cpu.data(idx);
  const width = g.size / Math.max(ix.length, 1);
  const out = cpu.zeros([n, ...g.shape.slice(1)], g.dtype);
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
