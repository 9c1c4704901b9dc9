/** A dense layer act(x w + b) as one fused op with a fused backward (the BNN's layers). */
import type { DenseActivation, Tensor } from '../../tensor';
import { record } from '../../autodiff';
import { checkPair } from '../checks';

/**
 * A dense layer act(x w + b) as one op: x [n,k], w [k,m], b [m] -> [n,m], activation 'linear'
 * or 'tanh'. Its backward is one fused kernel too (dx = d w^T, dw = x^T d, db = colsum d with
 * d = g ∘ act'(out)); like rbf it is differentiable once.
 */
export function dense(x: Tensor, w: Tensor, b: Tensor, activation: DenseActivation = 'linear'): Tensor {
  checkPair(x, w, 'dense');
  checkPair(w, b, 'dense');
  if (x.rank !== 2 || w.rank !== 2 || b.rank !== 1 || x.shape[1] !== w.shape[0] || b.shape[0] !== w.shape[1]) {
    throw new Error(`dense: shapes x [${x.shape.join(',')}], w [${w.shape.join(',')}], b [${b.shape.join(',')}] do not fit x [n,k], w [k,m], b [m]`);
  }
  const out = x.backend.dense(x, w, b, activation);
  return record(out, [x, w, b], 'dense', (g) => {
    const r = x.backend.denseBackward(x, w, out, g, activation, x.requiresGrad);
    return [r.dx, r.dw, r.db];
  });
}
