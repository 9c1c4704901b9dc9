/** C^{-1} from the Cholesky factor on the cpu in WebAssembly SIMD (assembly/linalg.ts). */
import type { Tensor } from '../../tensor';
import type { CpuKernelApi } from '../../cpu/kernelApi';
import { wasmCallOf, wasmOnlyCall } from '../../cpu/wasm';

/** C^{-1} [n,n] from the lower Cholesky factor l [n,n] of C (as choleskyInverseCpu). */
export const choleskyInverseWasm = wasmOnlyCall(function choleskyInverseWasm(cpu: CpuKernelApi, l: Tensor): Tensor {
  const n = l.shape[0];
  const out = cpu.output([n, n], l.dtype);
  // Scratch for L^{-1}: a tensor of its own, so that a recorded step keeps it with its other buffers.
  const work = cpu.output([n, n], l.dtype);
  wasmCallOf(cpu).run(l, [l], [out, work], (kernels, [pl], [po, pw]) => kernels.choleskyInverse(pl, po, n, pw));
  return out;
});

/** g/2 (C^{-1} - alpha alpha^T) [n,n] from l [n,n], alpha [n,1], g [] (as invQuadLogdetGradCpu). */
export const invQuadLogdetGradWasm = wasmOnlyCall(function invQuadLogdetGradWasm(cpu: CpuKernelApi, l: Tensor, alpha: Tensor, g: Tensor): Tensor {
  const n = l.shape[0];
  const out = cpu.output([n, n], l.dtype);
  const work = cpu.output([n, n], l.dtype);
  wasmCallOf(cpu).run(l, [l, alpha, g], [out, work], (kernels, [pl, pa, pg], [po, pw]) => kernels.choleskyInverse(pl, po, n, pw, pa, pg));
  return out;
});
