/** The Cholesky factor with its own backward rule (the log-determinant is in ../invQuadLogdet). */
import type { Tensor } from '../../tensor';
import { record } from '../../autodiff';
import { checkSquare } from '../checks';

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
