/**
 * Arithmetic on distribution parameters that may be plain numbers or tensors.
 *
 * Distributions take `Param = Tensor | number` so that a fixed prior such as Normal(0, 1) spends
 * no tensor ops on its parameters: two numbers are combined in JavaScript, a tensor with a
 * number becomes one `affine` op (identities such as adding 0 or multiplying by 1 cost nothing),
 * and only two tensors make a broadcasting binary op. Every function returns a number when all
 * its inputs are numbers (and `mul` also when one factor is the number 0, which drops the term).
 */
import type { Backend, FloatDType } from '../tensor';
import { Tensor } from '../tensor';
import * as E from '../ops';
import * as S from '../special';

export type Param = Tensor | number;

export function isTensor(x: Param): x is Tensor {
  return x instanceof Tensor;
}

// A tensor with a number goes through E.affine, one op with no gradient formed for the number.

export function add(a: Param, b: Param): Param {
  if (typeof a === 'number' && typeof b === 'number') return a + b;
  if (typeof a === 'number') return E.affine(b as Tensor, 1, a);
  if (typeof b === 'number') return E.affine(a, 1, b);
  return E.add(a, b);
}

export function sub(a: Param, b: Param): Param {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'number') return E.affine(b as Tensor, -1, a);
  if (typeof b === 'number') return E.affine(a, 1, -b);
  return E.sub(a, b);
}

export function mul(a: Param, b: Param): Param {
  if (typeof a === 'number' && typeof b === 'number') return a * b;
  // A zero factor drops the term (its derivative is zero too); the other terms keep the shape.
  if (a === 0 || b === 0) return 0;
  if (typeof a === 'number') return E.affine(b as Tensor, a);
  if (typeof b === 'number') return E.affine(a, b);
  return E.mul(a, b);
}

export function div(a: Param, b: Param): Param {
  if (typeof a === 'number' && typeof b === 'number') return a / b;
  if (typeof b === 'number') return E.affine(a as Tensor, 1 / b);
  return E.div(a, b);
}

export function log(x: Param): Param {
  return typeof x === 'number' ? Math.log(x) : E.log(x);
}

export function exp(x: Param): Param {
  return typeof x === 'number' ? Math.exp(x) : E.exp(x);
}

export function lgamma(x: Param): Param {
  return typeof x === 'number' ? S.lgamma(x) : E.lgamma(x);
}

export function softplus(x: Param): Param {
  return typeof x === 'number' ? S.log1pexp(x) : E.softplus(x);
}

/** The backend and float dtype of the first tensor among the parameters, else the defaults. */
export function placement(params: readonly Param[], fallback: { backend?: Backend; dtype?: FloatDType } = {}): { backend: Backend; dtype: FloatDType } {
  for (const p of params) {
    if (isTensor(p) && p.dtype !== 'i32') return { backend: p.backend, dtype: p.dtype };
  }
  return { backend: fallback.backend ?? E.getDefaultBackend(), dtype: fallback.dtype ?? 'f64' };
}
