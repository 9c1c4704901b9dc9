/** Gram matrices: a a^T, and the whitened Gram matrix (L^{-1} k)(L^{-1} k)^T of the SVGP bound. */
import type { Tensor } from '../../tensor';
import { record } from '../../autodiff';
import { checkPair, checkSquare } from '../checks';
import { add, neg } from '../elementwise';
import { transpose, tril } from '../shapes';
import { matmul } from '../matmul/matmul';
import { triangularSolve } from '../triangularSolve/triangularSolve';

/** Gram matrix a a^T: a [m,n] -> [m,m], computed as one symmetric kernel (half the products). */
export function gram(a: Tensor): Tensor {
  if (a.rank !== 2) throw new Error(`gram: expected a matrix, got [${a.shape.join(',')}]`);
  const ones = a.backend.full([a.shape[1]], 1, a.dtype);
  const out = a.backend.weightedGram(a, ones);
  return record(out, [a], 'gram', (g) => [matmul(add(g, transpose(g)), a)]);
}

/**
 * Whitened Gram matrix P = A A^T with A = L^{-1} k: lower-triangular l [m,m], k [m,n] -> [m,m].
 * Forward: one triangular solve with n columns and one symmetric product. Its own backward rule
 * keeps the O(m^2 n) work to a single product: with T = L^{-T} (P̄ + P̄^T) (m columns),
 *   k̄ = T A,   l̄ = -tril(T P),
 * where differentiating the solve would take a second n-column solve and an m x n x m product
 * for l̄. Unlike L^{-1} (k k^T) L^{-T}, which solves twice and so amplifies the rounding errors
 * of k k^T by cond(L)^2, it applies L^{-1} once (see models/svgp.ts).
 */
export function whitenedGram(l: Tensor, k: Tensor): Tensor {
  const m = checkSquare(l, 'whitenedGram');
  checkPair(l, k, 'whitenedGram');
  if (k.rank !== 2 || k.shape[0] !== m) throw new Error(`whitenedGram: [${k.shape.join(',')}] does not match l [${m},${m}]`);
  const be = l.backend;
  const a = be.triangularSolve(l, k, { lower: true, transpose: false });
  const out = be.weightedGram(a, be.full([k.shape[1]], 1, k.dtype));
  return record(out, [l, k], 'whitenedGram', (g) => {
    const t = triangularSolve(l, add(g, transpose(g)), { lower: true, transpose: true });
    return [neg(tril(matmul(t, out))), matmul(t, a)];
  });
}
