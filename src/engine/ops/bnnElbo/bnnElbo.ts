/**
 * The Bayesian network's whole model in one op: for K draws from the mean-field Normal guide,
 * the three terms of each draw's ELBO (log-likelihood of the data, log prior, log q), with their
 * gradients computed in the same pass over the data. Replaces, for the bnn notebook's model
 * (models/bnn.ts: an MLP with tanh hidden layers and a logit output, SoftLaplace(0, 1) weights,
 * Normal(0, 1) biases; prob/guides.ts: softplus scales), some two hundred small ops per step
 * forward and backward by one kernel, whose cost is the arithmetic on the data. Tested against
 * the generic composition (traceElbo with bnnModel and the guide).
 */
import type { Tensor } from '../../tensor';
import { isRecording, record } from '../../autodiff';
import { defineKernel } from '../registry';
import { checkPair } from '../checks';
import { matmul } from '../matmul/matmul';
import { reshape } from '../shapes';
import { defineKernelWithWasm } from '../../cpu/wasm';
import { bnnElboBackwardCpu, bnnElboCpu } from './cpu';
import { bnnElboWasm } from './wasm';
import { bnnParameterCount } from './layout';

/** The terms and, when asked, their gradients with respect to the guide's parameters. */
export interface BnnElboGrads {
  /** [K,3]: log p(y | z_k), log p(z_k), log q(z_k). */
  terms: Tensor;
  /** [K,3,D]: d terms[k,c] / d loc (null without gradients). */
  dLoc: Tensor | null;
  /** [K,3,D]: d terms[k,c] / d rawScale (null without gradients). */
  dRaw: Tensor | null;
}

/** The kernel: terms [K,3] and their gradients [K,3,D] for the guide's loc, rawScale [D], noise eps [K,D] and data x [n,d_0], y [n]. */
export const bnnElboKernel = defineKernelWithWasm('bnnElbo', bnnElboCpu, bnnElboWasm);
/**
 * The gradients [dLoc [D], dRaw [D]] of sum(g ∘ terms) for a cotangent g [K,3], where the forward
 * kernel handed none back (the GPU's composition differentiates itself; the cpu's is the contraction).
 */
export const bnnElboBackwardKernel = defineKernel('bnnElboBackward', bnnElboBackwardCpu);

/**
 * terms [K,3] = (log p(y | z_k), log p(z_k), log q(z_k)) for z_k = loc + softplus(rawScale) eps_k:
 * loc, rawScale [D], eps [K,D], x [n, widths[0]], y [n] (0 or 1), layer widths ending in 1.
 * Differentiable in loc and rawScale: the kernel computes the gradients of every term while it
 * passes over the data (when they will be needed), and the backward rule contracts them with the
 * cotangent (two products).
 */
export function bnnElboTerms(loc: Tensor, rawScale: Tensor, eps: Tensor, x: Tensor, y: Tensor, widths: readonly number[]): Tensor {
  for (const t of [rawScale, eps, x, y]) checkPair(loc, t, 'bnnElboTerms');
  const d = bnnParameterCount(widths);
  if (widths.length < 2 || widths[widths.length - 1] !== 1 || widths.some((w) => !Number.isInteger(w) || w < 1)) {
    throw new Error(`bnnElboTerms: layer widths [${widths.join(',')}] must be positive integers ending in 1 (one logit)`);
  }
  if (loc.rank !== 1 || loc.size !== d || rawScale.rank !== 1 || rawScale.size !== d) {
    throw new Error(`bnnElboTerms: loc [${loc.shape.join(',')}] and rawScale [${rawScale.shape.join(',')}] must be [${d}] for widths [${widths.join(',')}]`);
  }
  if (eps.rank !== 2 || eps.shape[1] !== d) throw new Error(`bnnElboTerms: eps [${eps.shape.join(',')}] must be [K,${d}]`);
  const n = x.shape[0];
  if (x.rank !== 2 || x.shape[1] !== widths[0] || y.rank !== 1 || y.shape[0] !== n) {
    throw new Error(`bnnElboTerms: data x [${x.shape.join(',')}], y [${y.shape.join(',')}] must be [n,${widths[0]}] and [n]`);
  }
  const withGrad = isRecording() && (loc.requiresGrad || rawScale.requiresGrad);
  const r = bnnElboKernel.run(loc.backend, loc, rawScale, eps, x, y, widths, withGrad);
  if (!withGrad) return r.terms;
  const k = eps.shape[0];
  const { dLoc, dRaw } = r;
  if (dLoc === null || dRaw === null) {
    return record(r.terms, [loc, rawScale], 'bnnElbo', (g) => bnnElboBackwardKernel.run(loc.backend, g, loc, rawScale, eps, x, y, widths));
  }
  return record(r.terms, [loc, rawScale], 'bnnElbo', (g) => contract(g, dLoc, dRaw, k, d));
}

/** [g·dLoc, g·dRaw] [D] for a cotangent g [K,3] and gradients [K,3,D]: two products. */
export function contract(g: Tensor, dLoc: Tensor, dRaw: Tensor, k: number, d: number): [Tensor, Tensor] {
  const gRow = reshape(g, [1, 3 * k]);
  return [reshape(matmul(gRow, reshape(dLoc, [3 * k, d])), [d]), reshape(matmul(gRow, reshape(dRaw, [3 * k, d])), [d])];
}
