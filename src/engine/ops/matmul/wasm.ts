/** Matrix products on the cpu in WebAssembly SIMD (src/engine/wasm/assembly/matmul.ts). */
import type { Tensor } from '../../tensor';
import type { CpuKernelApi } from '../../cpu/kernelApi';
import { wasmCallOf, wasmOnlyCall } from '../../cpu/wasm';

/** op(a) op(b) [m,n]: the same product as matmulCpu. */
export const matmulWasm = wasmOnlyCall(function matmulWasm(cpu: CpuKernelApi, a: Tensor, b: Tensor, transA: boolean, transB: boolean): Tensor {
  const m = transA ? a.shape[1] : a.shape[0];
  const k = transA ? a.shape[0] : a.shape[1];
  const n = transB ? b.shape[0] : b.shape[1];
  const out = cpu.output([m, n], a.dtype);
  wasmCallOf(cpu).run(a, [a, b], [out], (kernels, [pa, pb], [po]) => kernels.matmul(pa, pb, po, m, k, n, transA, transB));
  return out;
});
