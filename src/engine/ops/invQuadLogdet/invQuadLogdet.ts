/**
 * The inverse quadratic form and the log-determinant of a symmetric positive-definite matrix,
 * with their closed-form backward rules (the exact GP's marginal likelihood), and the same value
 * differentiated by reverse mode through the factorisation, kept for comparison.
 *
 * Both backward rules need C^{-1}; it comes from the cached Cholesky factor (choleskyInverse:
 * cpu.ts, webgpu.ts) rather than from differentiating the factorisation (Murray 2016's rule,
 * which costs a product and two solves with n right-hand sides).
 */
import type { Tensor } from '../../tensor';
import { record } from '../../autodiff';
import { defineKernelWithWasm } from '../../cpu/wasm';
import { checkPair, checkSquare } from '../checks';
import { add, log, mul } from '../elementwise';
import { sum, sumSquares } from '../reductions';
import { diag, reshape, stopGradient } from '../shapes';
import { cholesky } from '../cholesky/cholesky';
import { triangularSolve } from '../triangularSolve/triangularSolve';
import { choleskyInverseCpu, invQuadLogdetGradCpu } from './cpu';
import { choleskyInverseWasm, invQuadLogdetGradWasm } from './wasm';

/** C^{-1} [n,n] from the lower Cholesky factor l [n,n] of C (LAPACK's potri). */
export const choleskyInverseKernel = defineKernelWithWasm('choleskyInverse', choleskyInverseCpu, choleskyInverseWasm);

/**
 * invQuadLogdet's gradient for C, g/2 (C^{-1} - alpha alpha^T) [n,n], from the lower factor
 * l [n,n], alpha [n,1] and g []: on the cpu one pass after the inverse instead of four over
 * N x N matrices (webgpu.ts composes it from the inverse and elementwise ops).
 */
export const invQuadLogdetGradKernel = defineKernelWithWasm('invQuadLogdetGrad', invQuadLogdetGradCpu, invQuadLogdetGradWasm);

/** The value and its two parts, each a scalar []. */
export interface InvQuadLogdet {
  /** 1/2 r^T C^{-1} r + 1/2 log det C: the op's differentiable result. */
  value: Tensor;
  /** r^T C^{-1} r (not differentiated). */
  invQuad: Tensor;
  /** log det C (not differentiated). */
  logdet: Tensor;
}

/** The length n of a right-hand side r given as [n] or [n,1]; throws for anything else. */
function checkRhs(c: Tensor, r: Tensor, op: string): number {
  const n = checkSquare(c, op);
  checkPair(c, r, op);
  const ok = (r.rank === 1 && r.shape[0] === n) || (r.rank === 2 && r.shape[0] === n && r.shape[1] === 1);
  if (!ok) throw new Error(`${op}: r [${r.shape.join(',')}] does not match C [${n},${n}]: give r as [${n}] or [${n},1]`);
  return n;
}

/**
 * 1/2 r^T C^{-1} r + 1/2 log det C for symmetric positive-definite c [n,n] (its lower triangle is
 * read) and r [n] or [n,1], with the parts. Forward: L = chol(C), w = L^{-1} r, alpha = L^{-T} w;
 * r^T C^{-1} r = |w|^2, log det C = 2 sum log L_ii. Backward, in closed form:
 *   C̄ = g/2 (C^{-1} - alpha alpha^T),   r̄ = g alpha,
 * with C^{-1} from L (choleskyInverse); C̄ is the gradient for symmetric perturbations of C, as
 * for cholesky. A C that is not positive definite gives NaN.
 */
export function invQuadLogdet(c: Tensor, r: Tensor): InvQuadLogdet {
  const n = checkRhs(c, r, 'invQuadLogdet');
  const be = c.backend;
  const l = be.cholesky(c, 0);
  const w = be.triangularSolve(l, be.reshape(r, [n, 1]), { lower: true, transpose: false });
  const alpha = be.triangularSolve(l, w, { lower: true, transpose: true });
  // l and w come from the backend directly, so these record nothing.
  const invQuad = sumSquares(w);
  const logdet = mul(sum(log(be.diag(l))), 2);
  const value = record(stopGradient(mul(add(invQuad, logdet), 0.5)), [c, r], 'invQuadLogdet', (g) => {
    return [invQuadLogdetGradKernel.run(be, l, alpha, g), mul(reshape(alpha, r.shape), g)];
  });
  return { value, invQuad, logdet };
}

/**
 * The same value as invQuadLogdet(c, r).value [], written with the differentiable cholesky and
 * triangularSolve ops, so that reverse mode goes through the triangular solve and the
 * factorisation (Murray 2016's Cholesky backward): the generic path that the op replaces.
 */
export function invQuadLogdetGeneric(c: Tensor, r: Tensor): InvQuadLogdet {
  const n = checkRhs(c, r, 'invQuadLogdetGeneric');
  const l = cholesky(c);
  const w = triangularSolve(l, reshape(r, [n, 1]), { lower: true });
  const invQuad = sumSquares(w);
  const logdet = mul(sum(log(diag(l))), 2);
  return { value: mul(add(invQuad, logdet), 0.5), invQuad: stopGradient(invQuad), logdet: stopGradient(logdet) };
}

/**
 * log det a for symmetric positive-definite a [n,n] -> [], as 2 Σ log L_ii.
 * Its own backward rule, d logdet a = a^{-1}, from the cached factor (choleskyInverse) instead
 * of differentiating through the factorisation.
 */
export function logdet(a: Tensor): Tensor {
  checkSquare(a, 'logdet');
  const l = a.backend.cholesky(a, 0);
  const value = mul(sum(log(l.backend.diag(l))), 2);
  return record(stopGradient(value), [a], 'logdet', (g) => [mul(choleskyInverseKernel.run(a.backend, l), g)]);
}
