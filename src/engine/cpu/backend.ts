/** The cpu backend: typed arrays in JavaScript memory, float64 by default. */
import type { Backend, BinaryOp, DType, TypedArray, UnaryOp } from '../tensor';
import { Tensor } from '../tensor';
import type { Shape } from '../shape';
import { broadcastShapes, reducedShape, sizeOf } from '../shape';
import { allocate, fromValues } from './storage';
import { binaryInto, expandInto, unaryInto } from './elementwise';
import { reduceInto } from './reduce';
import type { CpuKernelApi } from './kernelApi';
// matmul, the linear-algebra primitives and the random draws run their ops' kernels (see KernelPrimitives).
import { KernelPrimitives } from '../ops/primitives';
import { transposeInto } from '../ops/matmul/cpu';

function arr(t: Tensor): TypedArray {
  return t.storage as TypedArray;
}

/** The cpu backend; what its kernels see of it is CpuKernelApi (see ops/registry.ts). */
class CpuBackend extends KernelPrimitives implements CpuKernelApi {
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

  tril(x: Tensor, diagScale: number): Tensor {
    const n = x.shape[0];
    const out = this.make([n, n], x.dtype);
    const src = arr(x);
    const dst = arr(out);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < i; j++) dst[i * n + j] = src[i * n + j];
      dst[i * n + i] = src[i * n + i] * diagScale;
    }
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

}

/** The process-wide cpu backend (stateless, so one instance serves every run). */
export const cpu: Backend = new CpuBackend();
