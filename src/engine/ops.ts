/**
 * The public ops of the engine: each runs its backend kernel and records its backward rule.
 * Backward rules are written with these same ops, so they run on whichever backend holds
 * the tensors. Shapes in doc comments use [rows, cols].
 */
import type { Backend, BinaryOp, DType, DenseActivation, FloatDType, UnaryOp } from './tensor';
import { Tensor } from './tensor';
import type { Shape } from './shape';
import { broadcastShapes, normaliseAxes, reducedShape, shapesEqual, sizeOf } from './shape';
import { record } from './autodiff';
import { cpu } from './cpu/backend';

export type Operand = Tensor | number;

let defaultBackend: Backend = cpu;

/** The backend new tensors are created on when none is given. */
export function getDefaultBackend(): Backend {
  return defaultBackend;
}

/** Sets the backend new tensors are created on when none is given. */
export function setDefaultBackend(b: Backend): void {
  defaultBackend = b;
}

export interface CreateOptions {
  dtype?: DType;
  backend?: Backend;
}

/** A tensor from nested-free data and a shape (default: 1-D of the data's length), f64 on the default backend. */
export function tensor(data: ArrayLike<number>, shape?: Shape, options: CreateOptions = {}): Tensor {
  const b = options.backend ?? defaultBackend;
  return b.fromArray(data, shape ?? [data.length], options.dtype ?? 'f64');
}

/** A scalar tensor [] holding v. */
export function scalar(v: number, options: CreateOptions = {}): Tensor {
  return tensor([v], [], options);
}

/** A tensor of the given shape filled with v. */
export function full(shape: Shape, v: number, options: CreateOptions = {}): Tensor {
  return (options.backend ?? defaultBackend).full(shape, v, options.dtype ?? 'f64');
}

export function zeros(shape: Shape, options: CreateOptions = {}): Tensor {
  return full(shape, 0, options);
}

export function ones(shape: Shape, options: CreateOptions = {}): Tensor {
  return full(shape, 1, options);
}

/** Zeros with the shape, dtype and backend of x. */
export function zerosLike(x: Tensor): Tensor {
  return x.backend.full(x.shape, 0, x.dtype);
}

/** Identity matrix [n,n]. */
export function eye(n: number, options: CreateOptions = {}): Tensor {
  return (options.backend ?? defaultBackend).eye(n, options.dtype ?? 'f64');
}

function asTensor(v: Operand, like: Tensor): Tensor {
  return typeof v === 'number' ? like.backend.full([], v, like.dtype) : v;
}

function checkPair(a: Tensor, b: Tensor, op: string): void {
  if (a.backend !== b.backend) throw new Error(`${op}: tensors live on different backends (${a.backend.name}, ${b.backend.name})`);
  if (a.dtype !== b.dtype) throw new Error(`${op}: dtypes differ (${a.dtype}, ${b.dtype})`);
}

/** A tensor that shares x's value but is cut from the graph (JAX's stop_gradient). */
export function stopGradient(x: Tensor): Tensor {
  return new Tensor(x.shape, x.dtype, x.backend, x.storage, true);
}

// ---------------------------------------------------------------- shape ops

/** Same data viewed with a new shape of equal size. */
export function reshape(x: Tensor, shape: Shape): Tensor {
  if (sizeOf(shape) !== x.size) {
    throw new Error(`reshape: cannot view [${x.shape.join(',')}] as [${shape.join(',')}]`);
  }
  const out = x.backend.reshape(x, shape);
  return record(out, [x], 'reshape', (g) => [reshape(g, x.shape)]);
}

/** Sums g over the dimensions that broadcasting added to reach g's shape from `shape`. */
export function sumToShape(g: Tensor, shape: Shape): Tensor {
  if (shapesEqual(g.shape, shape)) return g;
  const lead = g.rank - shape.length;
  const axes: number[] = [];
  for (let i = 0; i < g.rank; i++) {
    if (i < lead || (shape[i - lead] === 1 && g.shape[i] !== 1)) axes.push(i);
  }
  const summed = axes.length ? g.backend.sum(g, axes) : g;
  return reshape(summed, shape);
}

/** x broadcast to `shape` (materialised). */
export function broadcastTo(x: Tensor, shape: Shape): Tensor {
  if (shapesEqual(x.shape, shape)) return x;
  broadcastShapes(x.shape, shape);
  const out = x.backend.expand(x, shape);
  return record(out, [x], 'broadcastTo', (g) => [sumToShape(g, x.shape)]);
}

