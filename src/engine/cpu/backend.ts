/** The cpu backend: typed arrays in JavaScript memory, float64 by default. */
import type { AdamHyper, Backend, BinaryOp, DType, DenseActivation, DenseGrads, FloatDType, RbfGrads, TriangularSolveOptions, TypedArray, UnaryOp } from '../tensor';
import { Tensor } from '../tensor';
import type { Shape } from '../shape';
import { broadcastShapes, reducedShape, sizeOf } from '../shape';
import { allocate, fromValues } from './storage';
import { binaryInto, expandInto, unaryInto } from './elementwise';
import { reduceInto } from './reduce';
import { matmulInto, transposeInto } from './matmul';
import { choleskyBackwardInto, choleskyInto, columnQuadFormInto, trilInto, triangularSolveInto, weightedGramInto } from './linalg';
import { rbfBackwardInto, rbfInto } from './kernels';
import { adamInto } from './adam';
import { bernoulliLogitsBackwardInto, bernoulliLogitsInto, denseBackwardInto, denseInto } from './fused';
import { normal, randint, uniform } from '../random';

function arr(t: Tensor): TypedArray {
  return t.storage as TypedArray;
}

class CpuBackend implements Backend {
  readonly name = 'cpu' as const;

  private make(shape: Shape, dtype: DType, data?: TypedArray): Tensor {
    return new Tensor([...shape], dtype, this, data ?? allocate(dtype, sizeOf(shape)));
  }

  fromArray(data: ArrayLike<number>, shape: Shape, dtype: DType): Tensor {
    if (data.length !== sizeOf(shape)) {
      throw new Error(`fromArray: ${data.length} values do not fill shape [${shape.join(',')}]`);
    }
    return this.make(shape, dtype, fromValues(dtype, data));
  }

  full(shape: Shape, value: number, dtype: DType): Tensor {
    const t = this.make(shape, dtype);
    arr(t).fill(value);
    return t;
  }

  read(t: Tensor): Promise<TypedArray> {
    return Promise.resolve(this.readSync(t));
  }

  readSync(t: Tensor): TypedArray {
    return arr(t).slice();
  }

  dispose(): void {
    // Typed arrays are reclaimed by the garbage collector.
  }

  reshape(t: Tensor, shape: Shape): Tensor {
    return new Tensor([...shape], t.dtype, this, arr(t), true);
  }

  cast(t: Tensor, dtype: DType): Tensor {
    return this.make(t.shape, dtype, fromValues(dtype, arr(t)));
  }

  unary(op: UnaryOp, x: Tensor): Tensor {
    const out = this.make(x.shape, x.dtype);
    unaryInto(op, arr(x), arr(out));
    return out;
  }

  binary(op: BinaryOp, a: Tensor, b: Tensor): Tensor {
    const shape = broadcastShapes(a.shape, b.shape);
    const out = this.make(shape, a.dtype);
    binaryInto(op, arr(a), a.shape, arr(b), b.shape, arr(out), shape);
    return out;
  }

  sum(x: Tensor, axes: readonly number[]): Tensor {
    const out = this.make(reducedShape(x.shape, axes, true), x.dtype);
    reduceInto('sum', arr(x), x.shape, axes, arr(out));
    return out;
  }

  max(x: Tensor, axes: readonly number[]): Tensor {
    const out = this.make(reducedShape(x.shape, axes, true), x.dtype);
    reduceInto('max', arr(x), x.shape, axes, arr(out));
    return out;
  }

  expand(x: Tensor, shape: Shape): Tensor {
    const out = this.make(shape, x.dtype);
    expandInto(arr(x), x.shape, arr(out), shape);
    return out;
  }

  transpose(x: Tensor): Tensor {
    const [m, n] = x.shape;
    const out = this.make([n, m], x.dtype);
    transposeInto(arr(x), arr(out), m, n);
    return out;
  }

