/**
 * The cpu backend: typed arrays, float64 by default. Its tensors live in JavaScript memory, or,
 * while a step is recorded (program.ts), in buffers the recorded program owns, in the WebAssembly
 * kernels' memory when those are loaded (wasm.ts). Every call that computes goes through
 * `invoke`, which is where a recording program keeps it.
 */
import type { Backend, BinaryOp, DType, TypedArray, UnaryOp } from '../tensor';
import { Tensor } from '../tensor';
import type { Shape } from '../shape';
import { broadcastShapes, reducedShape, sizeOf } from '../shape';
import type { CpuStorage } from './storage';
import { WasmBlock, allocate, fromValues } from './storage';
import { binaryInto, expandInto, unaryInto } from './elementwise';
import { reduceInto } from './reduce';
import { binaryWasm, sumWasm, transposeWasm, unaryWasm } from './elementwiseWasm';
import type { CpuKernelApi } from './kernelApi';
import type { CpuProgram } from './program';
import { WasmCall, activeWasmKernels, wasmOnlyCall } from './wasm';
// matmul, the linear-algebra primitives and the random draws run their ops' kernels (see KernelPrimitives).
import { KernelPrimitives } from '../ops/primitives';
import { transposeInto } from '../ops/matmul/cpu';

function arr(t: Tensor): TypedArray {
  const s = t.storage as CpuStorage;
  return s instanceof WasmBlock ? s.view() : s;
}

// The computing methods as functions of the backend, so that a recorded program can call them again;
// those whose WebAssembly path is a single kernel run are replayed as that run (wasmOnlyCall).

const unaryCall = wasmOnlyCall(function unaryCall(cpu: CpuKernelApi, op: UnaryOp, x: Tensor): Tensor {
  const out = cpu.output(x.shape, x.dtype);
  if (!unaryWasm(cpu, op, x, out)) unaryInto(op, arr(x), arr(out));
  return out;
});

const binaryCall = wasmOnlyCall(function binaryCall(cpu: CpuKernelApi, op: BinaryOp, a: Tensor, b: Tensor): Tensor {
  const shape = broadcastShapes(a.shape, b.shape);
  const out = cpu.output(shape, a.dtype);
  if (!binaryWasm(cpu, op, a, a.shape, b, b.shape, out, shape)) binaryInto(op, arr(a), a.shape, arr(b), b.shape, arr(out), shape);
  return out;
});

const reduceCall = wasmOnlyCall(function reduceCall(cpu: CpuKernelApi, kind: 'sum' | 'max', x: Tensor, axes: readonly number[]): Tensor {
  const out = cpu.output(reducedShape(x.shape, axes, true), x.dtype);
  if (kind !== 'sum' || !sumWasm(cpu, x, axes, out)) reduceInto(kind, arr(x), x.shape, axes, arr(out));
  return out;
});

const expandCall = wasmOnlyCall(function expandCall(cpu: CpuKernelApi, x: Tensor, shape: Shape): Tensor {
  const out = cpu.output(shape, x.dtype);
  if (!binaryWasm(cpu, 'first', x, x.shape, x, x.shape, out, shape)) expandInto(arr(x), x.shape, arr(out), shape);
  return out;
});

const transposeCall = wasmOnlyCall(function transposeCall(cpu: CpuKernelApi, x: Tensor): Tensor {
  const [m, n] = x.shape;
  const out = cpu.output([n, m], x.dtype);
  if (!transposeWasm(cpu, x, out)) transposeInto(arr(x), arr(out), m, n);
  return out;
});

function castCall(cpu: CpuKernelApi, x: Tensor, dtype: DType): Tensor {
  const out = cpu.output(x.shape, dtype);
  arr(out).set(arr(x));
  return out;
}

function trilCall(cpu: CpuKernelApi, x: Tensor, diagScale: number): Tensor {
  const n = x.shape[0];
  const out = cpu.zeros([n, n], x.dtype);
  const src = arr(x);
  const dst = arr(out);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) dst[i * n + j] = src[i * n + j];
    dst[i * n + i] = src[i * n + i] * diagScale;
  }
  return out;
}

function diagCall(cpu: CpuKernelApi, x: Tensor): Tensor {
  const n = x.shape[0];
  const out = cpu.output([n], x.dtype);
  const src = arr(x);
  const dst = arr(out);
  for (let i = 0; i < n; i++) dst[i] = src[i * n + i];
  return out;
}

function diagMatrixCall(cpu: CpuKernelApi, v: Tensor): Tensor {
  const n = v.shape[0];
  const out = cpu.zeros([n, n], v.dtype);
  const src = arr(v);
  const dst = arr(out);
  for (let i = 0; i < n; i++) dst[i * n + i] = src[i];
  return out;
}

/** The cpu backend; what its kernels see of it is CpuKernelApi (see ops/registry.ts). */
export class CpuBackend extends KernelPrimitives implements CpuKernelApi {
  readonly name = 'cpu' as const;
  /** The program recording or replaying, if any. */
  private session: CpuProgram | null = null;
  private readonly call = new WasmCall();