/** [m,n] -> [n,m]. */
export function transpose(x: Tensor): Tensor {
  if (x.rank !== 2) throw new Error(`transpose: expected a matrix, got [${x.shape.join(',')}]`);
  return record(x.backend.transpose(x), [x], 'transpose', (g) => [transpose(g)]);
}

// ---------------------------------------------------------------- elementwise

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

/** x ** 2 summed; a convenience for squared norms. */
export function sumSquares(x: Tensor): Tensor {
  return sum(square(x));
}

// ---------------------------------------------------------------- reductions

/** Sum over axes (all by default); keepDims keeps them as size 1. */
export function sum(x: Tensor, axes?: number | readonly number[], keepDims = false): Tensor {
  const ax = normaliseAxes(axes, x.rank);
  const kept = ax.length ? x.backend.sum(x, ax) : x;
  const shape = reducedShape(x.shape, ax, keepDims);
  const out = kept === x ? x : x.backend.reshape(kept, shape);
  if (out === x) return x;
  return record(out, [x], 'sum', (g) => [broadcastTo(reshape(g, reducedShape(x.shape, ax, true)), x.shape)]);
}

/** Mean over axes (all by default). */
export function mean(x: Tensor, axes?: number | readonly number[], keepDims = false): Tensor {
  const ax = normaliseAxes(axes, x.rank);
  let count = 1;
  for (const a of ax) count *= x.shape[a];
  return div(sum(x, ax, keepDims), count);
}

/** Max over axes; treated as a constant by autodiff (used for stabilising shifts). */
export function max(x: Tensor, axes?: number | readonly number[], keepDims = false): Tensor {
  const ax = normaliseAxes(axes, x.rank);
  return x.backend.reshape(x.backend.max(x, ax), reducedShape(x.shape, ax, keepDims));
}

/** log(sum(exp(x))) over axes, shifted by the max so it never overflows. */
export function logsumexp(x: Tensor, axes?: number | readonly number[], keepDims = false): Tensor {
  const ax = normaliseAxes(axes, x.rank);
  const m = max(x, ax, true);
  // A row of -Infinity would give NaN from (-inf) - (-inf); a finite floor on the shift
  // keeps it -Infinity. (The shift is a constant for autodiff: any shift gives the same value.)
  const shift = stopGradient(maximum(m, -1e30));
  const s = log(sum(exp(sub(x, shift)), ax, true));
  const out = add(s, shift);
  return keepDims ? out : reshape(out, reducedShape(x.shape, ax, false));
}

// ---------------------------------------------------------------- matrices

export interface MatmulOptions {
  transA?: boolean;
  transB?: boolean;
}

/** op(a) op(b): a [m,k] (or [k,m] with transA), b [k,n] (or [n,k] with transB) -> [m,n]. */
export function matmul(a: Tensor, b: Tensor, options: MatmulOptions = {}): Tensor {
  const transA = options.transA ?? false;
  const transB = options.transB ?? false;
  checkPair(a, b, 'matmul');
  if (a.rank !== 2 || b.rank !== 2) throw new Error('matmul: both operands must be matrices');
  const ka = transA ? a.shape[0] : a.shape[1];
  const kb = transB ? b.shape[1] : b.shape[0];
  if (ka !== kb) {
    throw new Error(`matmul: inner dimensions differ ([${a.shape.join(',')}]${transA ? 'ᵀ' : ''} x [${b.shape.join(',')}]${transB ? 'ᵀ' : ''})`);
  }
  const out = a.backend.matmul(a, b, transA, transB);
  return record(out, [a, b], 'matmul', (g) => {
    if (!transA && !transB) return [matmul(g, b, { transB: true }), matmul(a, g, { transA: true })];
    if (transA && !transB) return [matmul(b, g, { transB: true }), matmul(a, g)];
    if (!transA && transB) return [matmul(g, b), matmul(g, a, { transA: true })];
    return [matmul(b, g, { transA: true, transB: true }), matmul(g, a, { transA: true, transB: true })];
  });
}

