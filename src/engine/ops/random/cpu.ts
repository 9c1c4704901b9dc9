/** Random draws on the cpu: the TypeScript generator (random.ts) written into tensors. */
import type { FloatDType, Tensor } from '../../tensor';
import type { Shape } from '../../shape';
import type { Key } from '../../random';
import { normalInto, randintInto, uniformInto } from '../../random';
import type { CpuKernelApi } from '../../cpu/kernelApi';

// The generator writes straight into the output: no array is made, so a replayed step allocates nothing.

/** Uniform [0, 1) draws [shape]. */
export function randomUniformCpu(cpu: CpuKernelApi, key: Key, shape: Shape, dtype: FloatDType): Tensor {
  const out = cpu.output(shape, dtype);
  uniformInto(key, cpu.data(out) as Float64Array | Float32Array);
  return out;
}

/** Standard normal draws [shape]. */
export function randomNormalCpu(cpu: CpuKernelApi, key: Key, shape: Shape, dtype: FloatDType): Tensor {
  const out = cpu.output(shape, dtype);
  normalInto(key, cpu.data(out) as Float64Array | Float32Array);
  return out;
}

/** JAX's randint [shape] (i32) in [lo, hi). */
export function randintCpu(cpu: CpuKernelApi, key: Key, shape: Shape, lo: number, hi: number): Tensor {
  const out = cpu.output(shape, 'i32');
  randintInto(key, cpu.data(out) as Int32Array, lo, hi);
  return out;
}
