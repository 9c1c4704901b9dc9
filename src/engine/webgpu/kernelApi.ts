/**
 * What a webgpu kernel is handed (see ops/registry.ts): the webgpu backend's primitives and a
 * small internal API over its buffers, its lazy tensors and its command stream. Kernels never
 * see the device, the pool or the fusion engine: they allocate outputs, bind tensors (computed
 * on demand) to a declared shader, name its parameters, and build lazy expressions that fuse
 * into whatever reads them.
 *
 * This module holds types and two pure helpers only, so that naming the API loads no WebGPU code.
 */
import type { Backend, DType, Tensor } from '../tensor';
import type { Shape } from '../shape';
import type { BindingSpec, ParamSpec, ParamValues, WgslShader } from './layout';
import type { PooledBuffer } from './pool';
import type { Affine } from './storage';

/** How one dispatch of a declared shader is recorded: named parameter values and buffers. */
export interface DispatchCall<P extends ParamSpec, B extends BindingSpec> {
  params: ParamValues<P>;
  /** A tensor (its buffer, computed first if lazy) or a scratch buffer for every declared binding. */
  bindings: { readonly [K in keyof B]: Tensor | PooledBuffer };
  workgroups: number;
  entryPoint?: string;
  /** Pipeline-overridable constants (WGSL `override`); each set of values is its own pipeline. */
  constants?: Readonly<Record<string, number>>;
  /** The pipeline's label in profiles and error messages (default: the file name, and the entry point). */
  label?: string;
}

/** A matrix kernel's view of an operand: its buffer, read as it is, transposed, or through tril(). */
export interface MatrixOperand {
  b: PooledBuffer;
  transposed: boolean;
  /** The diagonal scale of a tril() mask, or null for the whole matrix. */
  tril: number | null;
}

export interface GpuKernelApi extends Backend {
  readonly name: 'webgpu';
  /** On software adapters kernels whose invocations are independent use tiny workgroups. */
  readonly smallWorkgroups: boolean;

  /**
   * A new tensor backed by a fresh buffer whose contents are undefined until a kernel writes them.
   * The pool hands out buffers by request order: ask for outputs in the same order every call
   * (inputs computed first, with buffer()) and a training step reuses the same buffers, and so
   * the same cached bind groups, step after step.
   */
  output(dtype: DType, shape: Shape): Tensor;
  /** The buffer holding t's values, computing a lazy t first. */
  buffer(t: Tensor): PooledBuffer;
  /** A buffer for the intermediate values of one dispatch; give it back with releaseScratch right after. */
  scratch(bytes: number): PooledBuffer;
  releaseScratch(b: PooledBuffer): void;
  /**
   * Records one dispatch of a declared shader: computes the tensors it binds (which may record
   * kernels of their own), then writes its parameter block by name and records the dispatch.
   */
  dispatch<P extends ParamSpec, B extends BindingSpec>(shader: WgslShader<P, B>, call: DispatchCall<P, B>): void;
  /** Zero-fills the buffer of an output tensor (a copy command, no kernel). */
  clear(t: Tensor): void;
  /** Copies all of src into dst's buffer from element `dstOffset` on (a copy command, no kernel). */
  copy(src: Tensor, dst: Tensor, dstOffset: number): void;

  /** An operand of a matrix kernel: a lazy transpose or tril() of a buffer is read in place, not copied. */
  matrixOperand(t: Tensor): MatrixOperand;
  /** Sums partial results [chunks, ...shape] over the first axis (split-k), releasing them. */
  sumChunks(partial: Tensor, chunks: number, shape: Shape): Tensor;

  /** A lazy re-indexing: element c of the result is x, read as shape `readAs`, at map(c). */
  view(x: Tensor, shape: Shape, map: Affine, readAs?: Shape): Tensor;
  /** A lazy elementwise call of a function of shaders/special.wgsl on same-shape arguments. */
  call(fn: string, dtype: DType, shape: Shape, args: readonly Tensor[]): Tensor;
  /** Size of t's pending expression tree (0 once it is computed). */
  lazyCost(t: Tensor): number;
  /** Computes several lazy tensors of one shape in one fused kernel (shared subexpressions once). */
  computeTogether(ts: readonly Tensor[]): void;
  /** The value of a tensor that is a lazy constant (a `full`), else null. */
  constantValue(t: Tensor): number | null;
}

/** Workgroups for `items` work items at 64 invocations each, `per` items per invocation. */
export function groups(items: number, per = 1): number {
  return Math.max(1, Math.min(65535, Math.ceil(items / (64 * per))));
}

/** Throws for float64, which WebGPU does not have. */
export function checkGpuDtype(dtype: DType, op: string): void {
  if (dtype === 'f64') {
    throw new Error(`webgpu backend: ${op} asked for float64, which WebGPU does not have; create the tensors with dtype 'f32'`);
  }
}