/** Rows of x [n, ...] picked by idx [k] (i32) -> [k, ...]; gradient scatters back with adds. */
export function gatherRows(x: Tensor, idx: Tensor): Tensor {
  if (idx.dtype !== 'i32' || idx.rank !== 1) throw new Error('gatherRows: idx must be a 1-D i32 tensor');
  const out = x.backend.gatherRows(x, idx);
  return record(out, [x], 'gatherRows', (g) => [x.backend.scatterAddRows(g, idx, x.shape[0])]);
}

function checkSquare(x: Tensor, op: string): number {
  if (x.rank !== 2 || x.shape[0] !== x.shape[1]) throw new Error(`${op}: expected a square matrix, got [${x.shape.join(',')}]`);
  return x.shape[0];
}

/** Lower triangle of a square matrix, with the diagonal scaled by diagScale (default 1). */
export function tril(x: Tensor, diagScale = 1): Tensor {
  checkSquare(x, 'tril');
  return record(x.backend.tril(x, diagScale), [x], 'tril', (g) => [tril(g, diagScale)]);
}

/** Upper triangle of a square matrix. */
export function triu(x: Tensor): Tensor {
  return transpose(tril(transpose(x)));
}

/** Diagonal [n] of a square matrix [n,n]. */
export function diag(x: Tensor): Tensor {
  checkSquare(x, 'diag');
  return record(x.backend.diag(x), [x], 'diag', (g) => [x.backend.diagMatrix(g)]);
}

/** Square matrix [n,n] with v [n] on the diagonal. */
export function diagMatrix(v: Tensor): Tensor {
  return record(v.backend.diagMatrix(v), [v], 'diagMatrix', (g) => [g.backend.diag(g)]);
}

/** (x + x^T) / 2. */
export function symmetrize(x: Tensor): Tensor {
  return mul(add(x, transpose(x)), 0.5);
}

/**
 * Lower Cholesky factor L [n,n] of a symmetric positive-definite a [n,n] (reads its lower
 * triangle). Backward by Murray (2016), "Differentiation of the Cholesky decomposition":
 * Ā = L^{-T} Φ(L^T L̄) L^{-1}, Φ = lower triangle with halved diagonal, then symmetrised,
 * i.e. the gradient for symmetric perturbations of a; one backend kernel (on the GPU, one
 * workgroup). With `shift`, the factor of a + shift I (a jitter), added inside the kernel.
 */
export function cholesky(a: Tensor, shift = 0): Tensor {
  checkSquare(a, 'cholesky');
  const l = a.backend.cholesky(a, shift);
  return record(l, [a], 'cholesky', (lBar) => [a.backend.choleskyBackward(l, lBar)]);
}

export interface SolveOptions {
  lower?: boolean;
  transpose?: boolean;
}

/**
 * X [n,k] with op(t) X = b, t triangular [n,n] (only its triangle is read), b [n,k].
 * Backward: b̄ = op(t)^{-T} X̄; the gradient for op(t) is -b̄ X^T, masked to t's triangle.
 */
export function triangularSolve(t: Tensor, b: Tensor, options: SolveOptions = {}): Tensor {
  const lower = options.lower ?? true;
  const trans = options.transpose ?? false;
  const n = checkSquare(t, 'triangularSolve');
  checkPair(t, b, 'triangularSolve');
  if (b.rank !== 2 || b.shape[0] !== n) throw new Error(`triangularSolve: right-hand side [${b.shape.join(',')}] does not match [${n},${n}]`);
  const x = t.backend.triangularSolve(t, b, { lower, transpose: trans });
  return record(x, [t, b], 'triangularSolve', (g) => {
    const bBar = triangularSolve(t, g, { lower, transpose: !trans });
    const opBar = trans ? matmul(x, bBar, { transB: true }) : matmul(bBar, x, { transB: true });
    const tBar = neg(lower ? tril(opBar) : triu(opBar));
    return [tBar, bBar];
  });
}

/**
 * log det a for symmetric positive-definite a [n,n] -> [], as 2 Σ log L_ii.
 * Its own backward rule, d logdet a = a^{-1}, applied through two triangular solves with
 * the cached factor instead of differentiating through the factorisation.
 */
export function logdet(a: Tensor): Tensor {
  const n = checkSquare(a, 'logdet');
  const l = a.backend.cholesky(a, 0);
  const value = mul(sum(log(l.backend.diag(l))), 2);
  const out = stopGradient(value);
  return record(out, [a], 'logdet', (g) => {
    const linv = triangularSolve(l, eye(n, { dtype: a.dtype, backend: a.backend }), { lower: true });
    const ainv = triangularSolve(l, linv, { lower: true, transpose: true });
    return [mul(ainv, g)];
  });
}

