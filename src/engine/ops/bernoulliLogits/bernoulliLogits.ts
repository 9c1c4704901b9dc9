/** The Bernoulli log-mass from logits as one fused op (the BNN's likelihood). */
import type { Tensor } from '../../tensor';
import { broadcastShapes } from '../../shape';
import { record } from '../../autodiff';
import { checkPair } from '../checks';
import { mul } from '../elementwise';
import { broadcastTo } from '../shapes';

/**
 * Bernoulli log-mass from logits, y l - softplus(l), elementwise with broadcasting; exact for
 * any finite l because no probability is formed. Backward: g (y - sigmoid(l)) for l and g l for y.
 */
export function bernoulliLogitsLogProb(logits: Tensor, y: Tensor): Tensor {
  checkPair(logits, y, 'bernoulliLogitsLogProb');
  const shape = broadcastShapes(logits.shape, y.shape);
  const l = broadcastTo(logits, shape);
  const yy = broadcastTo(y, shape);
  const out = l.backend.bernoulliLogits(l, yy);
  return record(out, [l, yy], 'bernoulliLogits', (g) => [l.backend.bernoulliLogitsBackward(l, yy, g), yy.requiresGrad ? mul(g, l) : null]);
}