  matmul(a: Tensor, b: Tensor, transA: boolean, transB: boolean): Tensor {
    const m = transA ? a.shape[1] : a.shape[0];
    const k = transA ? a.shape[0] : a.shape[1];
    const n = transB ? b.shape[0] : b.shape[1];
    const out = this.make([m, n], a.dtype);
    matmulInto(arr(a), arr(b), arr(out), m, k, n, transA, transB);
    return out;
  }

  gatherRows(x: Tensor, idx: Tensor): Tensor {
    const rows = x.shape[0];
    const width = x.size / Math.max(rows, 1);
    const ix = arr(idx);
    const out = this.make([ix.length, ...x.shape.slice(1)], x.dtype);
    const src = arr(x);
    const dst = arr(out);
    for (let r = 0; r < ix.length; r++) {
      const i = ix[r];
      if (!(i >= 0 && i < rows)) throw new Error(`gatherRows: index ${i} out of range [0, ${rows})`);
      dst.set(src.subarray(i * width, (i + 1) * width), r * width);
    }
    return out;
  }

  scatterAddRows(g: Tensor, idx: Tensor, n: number): Tensor {
    const ix = arr(idx);
    const width = g.size / Math.max(ix.length, 1);
    const out = this.make([n, ...g.shape.slice(1)], g.dtype);
    const src = arr(g);
    const dst = arr(out);
    for (let r = 0; r < ix.length; r++) {
      const o = ix[r] * width;
      for (let j = 0; j < width; j++) dst[o + j] += src[r * width + j];
    }
    return out;
  }

  cholesky(a: Tensor, shift: number): Tensor {
    const n = a.shape[0];
    const out = this.make([n, n], a.dtype);
    choleskyInto(arr(a), arr(out), n, shift);
    return out;
  }

  choleskyBackward(l: Tensor, lBar: Tensor): Tensor {
    const n = l.shape[0];
    const out = this.make([n, n], l.dtype);
    choleskyBackwardInto(arr(l), arr(lBar), arr(out), n);
    return out;
  }

  triangularSolve(l: Tensor, b: Tensor, options: TriangularSolveOptions): Tensor {
    const [n, k] = b.shape;
    const out = this.make([n, k], b.dtype);
    triangularSolveInto(arr(l), arr(b), arr(out), n, k, options.lower, options.transpose);
    return out;
  }

  tril(x: Tensor, diagScale: number): Tensor {
    const n = x.shape[0];
    const out = this.make([n, n], x.dtype);
    trilInto(arr(x), arr(out), n, diagScale);
    return out;
  }

  diag(x: Tensor): Tensor {
    const n = x.shape[0];
    const out = this.make([n], x.dtype);
    const src = arr(x);
    const dst = arr(out);
    for (let i = 0; i < n; i++) dst[i] = src[i * n + i];
    return out;
  }

  diagMatrix(v: Tensor): Tensor {
    const n = v.shape[0];
    const out = this.make([n, n], v.dtype);
    const src = arr(v);
    const dst = arr(out);
    for (let i = 0; i < n; i++) dst[i * n + i] = src[i];
    return out;
  }

  eye(n: number, dtype: DType): Tensor {
    const out = this.make([n, n], dtype);
    const dst = arr(out);
    for (let i = 0; i < n; i++) dst[i * n + i] = 1;
    return out;
  }

  columnQuadForm(w: Tensor, a: Tensor): Tensor {
    const [m, n] = a.shape;
    const out = this.make([n], a.dtype);
    columnQuadFormInto(arr(w), arr(a), arr(out), m, n);
    return out;
  }

  weightedGram(a: Tensor, g: Tensor): Tensor {
    const [m, n] = a.shape;
    const out = this.make([m, m], a.dtype);
    weightedGramInto(arr(a), arr(g), arr(out), m, n);
    return out;
  }

  rbf(a: Tensor, b: Tensor, logVariance: Tensor, logLengthscale: Tensor): Tensor {
    const [p, d] = a.shape;
    const q = b.shape[0];
    const out = this.make([p, q], a.dtype);
    rbfInto(arr(a), arr(b), arr(out), p, q, d, Math.exp(arr(logVariance)[0]), Math.exp(arr(logLengthscale)[0]));
    return out;
  }

