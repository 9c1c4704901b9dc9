/** Reductions of the cpu backend (sum, max) over any set of axes, keeping dimensions. */
import type { TypedArray } from '../tensor';
import type { Shape } from '../shape';
import { stridesOf } from '../shape';

type Combine = 'sum' | 'max';

/** Reduces x over `axes` into `out` (shape: axes kept as size 1). */
export function reduceInto(kind: Combine, x: TypedArray, shape: Shape, axes: readonly number[], out: TypedArray): void {
  const n = x.length;
  const init = kind === 'sum' ? 0 : -Infinity;
  out.fill(init);
  if (axes.length === shape.length) {
    let acc = init;
    if (kind === 'sum') for (let i = 0; i < n; i++) acc += x[i];
    else for (let i = 0; i < n; i++) acc = x[i] > acc || Number.isNaN(x[i]) ? x[i] : acc;
    out[0] = acc;
    return;
  }
  // Output index of each input element: drop the reduced coordinates.
  const rank = shape.length;
  const outShape = shape.map((d, i) => (axes.includes(i) ? 1 : d));
  const outStrides = stridesOf(outShape).map((s, i) => (axes.includes(i) ? 0 : s));
  const inner = shape[rank - 1];
  const innerReduced = axes.includes(rank - 1);
  const index = new Array<number>(rank).fill(0);
  let base = 0;
  for (let o = 0; o < n; o += inner) {
    if (innerReduced) {
      let acc = out[base];
      if (kind === 'sum') for (let j = 0; j < inner; j++) acc += x[o + j];
      else for (let j = 0; j < inner; j++) acc = x[o + j] > acc || Number.isNaN(x[o + j]) ? x[o + j] : acc;
      out[base] = acc;
    } else if (kind === 'sum') {
      for (let j = 0; j < inner; j++) out[base + j] += x[o + j];
    } else {
      for (let j = 0; j < inner; j++) {
        const v = x[o + j];
        if (v > out[base + j] || Number.isNaN(v)) out[base + j] = v;
      }
    }
    for (let d = rank - 2; d >= 0; d--) {
      index[d]++;
      base += outStrides[d];
      if (index[d] < shape[d]) break;
      base -= outStrides[d] * shape[d];
      index[d] = 0;
    }
  }
}
