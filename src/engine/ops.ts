/**
 * The public ops of the engine (`import * as E from './ops'`): each runs its backend kernel and
 * records its backward rule. Every op has one home under ops/: the op, its backward rule and its
 * shape checks, and, for an op with a kernel of its own, that kernel for each backend beside it
 * (see README, "Adding an op"). Backward rules are written with these same ops, so they run on
 * whichever backend holds the tensors. Shapes in doc comments use [rows, cols].
 */
export type { CreateOptions } from './ops/creation';
export { eye, full, getDefaultBackend, ones, scalar, setDefaultBackend, tensor, zeros, zerosLike } from './ops/creation';
export { broadcastTo, cast, diag, diagMatrix, reshape, stopGradient, sumToShape, transpose, tril, triu } from './ops/shapes';
export type { Operand } from './ops/elementwise';
export {
  abs,
  add,
  affine,
  clip,
  digamma,
  div,
  exp,
  greater,
  lgamma,
  log,
  log1p,
  log2cosh,
  maximum,
  minimum,
  mul,
  neg,
  reciprocal,
  sigmoid,
  sign,
  softplus,
  sqrt,
  square,
  sub,
  symmetrize,
  tanh,
  trigamma,
} from './ops/elementwise';
export { logsumexp, max, mean, sum, sumSquares } from './ops/reductions';
export type { MatmulOptions } from './ops/matmul/matmul';
export { matmul } from './ops/matmul/matmul';
export { gatherRows } from './ops/gatherRows/gatherRows';
export type { SolveOptions } from './ops/triangularSolve/triangularSolve';
export { triangularSolve } from './ops/triangularSolve/triangularSolve';
export { cholesky } from './ops/cholesky/cholesky';
export type { InvQuadLogdet } from './ops/invQuadLogdet/invQuadLogdet';
export { invQuadLogdet, invQuadLogdetGeneric, logdet } from './ops/invQuadLogdet/invQuadLogdet';
export { columnQuadForm, gram, weightedGram, whitenedGram } from './ops/gram/gram';

export { rbf } from './ops/rbf/rbf';
export { dense } from './ops/dense/dense';
export { bernoulliLogitsLogProb } from './ops/bernoulliLogits/bernoulliLogits';
export { sliceFlat } from './ops/sliceFlat/sliceFlat';
export { bnnElboTerms } from './ops/bnnElbo/bnnElbo';
export type { PoissonRows } from './ops/poissonLogLinear/poissonLogLinear';
export { poissonLogLinear } from './ops/poissonLogLinear/poissonLogLinear';
