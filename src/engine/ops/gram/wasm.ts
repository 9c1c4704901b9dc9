/** The weighted Gram matrix and the column quadratic forms on the cpu in WebAssembly SIMD (assembly/linalg.ts). */
import type { Tensor } from '../../tensor';
import type { CpuKernelApi } from '../../cpu/kernelApi';
import { wasmCallOf } from '../../cpu/wasm';

/** a diag(g) a^T [m,m] for a [m,n], g [n] (as weightedGramCpu). */
export function weightedGramWasm(cpu: CpuKernelApi, a: Tensor, g: Tensor): Tensor {
  const [m, n] = a.shape;
  const out = cpu.output([m, m], a.dtype);
  const w = wasmCallOf(cpu);
  const pa = w.input(a);
  const pg = w.input(g);
  const po = w.output(out);
  w.kernels(a).weightedGram(pa, pg, po, m, n);
  w.end();
  return out;
}

/** q [n] with q_j = a_j^T w a_j for w [m,m], a [m,n] (as columnQuadFormCpu). */
export function columnQuadFormWasm(cpu: CpuKernelApi, wm: Tensor, a: Tensor): Tensor {
  const [m, n] = a.shape;
  const out = cpu.output([n], a.dtype);
  const w = wasmCallOf(cpu);
  const pw = w.input(wm);
  const pa = w.input(a);
  const po = w.output(out);
  w.kernels(a).columnQuadForm(pw, pa, po, m, n);
  w.end();
  return out;
}
