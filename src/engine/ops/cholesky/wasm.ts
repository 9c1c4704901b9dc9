/** The Cholesky factor and its backward pass on the cpu in WebAssembly SIMD (assembly/linalg.ts). */
import type { Tensor } from '../../tensor';
import type { CpuKernelApi } from '../../cpu/kernelApi';
import { wasmCallOf, wasmOnlyCall } from '../../cpu/wasm';

/** L [n,n] with L L^T = a + shift I (as choleskyCpu). */
export const choleskyWasm = wasmOnlyCall(function choleskyWasm(cpu: CpuKernelApi, a: Tensor, shift: number): Tensor {
  const n = a.shape[0];
  const l = cpu.output([n, n], a.dtype);
  wasmCallOf(cpu).run(a, [a], [l], (kernels, [pa], [pl]) => kernels.cholesky(pa, pl, n, shift));
  return l;
});

/** Ā [n,n] from L and L̄ (Murray 2016; as choleskyBackwardCpu). */
export const choleskyBackwardWasm = wasmOnlyCall(function choleskyBackwardWasm(cpu: CpuKernelApi, l: Tensor, lBar: Tensor): Tensor {
  const n = l.shape[0];
  const out = cpu.output([n, n], l.dtype);
  // Scratch for tril(L̄): a tensor of its own, so that a recorded step keeps it with its other buffers.
  const work = cpu.output([n, n], l.dtype);
  wasmCallOf(cpu).run(l, [l, lBar], [out, work], (kernels, [pl, pb], [po, pw]) => kernels.choleskyBackward(pl, pb, po, n, pw));
  return out;
});
