/** Triangular solves on the cpu in WebAssembly SIMD (assembly/solve.ts). */
import type { Tensor, TriangularSolveOptions } from '../../tensor';
import type { CpuKernelApi } from '../../cpu/kernelApi';
import { wasmCallOf } from '../../cpu/wasm';

/** X [n,k] with op(L) X = B (as triangularSolveCpu). */
export function triangularSolveWasm(cpu: CpuKernelApi, l: Tensor, b: Tensor, options: TriangularSolveOptions): Tensor {
  const [n, k] = b.shape;
  const x = cpu.output([n, k], b.dtype);
  const w = wasmCallOf(cpu);
  const pl = w.input(l);
  const pb = w.input(b);
  const px = w.output(x);
  w.kernels(b).triangularSolve(pl, pb, px, n, k, options.lower, options.transpose);
  w.end();
  return x;
}
