/** The Bernoulli log-mass from logits and its gradient on the cpu in WebAssembly SIMD (assembly/elementwise.ts). */
import type { Tensor } from '../../tensor';
import type { CpuKernelApi } from '../../cpu/kernelApi';
import { wasmCallOf } from '../../cpu/wasm';

/** y l - softplus(l), elementwise (as bernoulliLogitsCpu). */
export function bernoulliLogitsWasm(cpu: CpuKernelApi, logits: Tensor, y: Tensor): Tensor {
  const out = cpu.output(logits.shape, logits.dtype);
  const w = wasmCallOf(cpu);
  const pl = w.input(logits);
  const py = w.input(y);
  const po = w.output(out);
  w.kernels(logits).bernoulliLogits(pl, py, po, logits.size);
  w.end();
  return out;
}

/** g (y - sigmoid(l)), elementwise (as bernoulliLogitsBackwardCpu). */
export function bernoulliLogitsBackwardWasm(cpu: CpuKernelApi, logits: Tensor, y: Tensor, g: Tensor): Tensor {
  const out = cpu.output(logits.shape, logits.dtype);
  const w = wasmCallOf(cpu);
  const pl = w.input(logits);
  const py = w.input(y);
  const pg = w.input(g);
  const po = w.output(out);
  w.kernels(logits).bernoulliLogitsBackward(pl, py, pg, po, logits.size);
  w.end();
  return out;
}
