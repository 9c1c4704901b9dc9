/**
 * The squared-exponential (RBF) kernel matrix as one fused op with a fused backward: the op, its
 * backward rule and its shape checks; the kernels are in cpu.ts and webgpu.ts (shaders/rbf.wgsl,
 * shaders/rbf_backward.wgsl).
 */
import type { Tensor } from '../../tensor';
import { record } from '../../autodiff';
import { checkPair } from '../checks';
import { reshape } from '../shapes';
import { rbfBackwardCpu, rbfCpu } from './cpu';
import { rbfBackwardWasm, rbfWasm } from './wasm';
import { defineKernelWithWasm } from '../../cpu/wasm';

/** Gradients of the fused RBF cross-kernel with respect to its four inputs. */
export interface RbfGrads {
  dA: Tensor;
  dB: Tensor;
  dLogVariance: Tensor;
  dLogLengthscale: Tensor;
}

/** k [p,q] from a [p,d], b [q,d] and the two scalar log-hyperparameters. */
export const rbfKernel = defineKernelWithWasm('rbf', rbfCpu, rbfWasm);
/** The gradients of sum(g ∘ k) for k = rbf(a, b, ...) (k passed in to avoid recomputing it). */
export const rbfBackwardKernel = defineKernelWithWasm('rbfBackward', rbfBackwardCpu, rbfBackwardWasm);

/**
 * Squared-exponential kernel matrix exp(logVariance) exp(-|a_i - b_j|^2 / (2 exp(logLengthscale)^2)):
 * a [p,d], b [q,d], scalars [] -> [p,q]. One fused kernel forward and one backward.
 */
export function rbf(a: Tensor, b: Tensor, logVariance: Tensor, logLengthscale: Tensor): Tensor {
  checkPair(a, b, 'rbf');
  if (a.rank !== 2 || b.rank !== 2 || a.shape[1] !== b.shape[1]) {
    throw new Error(`rbf: inputs [${a.shape.join(',')}] and [${b.shape.join(',')}] need the same number of columns`);
  }
  if (logVariance.size !== 1 || logLengthscale.size !== 1) throw new Error('rbf: logVariance and logLengthscale must be scalars');
  const k = rbfKernel.run(a.backend, a, b, logVariance, logLengthscale);
  return record(k, [a, b, logVariance, logLengthscale], 'rbf', (g) => {
    const r = rbfBackwardKernel.run(a.backend, a, b, logLengthscale, k, g);
    return [r.dA, r.dB, reshape(r.dLogVariance, logVariance.shape), reshape(r.dLogLengthscale, logLengthscale.shape)];
  });
}
