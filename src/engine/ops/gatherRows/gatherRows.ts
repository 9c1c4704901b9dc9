/** Picking rows by index (mini-batches), with the scatter-add of the gradient as its backward. */
import type { Tensor } from '../../tensor';
import { record } from '../../autodiff';

/** Rows of x [n, ...] picked by idx [k] (i32) -> [k, ...]; gradient scatters back with adds. */
export function gatherRows(x: Tensor, idx: Tensor): Tensor {
  if (idx.dtype !== 'i32' || idx.rank !== 1) throw new Error('gatherRows: idx must be a 1-D i32 tensor');
  const out = x.backend.gatherRows(x, idx);
  return record(out, [x], 'gatherRows', (g) => [x.backend.scatterAddRows(g, idx, x.shape[0])]);
}
