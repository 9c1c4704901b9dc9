/** The Cholesky factor and the log-determinant, each with its own backward rule. */
import type { Tensor } from '../../tensor';
import { record } from '../../autodiff';
import { checkSquare } from '../checks';
import { eye } from '../creation';
import { log, mul } from '../elementwise';
import { sum } from '../reductions';
import { stopGradient } from '../shapes';
import { triangularSolve } from '../triangularSolve/triangularSolve';

/**
 * Lower Cholesky factor L [n,n] of a symmetric positive-definite a [n,n] (reads its lower
 * triangle). Backward by Murray (2016), "Differentiation of the Cholesky decomposition":
 * Ā = L^{-T} Φ(L^T L̄) L^{-1}, Φ = lower triangle with halved diagonal, then symmetrised,
 * i.e. the gradient for symmetric perturbations of a; one backend kernel (on the GPU, one
 * workgroup). With `shift`, the factor of a + shift I (a jitter), added inside the kernel.
 */
export function cholesky(a: Tensor, shift = 0): Tensor {
  checkSquare(a, 'cholesky');
  const l = a.backend.cholesky(a, shift);
  return record(l, [a], 'cholesky', (lBar) => [a.backend.choleskyBackward(l, lBar)]);
}

/**
 * log det a for symmetric positive-definite a [n,n] -> [], as 2 Σ log L_ii.
 * Its own backward rule, d logdet a = a^{-1}, applied through two triangular solves with
 * the cached factor instead of differentiating through the factorisation.
 */
export function logdet(a: Tensor): Tensor {
  const n = checkSquare(a, 'logdet');
  const l = a.backend.cholesky(a, 0);
  const value = mul(sum(log(l.backend.diag(l))), 2);
  const out = stopGradient(value);
  return record(out, [a], 'logdet', (g) => {
    const linv = triangularSolve(l, eye(n, { dtype: a.dtype, backend: a.backend }), { lower: true });
    const ainv = triangularSolve(l, linv, { lower: true, transpose: true });
    return [mul(ainv, g)];
  });
}
