/** Triangular solves op(T) X = B and their backward rule. */
import type { Tensor } from '../../tensor';
import { record } from '../../autodiff';
import { checkPair, checkSquare } from '../checks';
import { neg } from '../elementwise';
import { tril, triu } from '../shapes';
import { matmul } from '../matmul/matmul';

export interface SolveOptions {
  lower?: boolean;
  transpose?: boolean;
}

/**
 * X [n,k] with op(t) X = b, t triangular [n,n] (only its triangle is read), b [n,k].
 * Backward: b̄ = op(t)^{-T} X̄; the gradient for op(t) is -b̄ X^T, masked to t's triangle.
 */
export function triangularSolve(t: Tensor, b: Tensor, options: SolveOptions = {}): Tensor {
  const lower = options.lower ?? true;
  const trans = options.transpose ?? false;
  const n = checkSquare(t, 'triangularSolve');
  checkPair(t, b, 'triangularSolve');
  if (b.rank !== 2 || b.shape[0] !== n) throw new Error(`triangularSolve: right-hand side [${b.shape.join(',')}] does not match [${n},${n}]`);
  const x = t.backend.triangularSolve(t, b, { lower, transpose: trans });
  return record(x, [t, b], 'triangularSolve', (g) => {
    const bBar = triangularSolve(t, g, { lower, transpose: !trans });
    const opBar = trans ? matmul(x, bBar, { transB: true }) : matmul(bBar, x, { transB: true });
    const tBar = neg(lower ? tril(opBar) : triu(opBar));
    return [tBar, bBar];
  });
}
