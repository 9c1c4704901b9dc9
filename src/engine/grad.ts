/** `valueAndGrad` and `grad`: the user-facing entry points of reverse-mode autodiff. */
import type { Tensor } from './tensor';
import type { TensorRecord, ValueAndGrad } from './autodiff';
import { backpropagate, trace } from './autodiff';
import { add, ones, zerosLike } from './ops';

/**
 * valueAndGrad(f)(params, ...args): f maps a record of tensors (and any extra arguments)
 * to a scalar tensor; returns its value and the gradient for every parameter, same shapes.
 */
export function valueAndGrad<P extends TensorRecord, A extends unknown[]>(
  f: (params: P, ...args: A) => Tensor,
): (params: P, ...args: A) => ValueAndGrad<P> {
  return (params: P, ...args: A) => {
    const { value, leaves } = trace(params, (p) => f(p, ...args));
    if (value.size !== 1) throw new Error(`valueAndGrad: the function must return a scalar, got [${value.shape.join(',')}]`);
    const seed = ones(value.shape, { dtype: value.dtype, backend: value.backend });
    const all = backpropagate(value, seed, add);
    const grads = {} as Record<string, Tensor>;
    for (const name of Object.keys(params)) {
      const leaf = leaves[name];
      grads[name] = all.get(leaf) ?? zerosLike(leaf);
    }
    value.node = null;
    return { value, grads: grads as ValueAndGrad<P>['grads'] };
  };
}

/** grad(f)(params, ...args): only the gradient record of valueAndGrad. */
export function grad<P extends TensorRecord, A extends unknown[]>(
  f: (params: P, ...args: A) => Tensor,
): (params: P, ...args: A) => ValueAndGrad<P>['grads'] {
  const vg = valueAndGrad(f);
  return (params: P, ...args: A) => vg(params, ...args).grads;
}
