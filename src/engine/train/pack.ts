/**
 * Several scalars in one tensor, so that a step's loss and its extras come back in one readback
 * (one copy and one map on a GPU instead of one per figure). out = sum_i x_i e_i with e_i the
 * one-hot basis vectors, which are made once per backend, precision and length.
 */
import type { Backend, FloatDType, Tensor } from '../tensor';
import * as E from '../ops';

const bases = new WeakMap<Backend, Map<string, Tensor[]>>();

function basis(backend: Backend, dtype: FloatDType, k: number): Tensor[] {
  let byKey = bases.get(backend);
  if (!byKey) bases.set(backend, (byKey = new Map()));
  const id = `${dtype}:${k}`;
  let b = byKey.get(id);
  if (!b) {
    b = Array.from({ length: k }, (_, i) => E.tensor(Array.from({ length: k }, (_, j) => (i === j ? 1 : 0)), [k], { backend, dtype }));
    byKey.set(id, b);
  }
  return b;
}

/**
 * The scalars [] `xs` (same backend and precision) as one tensor [k]. Call outside `tidy`: the
 * basis vectors are kept for later calls. A non-finite entry makes every entry non-finite
 * (0 x Inf is NaN), which is what a divergence check needs to see anyway.
 */
export function packScalars(xs: readonly Tensor[]): Tensor {
  const first = xs[0];
  if (!first) throw new Error('packScalars: nothing to pack');
  for (const x of xs) {
    if (x.size !== 1) throw new Error(`packScalars: every entry must be a scalar, got shape [${x.shape.join(',')}]`);
    if (x.backend !== first.backend || x.dtype !== first.dtype) throw new Error('packScalars: every entry must share one backend and precision');
  }
  const e = basis(first.backend, first.dtype as FloatDType, xs.length);
  let out = E.mul(E.reshape(first, []), e[0]);
  for (let i = 1; i < xs.length; i++) {
    const term = E.mul(E.reshape(xs[i], []), e[i]);
    const sum = E.add(out, term);
    out.dispose();
    term.dispose();
    out = sum;
  }
  return out;
}
