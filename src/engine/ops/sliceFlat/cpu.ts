/** Flat slices and their adjoint on the cpu. */
import type { Tensor } from '../../tensor';
import type { Shape } from '../../shape';
import type { CpuKernelApi } from '../../cpu/kernelApi';

/** Elements [offset, offset + size(shape)) of x as a tensor of `shape`. */
export function sliceFlatCpu(cpu: CpuKernelApi, x: Tensor, offset: number, shape: Shape): Tensor {
  // A view: cpu tensors are immutable, so sharing the parent's memory is safe and free.
  return cpu.view(x, offset, shape);
}

/** Zeros of `shape` with g's elements written from row-major position `offset` on. */
export function padFlatCpu(cpu: CpuKernelApi, g: Tensor, offset: number, shape: Shape): Tensor {
  const out = cpu.zeros(shape, g.dtype);
  cpu.data(out).set(cpu.data(g), offset);
  return out;
}
