/**
 * Storage of cpu tensors: a typed array in JavaScript memory (collected by the garbage
 * collector), or a block of the WebAssembly kernels' memory (a recorded step's tensors, which
 * the kernels read and write in place, freed with the step).
 */
import type { DType, TypedArray } from '../tensor';
import type { WasmKernels } from '../wasm/kernels';

export function allocate(dtype: DType, n: number): TypedArray {
  switch (dtype) {
    case 'f64':
      return new Float64Array(n);
    case 'f32':
      return new Float32Array(n);
    case 'i32':
      return new Int32Array(n);
  }
}

export function fromValues(dtype: DType, data: ArrayLike<number>): TypedArray {
  const out = allocate(dtype, data.length);
  for (let i = 0; i < data.length; i++) out[i] = data[i];
  return out;
}

/** Bytes per element. */
export function elementBytes(dtype: DType): number {
  return dtype === 'f64' ? 8 : 4;
}

/**
 * `length` elements of `dtype` at byte offset `ptr` of the kernels' memory. Its typed array is
 * made on demand and again after the memory grew: growth detaches every view of the old buffer,
 * which then reads as empty, so a view of the wrong length is one to make again (checking the
 * length costs less than asking the memory for its buffer at every read).
 */
export class WasmBlock {
  private made = false;
  private cached: TypedArray = new Float64Array(0);

  constructor(
    readonly wasm: WasmKernels,
    readonly ptr: number,
    readonly length: number,
    readonly dtype: DType,
  ) {}

  /** The elements as a typed array (do not keep it across an allocation in the kernels' memory). */
  view(): TypedArray {
    // An empty block cannot tell by its length: it asks for the buffer.
    if (!this.made || this.cached.length !== this.length || (this.length === 0 && this.cached.buffer !== this.wasm.memory.buffer)) {
      this.made = true;
      const first = this.ptr / elementBytes(this.dtype);
      const end = first + this.length;
      this.cached =
        this.dtype === 'f64'
          ? this.wasm.f64View().subarray(first, end)
          : this.dtype === 'f32'
            ? this.wasm.f32View().subarray(first, end)
            : this.wasm.i32View().subarray(first, end);
    }
    return this.cached;
  }

  /** Elements [offset, offset + length) of this block, sharing its memory. */
  slice(offset: number, length: number): WasmBlock {
    return new WasmBlock(this.wasm, this.ptr + offset * elementBytes(this.dtype), length, this.dtype);
  }
}

/** What a cpu tensor's storage is. */
export type CpuStorage = TypedArray | WasmBlock;
