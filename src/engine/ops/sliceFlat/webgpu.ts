/** Flat slices (lazy views, no kernel) and their adjoint (two copy commands) on the GPU. */
import { stridesOf } from '../../shape';
import { registerKernel } from '../registry';
import { padFlatKernel, sliceFlatKernel } from './sliceFlat';

registerKernel(sliceFlatKernel, 'webgpu', (gpu, x, offset, shape) => {
  // Coordinate c of the slice is flat element offset + (row-major index of c) of x.
  const coef = stridesOf(shape);
  // x is read as the flat vector [size]: a lazy value of rank > 1 is computed first ...
  if (gpu.lazyCost(x) > 0 && x.shape.filter((d) => d !== 1).length > 1) gpu.buffer(x);
  if (gpu.lazyCost(x) === 0) return gpu.view(x, shape, { rows: [coef], off: [offset] }, [x.size]);
  // ... and a lazy value with at most one non-unit dimension through that coordinate.
  const rows = x.shape.map((d) => (d === 1 ? coef.map(() => 0) : coef));
  const off = x.shape.map((d) => (d === 1 ? 0 : offset));
  return gpu.view(x, shape, { rows, off });
});

registerKernel(padFlatKernel, 'webgpu', (gpu, g, offset, shape) => {
  // Zeros, then the values copied in at their position: two copy commands, no kernel.
  const out = gpu.output(g.dtype, shape);
  gpu.clear(out);
  if (g.size > 0) gpu.copy(g, out, offset);
  return out;
});
