/** The weighted Gram matrix and the column quadratic forms on the cpu in WebAssembly SIMD (assembly/linalg.ts). */
import type { Tensor } from '../../tensor';
import type { CpuKernelApi } from '../../cpu/kernelApi';
import { wasmCallOf, wasmOnlyCall } from '../../cpu/wasm';

/** a diag(g) a^T [m,m] for a [m,n], g [n] (as weightedGramCpu). */
export const weightedGramWasm = wasmOnlyCall(function weightedGramWasm(cpu: CpuKernelApi, a: Tensor, g: Tensor): Tensor {
  const [m, n] = a.shape;
  const out = cpu.output([m, m], a.dtype);
  wasmCallOf(cpu).run(a, [a, g], [out], (kernels, [pa, pg], [po]) => kernels.weightedGram(pa, pg, po, m, n));
  return out;
});

/** q [n] with q_j = a_j^T w a_j for w [m,m], a [m,n] (as columnQuadFormCpu). */
export const columnQuadFormWasm = wasmOnlyCall(function columnQuadFormWasm(cpu: CpuKernelApi, wm: Tensor, a: Tensor): Tensor {
  const [m, n] = a.shape;
  const out = cpu.output([n], a.dtype);
  wasmCallOf(cpu).run(a, [wm, a], [out], (kernels, [pw, pa], [po]) => kernels.columnQuadForm(pw, pa, po, m, n));
  return out;
});
