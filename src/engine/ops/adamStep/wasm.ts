/** The fused Adam(W) update on the cpu in WebAssembly SIMD (assembly/elementwise.ts). */
import type { Tensor } from '../../tensor';
import type { CpuKernelApi } from '../../cpu/kernelApi';
import { wasmCallOf, wasmOnlyCall } from '../../cpu/wasm';
import type { AdamHyper } from './adamStep';

/** The new [param, m, v] (as adamStepCpu): copies of the three, updated in place by the kernel. */
export const adamStepWasm = wasmOnlyCall(function adamStepWasm(cpu: CpuKernelApi, param: Tensor, grad: Tensor, m: Tensor, v: Tensor, hyper: AdamHyper): [Tensor, Tensor, Tensor] {
  const p2 = cpu.output(param.shape, param.dtype);
  const m2 = cpu.output(m.shape, m.dtype);
  const v2 = cpu.output(v.shape, v.dtype);
  const w = wasmCallOf(cpu);
  w.run(param, [param, grad, m, v], [p2, m2, v2], (kernels, [pp, pg, pm, pv], [qp, qm, qv]) => {
    w.copy(param, qp, pp);
    w.copy(m, qm, pm);
    w.copy(v, qv, pv);
    kernels.adam(qp, pg, qm, qv, param.size, hyper);
  });
  return [p2, m2, v2];
});
