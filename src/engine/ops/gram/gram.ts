/**
 * Gram matrices and quadratic forms: the weighted Gram matrix a diag(g) a^T, a a^T, the whitened
 * Gram matrix (L^{-1} k)(L^{-1} k)^T of the SVGP bound, all on one symmetric kernel
 * (shaders/weighted_gram.wgsl), and the column quadratic forms a_j^T w a_j, the adjoint pair of
 * the weighted Gram matrix (each one's backward uses the other). Kernels in cpu.ts and webgpu.ts.
 */
import type { Tensor } from '../../tensor';
import { record } from '../../autodiff';
import { checkPair, checkSquare } from '../checks';
import { add, mul, neg } from '../elementwise';
import { reshape, transpose, tril } from '../shapes';
import { matmul } from '../matmul/matmul';
import { triangularSolve } from '../triangularSolve/triangularSolve';
import { columnQuadFormCpu, weightedGramCpu } from './cpu';
import { columnQuadFormWasm, weightedGramWasm } from './wasm';
import { defineKernelWithWasm } from '../../cpu/wasm';

/** a diag(g) a^T [m,m] for a [m,n], g [n]: symmetric, so each kernel computes half the products. */
export const weightedGramKernel = defineKernelWithWasm('weightedGram', weightedGramCpu, weightedGramWasm);
/** q [n] with q_j = a_j^T w a_j for w [m,m], a [m,n]. */
export const columnQuadFormKernel = defineKernelWithWasm('columnQuadForm', columnQuadFormCpu, columnQuadFormWasm);

/**
 * The weighted Gram matrix a diag(g) a^T: a [m,n], g [n] -> [m,m]. Backward, with G̅ the
 * cotangent: ā = (G̅ + G̅^T) a diag(g), and ḡ_j = a_j^T G̅ a_j, the column quadratic forms.
 */
export function weightedGram(a: Tensor, g: Tensor): Tensor {
  checkPair(a, g, 'weightedGram');
  if (a.rank !== 2 || g.rank !== 1 || g.shape[0] !== a.shape[1]) {
    throw new Error(`weightedGram: shapes a [${a.shape.join(',')}] and g [${g.shape.join(',')}] do not fit a [m,n], g [n]`);
  }
  const out = weightedGramKernel.run(a.backend, a, g);
  return record(out, [a, g], 'weightedGram', (gBar) => [mul(matmul(add(gBar, transpose(gBar)), a), reshape(g, [1, g.size])), columnQuadForm(gBar, a)]);
}

/** Gram matrix a a^T: a [m,n] -> [m,m], computed as one symmetric kernel (half the products). */
export function gram(a: Tensor): Tensor {
  if (a.rank !== 2) throw new Error(`gram: expected a matrix, got [${a.shape.join(',')}]`);
  const ones = a.backend.full([a.shape[1]], 1, a.dtype);
  const out = weightedGramKernel.run(a.backend, a, ones);
  return record(out, [a], 'gram', (g) => [matmul(add(g, transpose(g)), a)]);
}

/**
 * Whitened Gram matrix P = A A^T with A = L^{-1} k: lower-triangular l [m,m], k [m,n] -> [m,m].
 * Forward: one triangular solve with n columns and one symmetric product. Its own backward rule
 * keeps the O(m^2 n) work to a single product: with T = L^{-T} (P̄ + P̄^T) (m columns),
 *   k̄ = T A,   l̄ = -tril(T P),
 * where differentiating the solve would take a second n-column solve and an m x n x m product
 * for l̄. Unlike L^{-1} (k k^T) L^{-T}, which solves twice and so amplifies the rounding errors
 * of k k^T by cond(L)^2, it applies L^{-1} once (see models/svgp.ts).
 */
export function whitenedGram(l: Tensor, k: Tensor): Tensor {
  const m = checkSquare(l, 'whitenedGram');
  checkPair(l, k, 'whitenedGram');
  if (k.rank !== 2 || k.shape[0] !== m) throw new Error(`whitenedGram: [${k.shape.join(',')}] does not match l [${m},${m}]`);
  const be = l.backend;
  const a = be.triangularSolve(l, k, { lower: true, transpose: false });
  const out = weightedGramKernel.run(be, a, be.full([k.shape[1]], 1, k.dtype));
  return record(out, [l, k], 'whitenedGram', (g) => {
    const t = triangularSolve(l, add(g, transpose(g)), { lower: true, transpose: true });
    return [neg(tril(matmul(t, out))), matmul(t, a)];
  });
}

/** Column quadratic forms q_j = a_j^T w a_j: w [m,m], a [m,n] -> [n]. */
export function columnQuadForm(w: Tensor, a: Tensor): Tensor {
  checkPair(w, a, 'columnQuadForm');
  const m = checkSquare(w, 'columnQuadForm');
  if (a.rank !== 2 || a.shape[0] !== m) throw new Error(`columnQuadForm: [${a.shape.join(',')}] does not match w [${m},${m}]`);
  const out = columnQuadFormKernel.run(w.backend, w, a);
  return record(out, [w, a], 'columnQuadForm', (g) => [
    weightedGramKernel.run(w.backend, a, g),
    mul(matmul(add(w, transpose(w)), a), reshape(g, [1, g.size])),
  ]);
}