  private make(shape: Shape, dtype: DType, clear: boolean): Tensor {
    if (this.session !== null) return this.session.allocate(this, shape, dtype, clear);
    return new Tensor([...shape], dtype, this, allocate(dtype, sizeOf(shape)));
  }

  // ------------------------------------------------------------------ recorded programs

  /** Runs `body` while `program` records every call it makes on this backend. */
  record<R>(program: CpuProgram, body: () => R): R {
    if (this.session !== null) throw new Error('record: a step is already being recorded or replayed (recorded steps do not nest)');
    this.session = program;
    try {
      return program.record(body);
    } finally {
      this.session = null;
    }
  }

  /** Replays a recorded program into its own tensors. */
  replay(program: CpuProgram): void {
    if (this.session !== null) throw new Error('replay: a step is already being recorded or replayed (recorded steps do not nest)');
    this.session = program;
    try {
      program.replay();
    } finally {
      this.session = null;
    }
  }

  // ------------------------------------------------------------------ the kernel API

  zeros(shape: Shape, dtype: DType): Tensor {
    return this.make(shape, dtype, true);
  }

  output(shape: Shape, dtype: DType): Tensor {
    return this.make(shape, dtype, false);
  }

  data(t: Tensor): TypedArray {
    return arr(t);
  }

  view(x: Tensor, offset: number, shape: Shape): Tensor {
    const make = () => {
      const s = x.storage as CpuStorage;
      const n = sizeOf(shape);
      return new Tensor([...shape], x.dtype, this, s instanceof WasmBlock ? s.slice(offset, n) : s.subarray(offset, offset + n), true);
    };
    return this.session === null ? make() : this.session.view(x, offset, make);
  }

  invoke<A extends readonly unknown[], R>(fn: (cpu: CpuKernelApi, ...args: A) => R, ...args: A): R {
    if (this.session !== null) return this.session.invoke(this, fn as (b: never, ...args: A) => R, args as A & unknown[]);
    return fn(this, ...args);
  }

  wasmCall(): WasmCall | null {
    const wasm = activeWasmKernels();
    return wasm === null ? null : this.call.begin(wasm, this.session);
  }

  // ------------------------------------------------------------------ the Backend contract

  fromArray(data: ArrayLike<number>, shape: Shape, dtype: DType): Tensor {
    if (data.length !== sizeOf(shape)) {
      throw new Error(`fromArray: ${data.length} values do not fill shape [${shape.join(',')}]`);
    }
    if (this.session === null) return new Tensor([...shape], dtype, this, fromValues(dtype, data));
    const t = this.make(shape, dtype, false);
    arr(t).set(data);
    return t;
  }

  full(shape: Shape, value: number, dtype: DType): Tensor {
    const t = this.make(shape, dtype, value === 0);
    if (value !== 0) arr(t).fill(value);
    return t;
  }

  read(t: Tensor): Promise<TypedArray> {
    return Promise.resolve(this.readSync(t));
  }

  readSync(t: Tensor): TypedArray {
    if (this.session?.recordingTopLevel) {
      throw new Error('a step being recorded cannot read a value back (the decision taken on it would not be taken again when the step is replayed): read it after the step, or make it an input of the step');
    }
    return arr(t).slice();
  }

  dispose(): void {
    // Typed arrays are reclaimed by the garbage collector; a recorded program frees its own buffers.
  }

  reshape(t: Tensor, shape: Shape): Tensor {
    return new Tensor([...shape], t.dtype, this, t.storage, true);
  }

  cast(t: Tensor, dtype: DType): Tensor {
    return this.invoke(castCall, t, dtype);
  }

  unary(op: UnaryOp, x: Tensor): Tensor {
    return this.invoke(unaryCall, op, x);
  }

  binary(op: BinaryOp, a: Tensor, b: Tensor): Tensor {
    return this.invoke(binaryCall, op, a, b);
  }

  sum(x: Tensor, axes: readonly number[]): Tensor {
    return this.invoke(reduceCall, 'sum', x, axes);
  }

  max(x: Tensor, axes: readonly number[]): Tensor {
    return this.invoke(reduceCall, 'max', x, axes);
  }

  expand(x: Tensor, shape: Shape): Tensor {
    return this.invoke(expandCall, x, shape);
  }

  transpose(x: Tensor): Tensor {
    return this.invoke(transposeCall, x);
  }

  tril(x: Tensor, diagScale: number): Tensor {
    return this.invoke(trilCall, x, diagScale);
  }

  diag(x: Tensor): Tensor {
    return this.invoke(diagCall, x);
  }

  diagMatrix(v: Tensor): Tensor {
    return this.invoke(diagMatrixCall, v);
  }

  eye(n: number, dtype: DType): Tensor {
    const out = this.make([n, n], dtype, true);
    const dst = arr(out);
    for (let i = 0; i < n; i++) dst[i * n + i] = 1;
    return out;
  }
}

/** The process-wide cpu backend (one per realm, so one instance serves every run). */
export const cpu: Backend = new CpuBackend();

/** The cpu backend as its class, for the recorded steps (replay.ts). */
export function cpuBackendOf(b: Backend): CpuBackend | null {
  return b instanceof CpuBackend ? b : null;
}
