/** The fused Adam(W) update of one parameter on the cpu. */
import type { Tensor, TypedArray } from '../../tensor';
import type { CpuKernelApi } from '../../cpu/kernelApi';
import type { AdamHyper } from './adamStep';

/**
 * Adam (Kingma & Ba 2015) with bias correction and eps outside the square root, as optax:
 * m <- b1 m + (1-b1) g; v <- b2 v + (1-b2) g^2; p <- p - lr (m̂ / (sqrt(v̂) + eps) + wd p).
 */
export function adamInto(p: TypedArray, g: TypedArray, m: TypedArray, v: TypedArray, h: AdamHyper): void {
  const c1 = 1 / (1 - Math.pow(h.b1, h.step));
  const c2 = 1 / (1 - Math.pow(h.b2, h.step));
  for (let i = 0; i < p.length; i++) {
    const gi = g[i];
    const mi = h.b1 * m[i] + (1 - h.b1) * gi;
    const vi = h.b2 * v[i] + (1 - h.b2) * gi * gi;
    m[i] = mi;
    v[i] = vi;
    p[i] -= h.learningRate * ((mi * c1) / (Math.sqrt(vi * c2) + h.eps) + h.weightDecay * p[i]);
  }
}

/** The new [param, m, v] (the inputs are left as they are). */
export function adamStepCpu(cpu: CpuKernelApi, param: Tensor, grad: Tensor, m: Tensor, v: Tensor, hyper: AdamHyper): [Tensor, Tensor, Tensor] {
  const p2 = cpu.output(param.shape, param.dtype);
  const m2 = cpu.output(m.shape, m.dtype);
  const v2 = cpu.output(v.shape, v.dtype);
  const pv = cpu.data(p2);
  const mv = cpu.data(m2);
  const vv = cpu.data(v2);
  pv.set(cpu.data(param));
  mv.set(cpu.data(m));
  vv.set(cpu.data(v));
  adamInto(pv, cpu.data(grad), mv, vv, hyper);
  return [p2, m2, v2];
}
