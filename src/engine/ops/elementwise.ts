/**
 * Elementwise ops: binary maps with NumPy broadcasting, unary maps, and the fused scalar forms
 * (affine, log2cosh) that keep the small graphs of the probabilistic models short. Each records
 * its backward rule, written with these same ops.
 */
import type { BinaryOp, Tensor, UnaryOp } from '../tensor';
import { record } from '../autodiff';
import { checkPair } from './checks';
import { sumToShape, transpose } from './shapes';

export type Operand = Tensor | number;

function asTensor(v: Operand, like: Tensor): Tensor {
  return typeof v === 'number' ? like.backend.full([], v, like.dtype) : v;
}

function binary(op: BinaryOp, a: Operand, b: Operand, backward: (g: Tensor, a: Tensor, b: Tensor, out: Tensor) => [Tensor | null, Tensor | null]): Tensor {
  const ta = typeof a === 'number' ? asTensor(a, b as Tensor) : a;
  const tb = asTensor(b, ta);
  checkPair(ta, tb, op);
  const out = ta.backend.binary(op, ta, tb);
  return record(out, [ta, tb], op, (g) => {
    const [ga, gb] = backward(g, ta, tb, out);
    return [ga && sumToShape(ga, ta.shape), gb && sumToShape(gb, tb.shape)];
  });
}

export function add(a: Operand, b: Operand): Tensor {
  return binary('add', a, b, (g) => [g, g]);
}

export function sub(a: Operand, b: Operand): Tensor {
  return binary('sub', a, b, (g) => [g, neg(g)]);
}

export function mul(a: Operand, b: Operand): Tensor {
  return binary('mul', a, b, (g, x, y) => [mul(g, y), mul(g, x)]);
}

export function div(a: Operand, b: Operand): Tensor {
  return binary('div', a, b, (g, _x, y, out) => [div(g, y), neg(div(mul(g, out), y))]);
}

/** Elementwise maximum; the gradient goes to a where a >= b, else to b. */
export function maximum(a: Operand, b: Operand): Tensor {
  return binary('maximum', a, b, (g, x, y) => {
    const bWins = greater(y, x);
    return [mul(g, sub(1, bWins)), mul(g, bWins)];
  });
}

/** Elementwise minimum; the gradient goes to a where a <= b, else to b. */
export function minimum(a: Operand, b: Operand): Tensor {
  return binary('minimum', a, b, (g, x, y) => {
    const aWins = greater(y, x);
    return [mul(g, aWins), mul(g, sub(1, aWins))];
  });
}

/** 1 where a > b, else 0 (not differentiable: no gradient flows). */
export function greater(a: Operand, b: Operand): Tensor {
  const ta = typeof a === 'number' ? asTensor(a, b as Tensor) : a;
  const tb = asTensor(b, ta);
  checkPair(ta, tb, 'greater');
  return ta.backend.binary('greater', ta, tb);
}

function unary(op: UnaryOp, x: Tensor, backward: (g: Tensor, x: Tensor, out: Tensor) => Tensor): Tensor {
  const out = x.backend.unary(op, x);
  return record(out, [x], op, (g) => [backward(g, x, out)]);
}

export const neg = (x: Tensor): Tensor => unary('neg', x, (g) => neg(g));
export const exp = (x: Tensor): Tensor => unary('exp', x, (g, _x, out) => mul(g, out));
export const log = (x: Tensor): Tensor => unary('log', x, (g, x) => div(g, x));
export const log1p = (x: Tensor): Tensor => unary('log1p', x, (g, x) => div(g, add(x, 1)));
export const sqrt = (x: Tensor): Tensor => unary('sqrt', x, (g, _x, out) => div(mul(g, 0.5), out));
export const square = (x: Tensor): Tensor => unary('square', x, (g, x) => mul(g, mul(x, 2)));
export const abs = (x: Tensor): Tensor => unary('abs', x, (g, x) => mul(g, sign(x)));
export const sign = (x: Tensor): Tensor => x.backend.unary('sign', x);
export const reciprocal = (x: Tensor): Tensor => unary('reciprocal', x, (g, _x, out) => neg(mul(g, square(out))));
export const tanh = (x: Tensor): Tensor => unary('tanh', x, (g, _x, out) => mul(g, sub(1, square(out))));
export const sigmoid = (x: Tensor): Tensor => unary('sigmoid', x, (g, _x, out) => mul(g, mul(out, sub(1, out))));
/** log(1 + e^x), computed stably; its derivative is sigmoid(x). */
export const softplus = (x: Tensor): Tensor => unary('softplus', x, (g, x) => mul(g, sigmoid(x)));
/** log Gamma(x) for x > 0; derivative digamma(x). */
export const lgamma = (x: Tensor): Tensor => unary('lgamma', x, (g, x) => mul(g, digamma(x)));
/** digamma(x) = d lgamma / dx; derivative trigamma(x). */
export const digamma = (x: Tensor): Tensor => unary('digamma', x, (g, x) => mul(g, trigamma(x)));
/** trigamma(x) = d digamma / dx (not differentiated further). */
export const trigamma = (x: Tensor): Tensor => x.backend.unary('trigamma', x);

/**
 * a x + b for plain numbers a and b, as one op whose backward is g a. Passing a number to mul or
 * add instead makes it a scalar tensor, whose (unused) gradient the backward pass still forms
 * and reduces; in the small graphs of the probabilistic models that waste is most of the work.
 */
export function affine(x: Tensor, a: number, b = 0): Tensor {
  const be = x.backend;
  let out = x;
  if (a !== 1) out = be.binary('mul', out, be.full([], a, x.dtype));
  if (b !== 0) out = be.binary('add', out, be.full([], b, x.dtype));
  if (out === x) return x;
  return record(out, [x], 'affine', (g) => [a === 1 ? g : affine(g, a)]);
}

/**
 * log(2 cosh z) = logaddexp(z, -z), computed as |z| + softplus(-2|z|) so it never overflows;
 * one op with backward g tanh(z). (The SoftLaplace log-density is log(2/pi) - log scale minus
 * this of the standardised value.)
 */
export function log2cosh(z: Tensor): Tensor {
  const be = z.backend;
  const a = be.unary('abs', z);
  const out = be.binary('add', a, be.unary('softplus', be.binary('mul', a, be.full([], -2, z.dtype))));
  return record(out, [z], 'log2cosh', (g) => [mul(g, tanh(z))]);
}

/**
 * x clipped to [lo, hi] elementwise, as jnp.clip (min(max(x, lo), hi)); the gradient passes
 * where lo <= x <= hi and is zero outside, where the output does not depend on x.
 */
export function clip(x: Tensor, lo: number, hi: number): Tensor {
  if (!(lo <= hi)) throw new RangeError(`clip: lower bound ${lo} must not exceed upper bound ${hi}`);
  const be = x.backend;
  const loT = be.full([], lo, x.dtype);
  const hiT = be.full([], hi, x.dtype);
  const out = be.binary('minimum', be.binary('maximum', x, loT), hiT);
  return record(out, [x], 'clip', (g) => {
    // inside = 1 - [lo > x] - [x > hi]: the two masks never both hold because lo <= hi.
    const outside = be.binary('add', be.binary('greater', loT, x), be.binary('greater', x, hiT));
    return [mul(g, sub(1, outside))];
  });
}

/** (x + x^T) / 2. */
export function symmetrize(x: Tensor): Tensor {
  return mul(add(x, transpose(x)), 0.5);
}

