/**
 * A dense layer act(x w + b) as one fused op with a fused backward (the BNN's layers); kernels in
 * cpu.ts and webgpu.ts.
 */
import type { Tensor } from '../../tensor';
import { record } from '../../autodiff';
import { checkPair } from '../checks';
import { denseBackwardCpu, denseCpu } from './cpu';
import { denseBackwardWasm, denseWasm } from './wasm';
import { defineKernelWithWasm } from '../../cpu/wasm';

/** Activation of the fused dense layer: identity or tanh. */
export type DenseActivation = 'linear' | 'tanh';

/** Gradients of the fused dense layer with respect to its three inputs. */
export interface DenseGrads {
  /** null when not asked for (x is data). */
  dx: Tensor | null;
  dw: Tensor;
  db: Tensor;
}

/** act(x w + b) [n,m] for x [n,k], w [k,m], b [m]. */
export const denseKernel = defineKernelWithWasm('dense', denseCpu, denseWasm);
/** Gradients of sum(g ∘ out) for out = dense(x, w, b, activation); out is passed in because tanh' = 1 - out^2; dx only if needDx. */
export const denseBackwardKernel = defineKernelWithWasm('denseBackward', denseBackwardCpu, denseBackwardWasm);

/**
 * A dense layer act(x w + b) as one op: x [n,k], w [k,m], b [m] -> [n,m], activation 'linear'
 * or 'tanh'. Its backward is one fused kernel too (dx = d w^T, dw = x^T d, db = colsum d with
 * d = g ∘ act'(out)); like rbf it is differentiable once.
 */
export function dense(x: Tensor, w: Tensor, b: Tensor, activation: DenseActivation = 'linear'): Tensor {
  checkPair(x, w, 'dense');
  checkPair(w, b, 'dense');
  if (x.rank !== 2 || w.rank !== 2 || b.rank !== 1 || x.shape[1] !== w.shape[0] || b.shape[0] !== w.shape[1]) {
    throw new Error(`dense: shapes x [${x.shape.join(',')}], w [${w.shape.join(',')}], b [${b.shape.join(',')}] do not fit x [n,k], w [k,m], b [m]`);
  }
  const out = denseKernel.run(x.backend, x, w, b, activation);
  return record(out, [x, w, b], 'dense', (g) => {
    const r = denseBackwardKernel.run(x.backend, x, w, out, g, activation, x.requiresGrad);
    return [r.dx, r.dw, r.db];
  });
}
