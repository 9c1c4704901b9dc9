/**
 * The Backend primitives that have kernels of their own (matmul, gather/scatter of rows, the
 * Cholesky factor and its backward pass, the triangular solve, random draws): their kernel
 * definitions, and the one implementation of those Backend methods that every backend class
 * inherits, which runs the kernel registered for that backend. So the primitives stay in the
 * Backend contract while their kernels live with their ops (ops/<op>/cpu.ts, webgpu.ts), and a
 * faster variant registered later (a WebAssembly cpu matmul) is picked up without touching
 * the backend classes.
 *
 * This module and the cpu kernels it names import no op and no backend, so a backend class can
 * extend KernelPrimitives whatever module is loaded first.
 */
import type { Backend, BackendName, FloatDType, Tensor, TriangularSolveOptions } from '../tensor';
import type { Shape } from '../shape';
import { defineKernel } from './registry';
import { matmulCpu } from './matmul/cpu';
import { gatherRowsCpu, scatterAddRowsCpu } from './gatherRows/cpu';
import { choleskyBackwardCpu, choleskyCpu } from './cholesky/cpu';
import { triangularSolveCpu } from './triangularSolve/cpu';
import { randintCpu, randomNormalCpu, randomUniformCpu } from './random/cpu';
import { defineKernelWithWasm } from '../cpu/wasm';
import { matmulWasm } from './matmul/wasm';
import { choleskyBackwardWasm, choleskyWasm } from './cholesky/wasm';
import { triangularSolveWasm } from './triangularSolve/wasm';

export const matmulKernel = defineKernelWithWasm('matmul', matmulCpu, matmulWasm);
export const gatherRowsKernel = defineKernel('gatherRows', gatherRowsCpu);
export const scatterAddRowsKernel = defineKernel('scatterAddRows', scatterAddRowsCpu);
export const choleskyKernel = defineKernelWithWasm('cholesky', choleskyCpu, choleskyWasm);
export const choleskyBackwardKernel = defineKernelWithWasm('choleskyBackward', choleskyBackwardCpu, choleskyBackwardWasm);
export const triangularSolveKernel = defineKernelWithWasm('triangularSolve', triangularSolveCpu, triangularSolveWasm);
export const randomUniformKernel = defineKernel('randomUniform', randomUniformCpu);
export const randomNormalKernel = defineKernel('randomNormal', randomNormalCpu);
export const randintKernel = defineKernel('randint', randintCpu);


/** The kernel-backed part of the Backend contract, shared by the backend classes (see Backend for each method). */
export abstract class KernelPrimitives {
  abstract readonly name: BackendName;

  matmul(this: Backend, a: Tensor, b: Tensor, transA: boolean, transB: boolean): Tensor {
    return matmulKernel.run(this, a, b, transA, transB);
  }

  gatherRows(this: Backend, x: Tensor, idx: Tensor): Tensor {
    return gatherRowsKernel.run(this, x, idx);
  }

  scatterAddRows(this: Backend, g: Tensor, idx: Tensor, n: number): Tensor {
    return scatterAddRowsKernel.run(this, g, idx, n);
  }

  cholesky(this: Backend, a: Tensor, shift: number): Tensor {
    return choleskyKernel.run(this, a, shift);
  }

  choleskyBackward(this: Backend, l: Tensor, lBar: Tensor): Tensor {
    return choleskyBackwardKernel.run(this, l, lBar);
  }

  triangularSolve(this: Backend, l: Tensor, b: Tensor, options: TriangularSolveOptions): Tensor {
    return triangularSolveKernel.run(this, l, b, options);
  }

  randomUniform(this: Backend, key: Uint32Array, shape: Shape, dtype: FloatDType): Tensor {
    return randomUniformKernel.run(this, key, shape, dtype);
  }

  randomNormal(this: Backend, key: Uint32Array, shape: Shape, dtype: FloatDType): Tensor {
    return randomNormalKernel.run(this, key, shape, dtype);
  }

  randint(this: Backend, key: Uint32Array, shape: Shape, lo: number, hi: number): Tensor {
    return randintKernel.run(this, key, shape, lo, hi);
  }
}
