/** Random draws on the cpu: the TypeScript generator (random.ts) written into tensors. */
import type { FloatDType, Tensor } from '../../tensor';
import type { Shape } from '../../shape';
import { sizeOf } from '../../shape';
import type { Key } from '../../random';
import { normal, randint, uniform } from '../../random';
import type { CpuKernelApi } from '../../cpu/kernelApi';

/** Uniform [0, 1) draws [shape]. */
export function randomUniformCpu(cpu: CpuKernelApi, key: Key, shape: Shape, dtype: FloatDType): Tensor {
  return cpu.wrap(uniform(key, sizeOf(shape), dtype), shape, dtype);
}

/** Standard normal draws [shape]. */
export function randomNormalCpu(cpu: CpuKernelApi, key: Key, shape: Shape, dtype: FloatDType): Tensor {
  return cpu.wrap(normal(key, sizeOf(shape), dtype), shape, dtype);
}

/** JAX's randint [shape] (i32) in [lo, hi). */
export function randintCpu(cpu: CpuKernelApi, key: Key, shape: Shape, lo: number, hi: number): Tensor {
  return cpu.wrap(randint(key, sizeOf(shape), lo, hi), shape, 'i32');
}
