/**
 * Ops that move or select values without arithmetic: reshape, broadcast, transpose, cast, the
 * triangles and the diagonal. Each records its backward rule (the adjoint of the re-indexing).
 */
import type { FloatDType } from '../tensor';
import { Tensor } from '../tensor';
import type { Shape } from '../shape';
import { broadcastShapes, shapesEqual, sizeOf } from '../shape';
import { record } from '../autodiff';
import { checkSquare } from './checks';

/** A tensor that shares x's value but is cut from the graph (JAX's stop_gradient). */
export function stopGradient(x: Tensor): Tensor {
  return new Tensor(x.shape, x.dtype, x.backend, x.storage, true);
}

/** Same data viewed with a new shape of equal size. */
export function reshape(x: Tensor, shape: Shape): Tensor {
  if (sizeOf(shape) !== x.size) {
    throw new Error(`reshape: cannot view [${x.shape.join(',')}] as [${shape.join(',')}]`);
  }
  const out = x.backend.reshape(x, shape);
  return record(out, [x], 'reshape', (g) => [reshape(g, x.shape)]);
}

/** Sums g over the dimensions that broadcasting added to reach g's shape from `shape`. */
export function sumToShape(g: Tensor, shape: Shape): Tensor {
  if (shapesEqual(g.shape, shape)) return g;
  const lead = g.rank - shape.length;
  const axes: number[] = [];
  for (let i = 0; i < g.rank; i++) {
    if (i < lead || (shape[i - lead] === 1 && g.shape[i] !== 1)) axes.push(i);
  }
  const summed = axes.length ? g.backend.sum(g, axes) : g;
  return reshape(summed, shape);
}

/** x broadcast to `shape` (materialised). */
export function broadcastTo(x: Tensor, shape: Shape): Tensor {
  if (shapesEqual(x.shape, shape)) return x;
  broadcastShapes(x.shape, shape);
  const out = x.backend.expand(x, shape);
  return record(out, [x], 'broadcastTo', (g) => [sumToShape(g, x.shape)]);
}

/** [m,n] -> [n,m]. */
export function transpose(x: Tensor): Tensor {
  if (x.rank !== 2) throw new Error(`transpose: expected a matrix, got [${x.shape.join(',')}]`);
  return record(x.backend.transpose(x), [x], 'transpose', (g) => [transpose(g)]);
}

/** Converts a tensor to another dtype (gradient converted back). */
export function cast(x: Tensor, dtype: FloatDType): Tensor {
  if (x.dtype === dtype) return x;
  const from = x.dtype;
  return record(x.backend.cast(x, dtype), [x], 'cast', (g) => [g.backend.cast(g, from)]);
}

/** Lower triangle of a square matrix, with the diagonal scaled by diagScale (default 1). */
export function tril(x: Tensor, diagScale = 1): Tensor {
  checkSquare(x, 'tril');
  return record(x.backend.tril(x, diagScale), [x], 'tril', (g) => [tril(g, diagScale)]);
}

/** Upper triangle of a square matrix. */
export function triu(x: Tensor): Tensor {
  return transpose(tril(transpose(x)));
}

/** Diagonal [n] of a square matrix [n,n]. */
export function diag(x: Tensor): Tensor {
  checkSquare(x, 'diag');
  return record(x.backend.diag(x), [x], 'diag', (g) => [x.backend.diagMatrix(g)]);
}

/** Square matrix [n,n] with v [n] on the diagonal. */
export function diagMatrix(v: Tensor): Tensor {
  return record(v.backend.diagMatrix(v), [v], 'diagMatrix', (g) => [g.backend.diag(g)]);
}
