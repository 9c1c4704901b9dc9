/**
 * What a cpu kernel is handed (see ops/registry.ts): the cpu backend's primitives, and direct
 * access to the typed arrays that hold its tensors.
 *
 * One rule: take a tensor's array (`data`) after making the kernel's outputs. While a step is
 * recorded its tensors live in the WebAssembly kernels' memory, and making a tensor may grow that
 * memory, which empties every typed array taken over it before.
 */
import type { Backend, DType, Tensor, TypedArray } from '../tensor';
import type { Shape } from '../shape';
import type { WasmCall } from './wasm';

export interface CpuKernelApi extends Backend {
  readonly name: 'cpu';
  /** A new tensor of zeros, for a kernel to write its result into. */
  zeros(shape: Shape, dtype: DType): Tensor;
  /** A new tensor whose every element the kernel writes (its contents are undefined until then). */
  output(shape: Shape, dtype: DType): Tensor;
  /** The values of a tensor of this backend, row-major: read them; write only tensors just made. */
  data(t: Tensor): TypedArray;
  /** Elements [offset, offset + size(shape)) of x as a tensor sharing x's memory (cpu tensors are never written once made). */
  view(x: Tensor, offset: number, shape: Shape): Tensor;
  /** Calls a kernel: fn(this, ...args) (a recorded step keeps the call, to replay it). */
  invoke<A extends readonly unknown[], R>(fn: (cpu: CpuKernelApi, ...args: A) => R, ...args: A): R;
  /** The WebAssembly kernels and the pointers of one call's tensors, or null where the TypeScript kernels run. */
  wasmCall(): WasmCall | null;
}
