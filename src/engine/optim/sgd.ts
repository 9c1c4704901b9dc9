/**
 * Plain stochastic gradient descent over a record of parameter tensors:
 *   theta_{t+1} = theta_t - scale * lr(t) * g_t,
 * with lr a number or a schedule of the 0-based update index (optax.sgd without momentum).
 * Pure, like adamUpdate: returns new parameters and state, the inputs are left as they are.
 */
import type { Tensor } from '../tensor';
import type { TensorRecord } from '../autodiff';
import { noGrad } from '../autodiff';
import { mul, sub } from '../ops';
import type { Schedule } from './adam';

export interface SgdConfig {
  learningRate: number | Schedule;
}

export interface SgdState {
  /** Number of updates applied so far (the index the schedule sees next). */
  count: number;
}

export function sgdInit(): SgdState {
  return { count: 0 };
}

/** The learning rate of update number `count` (0-based), times an external scale. */
export function sgdLearningRate(config: SgdConfig, count: number, scale = 1): number {
  const lr = typeof config.learningRate === 'number' ? config.learningRate : config.learningRate(count);
  return lr * scale;
}

/**
 * One SGD update. `scale` multiplies the learning rate (for ReduceOnPlateau). A parameter whose
 * gradient is missing from `grads` is an error, not silently left alone.
 */
export function sgdUpdate<P extends TensorRecord>(
  params: P,
  grads: { [K in keyof P]: Tensor },
  state: SgdState,
  config: SgdConfig,
  scale = 1,
): { params: P; state: SgdState } {
  const lr = sgdLearningRate(config, state.count, scale);
  const next = {} as Record<string, Tensor>;
  noGrad(() => {
    for (const name of Object.keys(params)) {
      const g = grads[name];
      if (!g) throw new Error(`sgdUpdate: no gradient for parameter "${name}"`);
      next[name] = sub(params[name], mul(g, lr));
    }
  });
  return { params: next as P, state: { count: state.count + 1 } };
}