/** Column quadratic forms q_j = a_j^T w a_j: w [m,m], a [m,n] -> [n]. */
export function columnQuadForm(w: Tensor, a: Tensor): Tensor {
  checkPair(w, a, 'columnQuadForm');
  const m = checkSquare(w, 'columnQuadForm');
  if (a.rank !== 2 || a.shape[0] !== m) throw new Error(`columnQuadForm: [${a.shape.join(',')}] does not match w [${m},${m}]`);
  const out = w.backend.columnQuadForm(w, a);
  return record(out, [w, a], 'columnQuadForm', (g) => [
    w.backend.weightedGram(a, g),
    mul(matmul(add(w, transpose(w)), a), reshape(g, [1, g.size])),
  ]);
}

/** Gram matrix a a^T: a [m,n] -> [m,m], computed as one symmetric kernel (half the products). */
export function gram(a: Tensor): Tensor {
  if (a.rank !== 2) throw new Error(`gram: expected a matrix, got [${a.shape.join(',')}]`);
  const ones = a.backend.full([a.shape[1]], 1, a.dtype);
  const out = a.backend.weightedGram(a, ones);
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
  const out = be.weightedGram(a, be.full([k.shape[1]], 1, k.dtype));
  return record(out, [l, k], 'whitenedGram', (g) => {
    const t = triangularSolve(l, add(g, transpose(g)), { lower: true, transpose: true });
    return [neg(tril(matmul(t, out))), matmul(t, a)];
  });
}

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
  const k = a.backend.rbf(a, b, logVariance, logLengthscale);
  return record(k, [a, b, logVariance, logLengthscale], 'rbf', (g) => {
    const r = a.backend.rbfBackward(a, b, logLengthscale, k, g);
    return [r.dA, r.dB, reshape(r.dLogVariance, logVariance.shape), reshape(r.dLogLengthscale, logLengthscale.shape)];
  });
}

/** Converts a tensor to another dtype (gradient converted back). */
export function cast(x: Tensor, dtype: FloatDType): Tensor {
  if (x.dtype === dtype) return x;
  const from = x.dtype;
  return record(x.backend.cast(x, dtype), [x], 'cast', (g) => [g.backend.cast(g, from)]);
}

// ---------------------------------------------------------------- fused ops of the probabilistic layer

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
 * Elements [offset, offset + size(shape)) of x in row-major order, viewed as `shape`: how a flat
 * parameter or latent vector is cut into named blocks. Backward: the cotangent written back at
 * the same positions of a zero tensor shaped like x.
 */
export function sliceFlat(x: Tensor, offset: number, shape: Shape): Tensor {
  const n = sizeOf(shape);
  if (!Number.isInteger(offset) || offset < 0 || offset + n > x.size) {
    throw new Error(`sliceFlat: elements [${offset}, ${offset + n}) are outside a tensor of size ${x.size}`);
  }
  const out = x.backend.sliceFlat(x, offset, shape);
  return record(out, [x], 'sliceFlat', (g) => [g.backend.padFlat(g, offset, x.shape)]);
}

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
  const out = x.backend.dense(x, w, b, activation);
  return record(out, [x, w, b], 'dense', (g) => {
    const r = x.backend.denseBackward(x, w, out, g, activation, x.requiresGrad);
    return [r.dx, r.dw, r.db];
  });
}

/**
 * Bernoulli log-mass from logits, y l - softplus(l), elementwise with broadcasting; exact for
 * any finite l because no probability is formed. Backward: g (y - sigmoid(l)) for l and g l for y.
 */
export function bernoulliLogitsLogProb(logits: Tensor, y: Tensor): Tensor {
  checkPair(logits, y, 'bernoulliLogitsLogProb');
  const shape = broadcastShapes(logits.shape, y.shape);
  const l = broadcastTo(logits, shape);
  const yy = broadcastTo(y, shape);
  const out = l.backend.bernoulliLogits(l, yy);
  return record(out, [l, yy], 'bernoulliLogits', (g) => [l.backend.bernoulliLogitsBackward(l, yy, g), yy.requiresGrad ? mul(g, l) : null]);
}
