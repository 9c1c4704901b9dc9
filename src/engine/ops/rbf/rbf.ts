/** The squared-exponential (RBF) kernel matrix as one fused op with a fused backward. */
import type { Tensor } from '../../tensor';
import { record } from '../../autodiff';
import { checkPair } from '../checks';
import { reshape } from '../shapes';

/**
 * Squared-exponential kernel matrix exp(logVariance) exp(-|a_i - b_j|^2 / (2 exp(logLengthscale)^2)):
 * a [p,d], b [q,d], scalars [] -> [p,q]. One fused kernel forward and one backward.
 */
export function rbf(a: Tensor, b: Tensor, logVariance: Tensor, logLengthscale: Tensor): Tensor {
  checkPair(a, b, 'rbf');
  if (a.rank !== 2 || b.rank !== 2 || a.shape[1] !== b.shape[1]) {
    throw new Error(`rbf: inputs [${a.shape.join(',')}] and [${b.shape.join(',')}] need the same number of columns`);
  }
  if (logVariance.size !== 1 || logLengthscale.size !== 1) throw new Error('rbf: logVariance and logLengthscale must be scalars');
  const k = a.backend.rbf(a, b, logVariance, logLengthscale);
  return record(k, [a, b, logVariance, logLengthscale], 'rbf', (g) => {
    const r = a.backend.rbfBackward(a, b, logLengthscale, k, g);
    return [r.dA, r.dB, reshape(r.dLogVariance, logVariance.shape), reshape(r.dLogLengthscale, logLengthscale.shape)];
  });
}
