/** Random draws on the cpu: the TypeScript generator (random.ts) written into tensors. */
import type { DType, FloatDType, Tensor } from '../../tensor';
import type { Shape } from '../../shape';
import { sizeOf } from '../../shape';
import type { Key } from '../../random';
import { normal, randint, uniform } from '../../random';
import type { CpuKernelApi } from '../../cpu/kernelApi';

/** `values` as a new tensor of this backend. */
function filled(cpu: CpuKernelApi, values: ArrayLike<number>, shape: Shape, dtype: DType): Tensor {
  const out = cpu.output(shape, dtype);
  cpu.data(out).set(values);
  return out;
}

/** Uniform [0, 1) draws [shape]. */
export function randomUniformCpu(cpu: CpuKernelApi, key: Key, shape: Shape, dtype: FloatDType): Tensor {
  return filled(cpu, uniform(key, sizeOf(shape), dtype), shape, dtype);
}

/** Standard normal draws [shape]. */
export function randomNormalCpu(cpu: CpuKernelApi, key: Key, shape: Shape, dtype: FloatDType): Tensor {
  return filled(cpu, normal(key, sizeOf(shape), dtype), shape, dtype);
}

/** JAX's randint [shape] (i32) in [lo, hi). */
export function randintCpu(cpu: CpuKernelApi, key: Key, shape: Shape, lo: number, hi: number): Tensor {
  return filled(cpu, randint(key, sizeOf(shape), lo, hi), shape, 'i32');
}
