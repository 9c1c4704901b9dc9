/** The Bayesian network's ELBO terms on the cpu, the pass over the data in WebAssembly SIMD (assembly/bnn.ts). */
import type { Tensor } from '../../tensor';
import type { CpuKernelApi } from '../../cpu/kernelApi';
import { wasmCallOf } from '../../cpu/wasm';
import type { BnnElboGrads } from './bnnElbo';
import { bnnElboOutputs, bnnGuideAndPriorInto, bnnLikelihoodRawGradInto } from './cpu';

/** As bnnElboCpu: the guide and the prior (D numbers per draw) in TypeScript, the likelihood and its gradient in WebAssembly. */
export function bnnElboWasm(cpu: CpuKernelApi, loc: Tensor, rawScale: Tensor, eps: Tensor, x: Tensor, y: Tensor, widths: readonly number[], withGrad: boolean): BnnElboGrads {
  const k = eps.shape[0];
  const { terms, z, dLoc, dRaw, scales } = bnnElboOutputs(cpu, loc, eps, withGrad);
  const layerWidths = cpu.output([widths.length], 'i32');
  cpu.data(layerWidths).set(widths);
  bnnGuideAndPriorInto(cpu.data(loc), cpu.data(rawScale), cpu.data(eps), widths, k, cpu.data(z), cpu.data(terms), dLoc && cpu.data(dLoc), dRaw && cpu.data(dRaw), cpu.data(scales) as Float64Array);
  const w = wasmCallOf(cpu);
  const pz = w.input(z);
  const px = w.input(x);
  const py = w.input(y);
  const pw = w.input(layerWidths);
  const pt = w.inout(terms);
  const pd = dLoc === null ? 0 : w.inout(dLoc);
  w.kernels(loc).bnnLogLikelihood(pz, px, py, x.shape[0], pw, widths.length - 1, k, pt, pd);
  w.end();
  if (dLoc !== null && dRaw !== null) bnnLikelihoodRawGradInto(cpu.data(scales) as Float64Array, cpu.data(eps), k, cpu.data(dLoc), cpu.data(dRaw));
  return { terms, dLoc, dRaw };
}
