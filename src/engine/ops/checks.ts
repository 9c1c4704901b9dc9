/** Checks shared by the ops: operands on one backend with one dtype, square matrices. */
import type { Tensor } from '../tensor';

/** Throws unless a and b live on the same backend and have the same dtype. */
export function checkPair(a: Tensor, b: Tensor, op: string): void {
  if (a.backend !== b.backend) throw new Error(`${op}: tensors live on different backends (${a.backend.name}, ${b.backend.name})`);
  if (a.dtype !== b.dtype) throw new Error(`${op}: dtypes differ (${a.dtype}, ${b.dtype})`);
}

/** The size n of a square matrix [n,n]; throws for anything else. */
export function checkSquare(x: Tensor, op: string): number {
  if (x.rank !== 2 || x.shape[0] !== x.shape[1]) throw new Error(`${op}: expected a square matrix, got [${x.shape.join(',')}]`);
  return x.shape[0];
}
