/** The cpu backend: typed arrays in JavaScript memory, float64 by default. */
import type { Backend, BinaryOp, DType, FloatDType, TriangularSolveOptions, TypedArray, UnaryOp } from '../tensor';
import { Tensor } from '../tensor';
import type { Shape } from '../shape';
import { broadcastShapes, reducedShape, sizeOf } from '../shape';
import { allocate, fromValues } from './storage';
import { binaryInto, expandInto, unaryInto } from './elementwise';
import { reduceInto } from './reduce';
import { matmulInto, transposeInto } from './matmul';
import { choleskyBackwardInto, choleskyInto, trilInto, triangularSolveInto } from './linalg';
import type { CpuKernelApi } from './kernelApi';
import { normal, randint, uniform } from '../random';

function arr(t: Tensor): TypedArray {
  return t.storage as TypedArray;
}

/** The cpu backend; what its kernels see of it is CpuKernelApi (see ops/registry.ts). */
class CpuBackend implements CpuKernelApi {
  readonly name = 'cpu' as const;

  private make(shape: Shape, dtype: DType, data?: TypedArray): Tensor {
    return new Tensor([...shape], dtype, this, data ?? allocate(dtype, sizeOf(shape)));
  }

  // ------------------------------------------------------------------ the kernel API

  zeros(shape: Shape, dtype: DType): Tensor {
    return this.make(shape, dtype);
  }

  data(t: Tensor): TypedArray {
    return arr(t);
  }

  wrap(values: TypedArray, shape: Shape, dtype: DType, view = false): Tensor {
    return new Tensor([...shape], dtype, this, values, view);
  }

  // ------------------------------------------------------------------ the Backend contract

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

  randomUniform(key: Uint32Array, shape: Shape, dtype: FloatDType): Tensor {
    return this.make(shape, dtype, uniform(key, sizeOf(shape), dtype));
  }

  randomNormal(key: Uint32Array, shape: Shape, dtype: FloatDType): Tensor {
    return this.make(shape, dtype, normal(key, sizeOf(shape), dtype));
  }

  randint(key: Uint32Array, shape: Shape, lo: number, hi: number): Tensor {
    return this.make(shape, 'i32', randint(key, sizeOf(shape), lo, hi));
  }
}

/** The process-wide cpu backend (stateless, so one instance serves every run). */
export const cpu: Backend = new CpuBackend();
