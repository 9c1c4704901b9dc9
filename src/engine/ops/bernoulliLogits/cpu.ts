/** The Bernoulli log-mass from logits and its gradient on the cpu. */
import type { Tensor } from '../../tensor';
import type { CpuKernelApi } from '../../cpu/kernelApi';
import { log1pExpNegAbsInto, sigmoidInto } from '../../cpu/fastMath';

/**
 * out = y l - softplus(l), elementwise, written as -(1 - y) l - softplus(-l) for l > 0 (the
 * same value, since softplus(l) = l + softplus(-l)) so that neither branch subtracts two large
 * numbers: a confident correct label (y = 1, l = 40) gets -softplus(-40) = -4.2e-18, not 0.
 * Both branches subtract softplus(-|l|) = log(1 + e^-|l|).
 */
export function bernoulliLogitsCpu(cpu: CpuKernelApi, logits: Tensor, y: Tensor): Tensor {
  const out = cpu.zeros(logits.shape, logits.dtype);
  const l = cpu.data(logits);
  const yv = cpu.data(y);
  const o = cpu.data(out);
  log1pExpNegAbsInto(l, o);
  for (let i = 0; i < o.length; i++) {
    const li = l[i];
    o[i] = (li > 0 ? -(1 - yv[i]) * li : yv[i] * li) - o[i];
  }
  return out;
}

/** g (y - sigmoid(l)), elementwise: the gradient of sum(g ∘ bernoulliLogits(l, y)) in l. */
export function bernoulliLogitsBackwardCpu(cpu: CpuKernelApi, logits: Tensor, y: Tensor, g: Tensor): Tensor {
  const out = cpu.zeros(logits.shape, logits.dtype);
  const yv = cpu.data(y);
  const gv = cpu.data(g);
  const o = cpu.data(out);
  sigmoidInto(cpu.data(logits), o);
  for (let i = 0; i < o.length; i++) o[i] = gv[i] * (yv[i] - o[i]);
  return out;
}
