/** Column quadratic forms a_j^T w a_j (the SVGP's predictive variances), with their backward rule. */
import type { Tensor } from '../../tensor';
import { record } from '../../autodiff';
import { checkPair, checkSquare } from '../checks';
import { add, mul } from '../elementwise';
import { reshape, transpose } from '../shapes';
import { matmul } from '../matmul/matmul';

/** Column quadratic forms q_j = a_j^T w a_j: w [m,m], a [m,n] -> [n]. */
export function columnQuadForm(w: Tensor, a: Tensor): Tensor {
  checkPair(w, a, 'columnQuadForm');
  const m = checkSquare(w, 'columnQuadForm');
  if (a.rank !== 2 || a.shape[0] !== m) throw new Error(`columnQuadForm: [${a.shape.join(',')}] does not match w [${m},${m}]`);
  const out = w.backend.columnQuadForm(w, a);
  return record(out, [w, a], 'columnQuadForm', (g) => [
    w.backend.weightedGram(a, g),
    mul(matmul(add(w, transpose(w)), a), reshape(g, [1, g.size])),
  ]);
}
