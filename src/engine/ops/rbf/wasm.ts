/** The RBF cross-kernel and its backward pass on the cpu in WebAssembly SIMD (assembly/rbf.ts). */
import type { Tensor } from '../../tensor';
import type { CpuKernelApi } from '../../cpu/kernelApi';
import { wasmCallOf } from '../../cpu/wasm';
import type { RbfGrads } from './rbf';
import { rbfInputGradOutputs } from './cpu';

/** k = rbf(a, b, logVariance, logLengthscale) [p,q] (as rbfCpu). */
export function rbfWasm(cpu: CpuKernelApi, a: Tensor, b: Tensor, logVariance: Tensor, logLengthscale: Tensor): Tensor {
  const [p, d] = a.shape;
  const q = b.shape[0];
  const out = cpu.output([p, q], a.dtype);
  const s2 = Math.exp(cpu.data(logVariance)[0]);
  const l = Math.exp(cpu.data(logLengthscale)[0]);
  wasmCallOf(cpu).run(a, [a, b], [out], (kernels, [pa, pb], [pk]) => kernels.rbf(pa, pb, pk, p, q, d, s2, l));
  return out;
}

/** Gradients of sum(g ∘ k) for k = rbf(a, b, ...), k passed in (as rbfBackwardCpu). */
export function rbfBackwardWasm(cpu: CpuKernelApi, a: Tensor, b: Tensor, logLengthscale: Tensor, k: Tensor, g: Tensor): RbfGrads {
  const [p, d] = a.shape;
  const q = b.shape[0];
  const { dA, dB } = rbfInputGradOutputs(cpu, a, b);
  const sums = cpu.output([2], a.dtype);
  const l = Math.exp(cpu.data(logLengthscale)[0]);
  wasmCallOf(cpu).run(a, [a, b, k, g], [dA, dB, sums], (kernels, [pa, pb, pk, pg], [pdA, pdB, ps]) =>
    kernels.rbfBackward(pa, pb, pk, pg, p, q, d, l, pdA, pdB, ps),
  );
  return { dA, dB, dLogVariance: cpu.view(sums, 0, []), dLogLengthscale: cpu.view(sums, 1, []) };
}
