/** The Bernoulli log-mass from logits as one fused op (the BNN's likelihood); kernels in cpu.ts and webgpu.ts. */
import type { Tensor } from '../../tensor';
import { broadcastShapes } from '../../shape';
import { record } from '../../autodiff';
import { checkPair } from '../checks';
import { mul } from '../elementwise';
import { broadcastTo } from '../shapes';
import { bernoulliLogitsBackwardCpu, bernoulliLogitsCpu } from './cpu';
import { bernoulliLogitsBackwardWasm, bernoulliLogitsWasm } from './wasm';
import { defineKernelWithWasm } from '../../cpu/wasm';

/** y l - softplus(l), elementwise; logits and y have the same shape. */
export const bernoulliLogitsKernel = defineKernelWithWasm('bernoulliLogits', bernoulliLogitsCpu, bernoulliLogitsWasm);
/** g ∘ (y - sigmoid(l)): the gradient of sum(g ∘ bernoulliLogits(l, y)) in l (same shapes). */
export const bernoulliLogitsBackwardKernel = defineKernelWithWasm('bernoulliLogitsBackward', bernoulliLogitsBackwardCpu, bernoulliLogitsBackwardWasm);

/**
 * Bernoulli log-mass from logits, y l - softplus(l), elementwise with broadcasting; exact for
 * any finite l because no probability is formed. Backward: g (y - sigmoid(l)) for l and g l for y.
 */
export function bernoulliLogitsLogProb(logits: Tensor, y: Tensor): Tensor {
  checkPair(logits, y, 'bernoulliLogitsLogProb');
  const shape = broadcastShapes(logits.shape, y.shape);
  const l = broadcastTo(logits, shape);
  const yy = broadcastTo(y, shape);
  const out = bernoulliLogitsKernel.run(l.backend, l, yy);
  return record(out, [l, yy], 'bernoulliLogits', (g) => [bernoulliLogitsBackwardKernel.run(l.backend, l, yy, g), yy.requiresGrad ? mul(g, l) : null]);
}
