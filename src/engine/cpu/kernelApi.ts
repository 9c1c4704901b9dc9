/**
 * What a cpu kernel is handed (see ops/registry.ts): the cpu backend's primitives, and direct
 * access to the typed arrays that hold its tensors.
 */
import type { Backend, DType, Tensor, TypedArray } from '../tensor';
import type { Shape } from '../shape';

export interface CpuKernelApi extends Backend {
  readonly name: 'cpu';
  /** A new tensor of zeros, for a kernel to write its result into. */
  zeros(shape: Shape, dtype: DType): Tensor;
  /** The values of a tensor of this backend, row-major: read them; write only tensors just made. */
  data(t: Tensor): TypedArray;
  /**
   * A tensor over `values` as they are, never copied; with `view`, memory that belongs to another
   * tensor (safe because cpu tensors are never written after they are made).
   */
  wrap(values: TypedArray, shape: Shape, dtype: DType, view?: boolean): Tensor;
}
