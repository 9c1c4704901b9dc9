/** Cutting a flat vector into named blocks (the guides' latents), with the adjoint as backward; kernels in cpu.ts and webgpu.ts. */
import type { Tensor } from '../../tensor';
import type { Shape } from '../../shape';
import { sizeOf } from '../../shape';
import { record } from '../../autodiff';
import { defineKernel } from '../registry';
import { padFlatCpu, sliceFlatCpu } from './cpu';

/** Elements [offset, offset + size(shape)) of x in row-major order, as a tensor of `shape`. */
export const sliceFlatKernel = defineKernel('sliceFlat', sliceFlatCpu);
/** Zeros of `shape` with the elements of g written from row-major position `offset` (the adjoint of sliceFlat). */
export const padFlatKernel = defineKernel('padFlat', padFlatCpu);

/**
 * Elements [offset, offset + size(shape)) of x in row-major order, viewed as `shape`: how a flat
 * parameter or latent vector is cut into named blocks. Backward: the cotangent written back at
 * the same positions of a zero tensor shaped like x.
 */
export function sliceFlat(x: Tensor, offset: number, shape: Shape): Tensor {
  const n = sizeOf(shape);
  if (!Number.isInteger(offset) || offset < 0 || offset + n > x.size) {
    throw new Error(`sliceFlat: elements [${offset}, ${offset + n}) are outside a tensor of size ${x.size}`);
  }
  const out = sliceFlatKernel.run(x.backend, x, offset, shape);
  return record(out, [x], 'sliceFlat', (g) => [padFlatKernel.run(g.backend, g, offset, x.shape)]);
}