  rbfBackward(a: Tensor, b: Tensor, logLengthscale: Tensor, k: Tensor, g: Tensor): RbfGrads {
    const [p, d] = a.shape;
    const q = b.shape[0];
    const dA = this.make(a.shape, a.dtype);
    const dB = this.make(b.shape, b.dtype);
    const l = Math.exp(arr(logLengthscale)[0]);
    const s = rbfBackwardInto(arr(a), arr(b), arr(k), arr(g), p, q, d, l, arr(dA), arr(dB));
    return {
      dA,
      dB,
      dLogVariance: this.fromArray([s.dLogVariance], [], a.dtype),
      dLogLengthscale: this.fromArray([s.dLogLengthscale], [], a.dtype),
    };
  }

  adamUpdate(param: Tensor, grad: Tensor, m: Tensor, v: Tensor, hyper: AdamHyper): [Tensor, Tensor, Tensor] {
    const p2 = this.make(param.shape, param.dtype, arr(param).slice());
    const m2 = this.make(m.shape, m.dtype, arr(m).slice());
    const v2 = this.make(v.shape, v.dtype, arr(v).slice());
    adamInto(arr(p2), arr(grad), arr(m2), arr(v2), hyper);
    return [p2, m2, v2];
  }

  randomUniform(key: Uint32Array, shape: Shape, dtype: FloatDType): Tensor {
    return this.make(shape, dtype, uniform(key, sizeOf(shape), dtype));
  }

  randomNormal(key: Uint32Array, shape: Shape, dtype: FloatDType): Tensor {
    return this.make(shape, dtype, normal(key, sizeOf(shape), dtype));
  }

  randint(key: Uint32Array, shape: Shape, lo: number, hi: number): Tensor {
    return this.make(shape, 'i32', randint(key, sizeOf(shape), lo, hi));
  }

  dense(x: Tensor, w: Tensor, b: Tensor, activation: DenseActivation): Tensor {
    const [n, k] = x.shape;
    const m = w.shape[1];
    const out = this.make([n, m], x.dtype);
    denseInto(arr(x), arr(w), arr(b), arr(out), n, k, m, activation);
    return out;
  }

  denseBackward(x: Tensor, w: Tensor, out: Tensor, g: Tensor, activation: DenseActivation, needDx: boolean): DenseGrads {
    const [n, k] = x.shape;
    const m = w.shape[1];
    const dx = needDx ? this.make(x.shape, x.dtype) : null;
    const dw = this.make(w.shape, w.dtype);
    const db = this.make([m], w.dtype);
    denseBackwardInto(arr(x), arr(w), arr(out), arr(g), n, k, m, activation, dx && arr(dx), arr(dw), arr(db));
    return { dx, dw, db };
  }

  bernoulliLogits(logits: Tensor, y: Tensor): Tensor {
    const out = this.make(logits.shape, logits.dtype);
    bernoulliLogitsInto(arr(logits), arr(y), arr(out));
    return out;
  }

  bernoulliLogitsBackward(logits: Tensor, y: Tensor, g: Tensor): Tensor {
    const out = this.make(logits.shape, logits.dtype);
    bernoulliLogitsBackwardInto(arr(logits), arr(y), arr(g), arr(out));
    return out;
  }

  sliceFlat(x: Tensor, offset: number, shape: Shape): Tensor {
    // A view: cpu tensors are immutable, so sharing the parent's memory is safe and free.
    return new Tensor([...shape], x.dtype, this, arr(x).subarray(offset, offset + sizeOf(shape)), true);
  }

  padFlat(g: Tensor, offset: number, shape: Shape): Tensor {
    const out = this.make(shape, g.dtype);
    arr(out).set(arr(g), offset);
    return out;
  }
}

/** The process-wide cpu backend (stateless, so one instance serves every run). */
export const cpu: Backend = new CpuBackend();
