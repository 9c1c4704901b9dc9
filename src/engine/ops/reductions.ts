/** Reductions over axes (sum, mean, max, logsumexp), with their backward rules. */
import type { Tensor } from '../tensor';
import { normaliseAxes, reducedShape } from '../shape';
import { record } from '../autodiff';
import { add, exp, log, maximum, square, sub, div } from './elementwise';
import { broadcastTo, reshape, stopGradient } from './shapes';

/** x ** 2 summed; a convenience for squared norms. */
export function sumSquares(x: Tensor): Tensor {
  return sum(square(x));
}

/** Sum over axes (all by default); keepDims keeps them as size 1. */
export function sum(x: Tensor, axes?: number | readonly number[], keepDims = false): Tensor {
  const ax = normaliseAxes(axes, x.rank);
  const kept = ax.length ? x.backend.sum(x, ax) : x;
  const shape = reducedShape(x.shape, ax, keepDims);
  const out = kept === x ? x : x.backend.reshape(kept, shape);
  if (out === x) return x;
  return record(out, [x], 'sum', (g) => [broadcastTo(reshape(g, reducedShape(x.shape, ax, true)), x.shape)]);
}

/** Mean over axes (all by default). */
export function mean(x: Tensor, axes?: number | readonly number[], keepDims = false): Tensor {
  const ax = normaliseAxes(axes, x.rank);
  let count = 1;
  for (const a of ax) count *= x.shape[a];
  return div(sum(x, ax, keepDims), count);
}

/** Max over axes; treated as a constant by autodiff (used for stabilising shifts). */
export function max(x: Tensor, axes?: number | readonly number[], keepDims = false): Tensor {
  const ax = normaliseAxes(axes, x.rank);
  return x.backend.reshape(x.backend.max(x, ax), reducedShape(x.shape, ax, keepDims));
}

/** log(sum(exp(x))) over axes, shifted by the max so it never overflows. */
export function logsumexp(x: Tensor, axes?: number | readonly number[], keepDims = false): Tensor {
  const ax = normaliseAxes(axes, x.rank);
  const m = max(x, ax, true);
  // A row of -Infinity would give NaN from (-inf) - (-inf); a finite floor on the shift
  // keeps it -Infinity. (The shift is a constant for autodiff: any shift gives the same value.)
  const shift = stopGradient(maximum(m, -1e30));
  const s = log(sum(exp(sub(x, shift)), ax, true));
  const out = add(s, shift);
  return keepDims ? out : reshape(out, reducedShape(x.shape, ax, false));
}

