/** Triangular solves on the cpu in WebAssembly SIMD (assembly/solve.ts). */
import type { Tensor, TriangularSolveOptions } from '../../tensor';
import type { CpuKernelApi } from '../../cpu/kernelApi';
import { wasmCallOf, wasmOnlyCall } from '../../cpu/wasm';

/** X [n,k] with op(L) X = B (as triangularSolveCpu). */
export const triangularSolveWasm = wasmOnlyCall(function triangularSolveWasm(cpu: CpuKernelApi, l: Tensor, b: Tensor, options: TriangularSolveOptions): Tensor {
  const [n, k] = b.shape;
  const x = cpu.output([n, k], b.dtype);
  wasmCallOf(cpu).run(b, [l, b], [x], (kernels, [pl, pb], [px]) => kernels.triangularSolve(pl, pb, px, n, k, options.lower, options.transpose));
  return x;
});
