/** The Bernoulli log-mass from logits and its gradient on the cpu. */
import type { Tensor, TypedArray } from '../../tensor';
import type { CpuKernelApi } from '../../cpu/kernelApi';
import { log1pExpNegAbsInto, sigmoidInto } from '../../cpu/fastMath';

/**
 * out = y l - softplus(l), elementwise, written as -(1 - y) l - softplus(-l) for l > 0 (the
 * same value, since softplus(l) = l + softplus(-l)) so that neither branch subtracts two large
 * numbers: a confident correct label (y = 1, l = 40) gets -softplus(-40) = -4.2e-18, not 0.
 * Both branches subtract softplus(-|l|) = log(1 + e^-|l|).
 */
export function bernoulliLogitsInto(l: TypedArray, y: TypedArray, out: TypedArray): void {
  log1pExpNegAbsInto(l, out);
  for (let i = 0; i < out.length; i++) {
    const li = l[i];
    out[i] = (li > 0 ? -(1 - y[i]) * li : y[i] * li) - out[i];
  }
}

/** out = g (y - sigmoid(l)), elementwise. */
export function bernoulliLogitsBackwardInto(l: TypedArray, y: TypedArray, g: TypedArray, out: TypedArray): void {
  sigmoidInto(l, out);
  for (let i = 0; i < out.length; i++) out[i] = g[i] * (y[i] - out[i]);
}

/** y l - softplus(l), elementwise, for logits l and labels y of one shape. */
export function bernoulliLogitsCpu(cpu: CpuKernelApi, logits: Tensor, y: Tensor): Tensor {
  const out = cpu.output(logits.shape, logits.dtype);
  bernoulliLogitsInto(cpu.data(logits), cpu.data(y), cpu.data(out));
  return out;
}

/** g (y - sigmoid(l)), elementwise: the gradient of sum(g ∘ bernoulliLogits(l, y)) in l. */
export function bernoulliLogitsBackwardCpu(cpu: CpuKernelApi, logits: Tensor, y: Tensor, g: Tensor): Tensor {
  const out = cpu.output(logits.shape, logits.dtype);
  bernoulliLogitsBackwardInto(cpu.data(logits), cpu.data(y), cpu.data(g), cpu.data(out));
  return out;
}
