/** The fused dense layer and its backward pass on the cpu in WebAssembly SIMD (assembly/dense.ts). */
import type { Tensor } from '../../tensor';
import type { CpuKernelApi } from '../../cpu/kernelApi';
import { wasmCallOf, wasmOnlyCall } from '../../cpu/wasm';
import type { DenseActivation, DenseGrads } from './dense';
import { denseGradOutputs } from './cpu';

/** act(x w + b) [n,m] (as denseCpu). */
export const denseWasm = wasmOnlyCall(function denseWasm(cpu: CpuKernelApi, x: Tensor, wt: Tensor, b: Tensor, activation: DenseActivation): Tensor {
  const [n, k] = x.shape;
  const m = wt.shape[1];
  const out = cpu.output([n, m], x.dtype);
  wasmCallOf(cpu).run(x, [x, wt, b], [out], (kernels, [px, pw, pb], [po]) => kernels.dense(px, pw, pb, po, n, k, m, activation === 'tanh'));
  return out;
});

/** Gradients of sum(g ∘ out) for out = dense(x, w, b, activation); dx only if needDx (as denseBackwardCpu). */
export const denseBackwardWasm = wasmOnlyCall(function denseBackwardWasm(cpu: CpuKernelApi, x: Tensor, wt: Tensor, out: Tensor, g: Tensor, activation: DenseActivation, needDx: boolean): DenseGrads {
  const [n, k] = x.shape;
  const m = wt.shape[1];
  const { dx, dw, db } = denseGradOutputs(cpu, x, wt, needDx);
  wasmCallOf(cpu).run(x, [x, wt, out, g], [dx, dw, db], (kernels, [px, pw, po, pg], [pdx, pdw, pdb]) =>
    kernels.denseBackward(px, pw, po, pg, n, k, m, activation === 'tanh', pdx, pdw, pdb),
  );
  return { dx, dw, db };
});
