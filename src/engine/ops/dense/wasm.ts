/** The fused dense layer and its backward pass on the cpu in WebAssembly SIMD (assembly/dense.ts). */
import type { Tensor } from '../../tensor';
import type { CpuKernelApi } from '../../cpu/kernelApi';
import { wasmCallOf } from '../../cpu/wasm';
import type { DenseActivation, DenseGrads } from './dense';

/** act(x w + b) [n,m] (as denseCpu). */
export function denseWasm(cpu: CpuKernelApi, x: Tensor, wt: Tensor, b: Tensor, activation: DenseActivation): Tensor {
  const [n, k] = x.shape;
  const m = wt.shape[1];
  const out = cpu.output([n, m], x.dtype);
  const w = wasmCallOf(cpu);
  const px = w.input(x);
  const pw = w.input(wt);
  const pb = w.input(b);
  const po = w.output(out);
  w.kernels(x).dense(px, pw, pb, po, n, k, m, activation === 'tanh');
  w.end();
  return out;
}

/** Gradients of sum(g ∘ out) for out = dense(x, w, b, activation); dx only if needDx (as denseBackwardCpu). */
export function denseBackwardWasm(cpu: CpuKernelApi, x: Tensor, wt: Tensor, out: Tensor, g: Tensor, activation: DenseActivation, needDx: boolean): DenseGrads {
  const [n, k] = x.shape;
  const m = wt.shape[1];
  const dx = needDx ? cpu.output(x.shape, x.dtype) : null;
  const dw = cpu.output(wt.shape, wt.dtype);
  const db = cpu.output([m], wt.dtype);
  const w = wasmCallOf(cpu);
  const px = w.input(x);
  const pw = w.input(wt);
  const po = w.input(out);
  const pg = w.input(g);
  const pdx = dx === null ? 0 : w.output(dx);
  const pdw = w.output(dw);
  const pdb = w.output(db);
  w.kernels(x).denseBackward(px, pw, po, pg, n, k, m, activation === 'tanh', pdx, pdw, pdb);
  w.end();
  return { dx, dw, db };
}
