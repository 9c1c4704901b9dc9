/**
 * Shared by the WebAssembly kernel tests (Node and browser): a fresh kernel instance, arrays of
 * either dtype, a scope that frees what a case allocated, and the error measures the tests assert.
 */
import type { WasmDType, WasmKernels } from './kernels';
import { instantiateWasmKernels, wasmKernelBytes } from './kernels';

export const DTYPES: readonly WasmDType[] = ['f64', 'f32'];

/** A new instance of the kernel module (its own memory). */
export async function freshKernels(): Promise<WasmKernels> {
  return instantiateWasmKernels(await wasmKernelBytes());
}

/** `values` as a typed array of `dtype` (rounded to float32 where asked). */
export function typed(dtype: WasmDType, values: ArrayLike<number>): Float64Array | Float32Array {
  return dtype === 'f64' ? Float64Array.from(values) : Float32Array.from(values);
}

/** A zero array of `dtype`. */
export function zeros(dtype: WasmDType, n: number): Float64Array | Float32Array {
  return dtype === 'f64' ? new Float64Array(n) : new Float32Array(n);
}

/**
 * Runs `fn` and frees everything it allocated. Outputs the kernels should overwrite are
 * allocated with `garbage` (NaN everywhere), so a test sees any entry a kernel forgets to write.
 */
export function inArena<R>(k: WasmKernels, fn: (io: ArenaIo) => R): R {
  const blocks: number[] = [];
  const keep = (p: number) => (blocks.push(p), p);
  try {
    return fn({
      input: (dtype, data) => keep(k.put(dtype, data)),
      garbage: (dtype, n) => keep(k.put(dtype, new Float64Array(n).fill(NaN))),
      read: (dtype, ptr, n) => k.read(dtype, ptr, n),
    });
  } finally {
    for (const p of blocks) k.free(p);
  }
}

export interface ArenaIo {
  /** Copies data in; returns its pointer. */
  input(dtype: WasmDType, data: ArrayLike<number>): number;
  /** Room for n elements, all NaN. */
  garbage(dtype: WasmDType, n: number): number;
  /** A copy of n elements at ptr. */
  read(dtype: WasmDType, ptr: number, n: number): Float64Array | Float32Array;
}

/** max |actual - expected| / max |expected| (the absolute error when expected is all zero); Infinity if NaNs differ. */
export function normwiseError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  if (actual.length !== expected.length) return Infinity;
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i];
    const a = actual[i];
    if (Number.isNaN(e) || Number.isNaN(a)) {
      if (Number.isNaN(e) !== Number.isNaN(a)) return Infinity;
      continue;
    }
    if (e === a) {
      scale = Math.max(scale, Math.abs(e));
      continue;
    }
    diff = Math.max(diff, Math.abs(a - e));
    scale = Math.max(scale, Math.abs(e));
  }
  return scale > 0 ? diff / scale : diff;
}

/** max over i of |actual_i - expected_i| / |expected_i| (equal values, including infinities and NaN, count 0). */
export function elementwiseError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  if (actual.length !== expected.length) return Infinity;
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i];
    const a = actual[i];
    if (Object.is(a, e) || a === e || (Number.isNaN(a) && Number.isNaN(e))) continue;
    worst = Math.max(worst, e === 0 ? Infinity : Math.abs(a - e) / Math.abs(e));
  }
  return worst;
}

/** Tolerances of the comparisons against the TypeScript kernels: float64 to 1e-12, float32 to a few units of its rounding. */
export const TOLERANCE: Record<WasmDType, number> = { f64: 1e-12, f32: 2e-5 };
