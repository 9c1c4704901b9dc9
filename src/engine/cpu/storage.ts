/** Typed-array storage for the cpu backend. */
import type { DType, TypedArray } from '../tensor';

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
