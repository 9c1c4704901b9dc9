/** The fused Adam(W) update on the cpu in WebAssembly SIMD (assembly/elementwise.ts). */
import type { Tensor } from '../../tensor';
import type { CpuKernelApi } from '../../cpu/kernelApi';
import { wasmCallOf } from '../../cpu/wasm';
import type { AdamHyper } from './adamStep';

/** The new [param, m, v] (as adamStepCpu): copies of the three, updated in place by the kernel. */
export function adamStepWasm(cpu: CpuKernelApi, param: Tensor, grad: Tensor, m: Tensor, v: Tensor, hyper: AdamHyper): [Tensor, Tensor, Tensor] {
  const p2 = cpu.output(param.shape, param.dtype);
  const m2 = cpu.output(m.shape, m.dtype);
  const v2 = cpu.output(v.shape, v.dtype);
  const w = wasmCallOf(cpu);
  const pp = w.input(param);
  const pg = w.input(grad);
  const pm = w.input(m);
  const pv = w.input(v);
  const qp = w.output(p2);
  const qm = w.output(m2);
  const qv = w.output(v2);
  w.copy(param, qp, pp);
  w.copy(m, qm, pm);
  w.copy(v, qv, pv);
  w.kernels(param).adam(qp, pg, qm, qv, param.size, hyper);
  w.end();
  return [p2, m2, v2];
}
