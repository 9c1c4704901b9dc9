/** The Bernoulli log-mass from logits and its gradient on the cpu in WebAssembly SIMD (assembly/elementwise.ts). */
import type { Tensor } from '../../tensor';
import type { CpuKernelApi } from '../../cpu/kernelApi';
import { wasmCallOf, wasmOnlyCall } from '../../cpu/wasm';

/** y l - softplus(l), elementwise (as bernoulliLogitsCpu). */
export const bernoulliLogitsWasm = wasmOnlyCall(function bernoulliLogitsWasm(cpu: CpuKernelApi, logits: Tensor, y: Tensor): Tensor {
  const out = cpu.output(logits.shape, logits.dtype);
  wasmCallOf(cpu).run(logits, [logits, y], [out], (kernels, [pl, py], [po]) => kernels.bernoulliLogits(pl, py, po, logits.size));
  return out;
});

/** g (y - sigmoid(l)), elementwise (as bernoulliLogitsBackwardCpu). */
export const bernoulliLogitsBackwardWasm = wasmOnlyCall(function bernoulliLogitsBackwardWasm(cpu: CpuKernelApi, logits: Tensor, y: Tensor, g: Tensor): Tensor {
  const out = cpu.output(logits.shape, logits.dtype);
  wasmCallOf(cpu).run(logits, [logits, y, g], [out], (kernels, [pl, py, pg], [po]) => kernels.bernoulliLogitsBackward(pl, py, pg, po, logits.size));
  return out;
});
