/**
 * Bijections from the real line onto (0, inf), so that a positive latent (a scale, a
 * concentration) can be given a Normal guide in unconstrained space: if x ~ q(x) and y = f(x),
 * then log q_Y(y) = log q_X(x) - log|f'(x)| (change of variables), which is why each transform
 * carries its log-absolute-Jacobian as a function of the unconstrained x.
 *
 *   exp:      y = e^x,              x = log y,            log|dy/dx| = x
 *   softplus: y = log(1 + e^x),     x = y + log(1 - e^-y), log|dy/dx| = log sigmoid(x) = -softplus(-x)
 *
 * Softplus grows linearly instead of exponentially, so a large unconstrained step changes the
 * positive value by at most the step; NumPyro's AutoNormal keeps its scales positive this way.
 * Every function has a tensor form (differentiable) and a number form (for initialisation).
 */
import type { Tensor } from '../tensor';
import * as E from '../ops';
import { log1mexp, log1pexp } from '../special';

export interface PositiveTransform {
  readonly name: 'exp' | 'softplus';
  /** Unconstrained x -> positive y. */
  forward(x: Tensor): Tensor;
  /** Positive y -> unconstrained x. */
  inverse(y: Tensor): Tensor;
  /** log|dy/dx| at the unconstrained x. */
  logAbsDetJacobian(x: Tensor): Tensor;
  forwardNumber(x: number): number;
  inverseNumber(y: number): number;
  logAbsDetJacobianNumber(x: number): number;
}

export const expTransform: PositiveTransform = {
  name: 'exp',
  forward: (x) => E.exp(x),
  inverse: (y) => E.log(y),
  logAbsDetJacobian: (x) => x,
  forwardNumber: (x) => Math.exp(x),
  inverseNumber: (y) => Math.log(y),
  logAbsDetJacobianNumber: (x) => x,
};

export const softplusTransform: PositiveTransform = {
  name: 'softplus',
  forward: (x) => E.softplus(x),
  // x = log(e^y - 1) = y + log(-expm1(-y)). The engine has no expm1, but with t = tanh(y/2),
  // -expm1(-y) = 2t / (1 + t) exactly, and tanh, log and log1p are all accurate for every y > 0
  // (1 - e^-y would lose every digit for y near 1e-13).
  inverse: (y) => {
    const t = E.tanh(E.affine(y, 0.5));
    return E.add(y, E.sub(E.log(E.affine(t, 2)), E.log1p(t)));
  },
  logAbsDetJacobian: (x) => E.neg(E.softplus(E.neg(x))),
  forwardNumber: (x) => log1pexp(x),
  inverseNumber: (y) => y + log1mexp(-y),
  logAbsDetJacobianNumber: (x) => -log1pexp(-x),
};
