/** Matrix products op(a) op(b) with transposes, and their backward rule. */
import type { Tensor } from '../../tensor';
import { record } from '../../autodiff';
import { checkPair } from '../checks';

export interface MatmulOptions {
  transA?: boolean;
  transB?: boolean;
}

/** op(a) op(b): a [m,k] (or [k,m] with transA), b [k,n] (or [n,k] with transB) -> [m,n]. */
export function matmul(a: Tensor, b: Tensor, options: MatmulOptions = {}): Tensor {
  const transA = options.transA ?? false;
  const transB = options.transB ?? false;
  checkPair(a, b, 'matmul');
  if (a.rank !== 2 || b.rank !== 2) throw new Error('matmul: both operands must be matrices');
  const ka = transA ? a.shape[0] : a.shape[1];
  const kb = transB ? b.shape[1] : b.shape[0];
  if (ka !== kb) {
    throw new Error(`matmul: inner dimensions differ ([${a.shape.join(',')}]${transA ? 'ᵀ' : ''} x [${b.shape.join(',')}]${transB ? 'ᵀ' : ''})`);
  }
  const out = a.backend.matmul(a, b, transA, transB);
  return record(out, [a, b], 'matmul', (g) => {
    if (!transA && !transB) return [matmul(g, b, { transB: true }), matmul(a, g, { transA: true })];
    if (transA && !transB) return [matmul(b, g, { transB: true }), matmul(a, g)];
    if (!transA && transB) return [matmul(g, b), matmul(g, a, { transA: true })];
    return [matmul(b, g, { transA: true, transB: true }), matmul(g, a, { transA: true, transB: true })];
  });
}
