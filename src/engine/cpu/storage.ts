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
 * made on demand and again after the memory grew (growth detaches every view of the old buffer).
 */
export class WasmBlock {
  private buffer: ArrayBuffer | null = null;
  private cached: TypedArray = new Float64Array(0);

  constructor(
    readonly wasm: WasmKernels,
    readonly ptr: number,
    readonly length: number,
    readonly dtype: DType,
  ) {}

  /** The elements as a typed array (do not keep it across an allocation in the kernels' memory). */
  view(): TypedArray {
    const buffer = this.wasm.memory.buffer;
    if (buffer !== this.buffer) {
      this.buffer = buffer;
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
