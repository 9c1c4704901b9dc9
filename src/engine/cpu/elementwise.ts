/** Elementwise kernels of the cpu backend: unary maps and broadcasting binary maps. */
import type { BinaryOp, TypedArray, UnaryOp } from '../tensor';
import type { Shape } from '../shape';
import { broadcastStrides, shapesEqual, sizeOf } from '../shape';
import { digamma, lgamma, log1pexp, sigmoid, trigamma } from '../special';

export function unaryFunction(op: UnaryOp): (x: number) => number {
  switch (op) {
    case 'neg':
      return (x) => -x;
    case 'exp':
      return Math.exp;
    case 'log':
      return Math.log;
    case 'log1p':
      return Math.log1p;
    case 'sqrt':
      return Math.sqrt;
    case 'square':
      return (x) => x * x;
    case 'abs':
      return Math.abs;
    case 'sign':
      return (x) => (x > 0 ? 1 : x < 0 ? -1 : 0);
    case 'reciprocal':
      return (x) => 1 / x;
    case 'tanh':
      return Math.tanh;
    case 'sigmoid':
      return sigmoid;
    case 'softplus':
      return log1pexp;
    case 'lgamma':
      return lgamma;
    case 'digamma':
      return digamma;
    case 'trigamma':
      return trigamma;
  }
}

export function unaryInto(op: UnaryOp, x: TypedArray, out: TypedArray): void {
  const n = x.length;
  // The hottest maps get their own loops so V8 can inline them.
  switch (op) {
    case 'exp':
      for (let i = 0; i < n; i++) out[i] = Math.exp(x[i]);
      return;
    case 'neg':
      for (let i = 0; i < n; i++) out[i] = -x[i];
      return;
    case 'square':
      for (let i = 0; i < n; i++) out[i] = x[i] * x[i];
      return;
    case 'log':
      for (let i = 0; i < n; i++) out[i] = Math.log(x[i]);
      return;
    default: {
      const f = unaryFunction(op);
      for (let i = 0; i < n; i++) out[i] = f(x[i]);
    }
  }
}

function binaryFunction(op: BinaryOp): (a: number, b: number) => number {
  switch (op) {
    case 'add':
      return (a, b) => a + b;
    case 'sub':
      return (a, b) => a - b;
    case 'mul':
      return (a, b) => a * b;
    case 'div':
      return (a, b) => a / b;
    case 'maximum':
      return (a, b) => (a >= b ? a : b);
    case 'minimum':
      return (a, b) => (a <= b ? a : b);
    case 'greater':
      return (a, b) => (a > b ? 1 : 0);
  }
}

/** Same-shape fast path: out[i] = a[i] op b[i]. */
function sameShape(op: BinaryOp, a: TypedArray, b: TypedArray, out: TypedArray): void {
  const n = out.length;
  switch (op) {
    case 'add':
      for (let i = 0; i < n; i++) out[i] = a[i] + b[i];
      return;
    case 'sub':
      for (let i = 0; i < n; i++) out[i] = a[i] - b[i];
      return;
    case 'mul':
      for (let i = 0; i < n; i++) out[i] = a[i] * b[i];
      return;
    case 'div':
      for (let i = 0; i < n; i++) out[i] = a[i] / b[i];
      return;
    default: {
      const f = binaryFunction(op);
      for (let i = 0; i < n; i++) out[i] = f(a[i], b[i]);
    }
  }
}

/** out = a op b with broadcasting; `out` has the broadcast shape `outShape`. */
export function binaryInto(
  op: BinaryOp,
  a: TypedArray,
  aShape: Shape,
  b: TypedArray,
  bShape: Shape,
  out: TypedArray,
  outShape: Shape,
): void {
  if (shapesEqual(aShape, bShape)) return sameShape(op, a, b, out);
  const f = binaryFunction(op);
  const n = sizeOf(outShape);
  if (b.length === 1 && a.length === n) {
    const s = b[0];
    for (let i = 0; i < n; i++) out[i] = f(a[i], s);
    return;
  }
  if (a.length === 1 && b.length === n) {
    const s = a[0];
    for (let i = 0; i < n; i++) out[i] = f(s, b[i]);
    return;
  }
  // General case: walk the output with an odometer over the last dimension.
  const rank = outShape.length;
  const sa = broadcastStrides(aShape, outShape);
  const sb = broadcastStrides(bShape, outShape);
  const inner = outShape[rank - 1];
  const ia = sa[rank - 1];
  const ib = sb[rank - 1];
  const index = new Array<number>(rank).fill(0);
  let pa = 0;
  let pb = 0;
  for (let o = 0; o < n; o += inner) {
    let qa = pa;
    let qb = pb;
    for (let j = 0; j < inner; j++) {
      out[o + j] = f(a[qa], b[qb]);
      qa += ia;
      qb += ib;
    }
    // Advance the odometer over dimensions 0..rank-2.
    for (let d = rank - 2; d >= 0; d--) {
      index[d]++;
      pa += sa[d];
      pb += sb[d];
      if (index[d] < outShape[d]) break;
      pa -= sa[d] * outShape[d];
      pb -= sb[d] * outShape[d];
      index[d] = 0;
    }
  }
}

/** Materialises x (shape xShape) broadcast to outShape. */
export function expandInto(x: TypedArray, xShape: Shape, out: TypedArray, outShape: Shape): void {
  const zero = new Float64Array(1);
  binaryInto('add', x, xShape, zero as unknown as TypedArray, [], out, outShape);
}
