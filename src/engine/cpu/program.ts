/**
 * A recorded computation of the cpu backend, replayed into the same buffers (see replay.ts for
 * the step-level interface, and README, "Recorded steps").
 *
 * While a program records, every call the op layer makes into the cpu backend (its elementwise
 * maps, reductions and every registered kernel) runs as usual and is also kept: the function,
 * its arguments, and the tensors it allocated. Every tensor made meanwhile gets a buffer of its
 * own that the program owns, in the WebAssembly kernels' memory when they are loaded. Replaying
 * calls the kept functions again with the same arguments; each allocation a call makes returns
 * the tensor it returned when recorded (same object, same buffer), so a replay creates no tensor,
 * allocates no memory and skips everything the op layer does around a kernel: shape checks,
 * broadcasting rules, the autodiff tape, the backward pass's bookkeeping, tidy scopes.
 *
 * What makes that sound:
 * - cpu tensors are never written after they are made, so a call that allocates nothing (a view,
 *   a reshape) has nothing to redo, and an input made before recording (data, a constant) may be
 *   read, or copied once into the kernels' memory, for the life of the program;
 * - tensors made outside any call (constants: `tensor`, `full`, `eye`) keep their values;
 * - arguments are kept by reference, so a host value that changes between steps must reach the
 *   kernels as an object they read when called (a step key, Adam's hyperparameters: see
 *   replay.ts); a number is kept as it was;
 * - reading a value back while recording is refused: a decision taken on a value would not be
 *   taken again at replay.
 * A replay checks that every call allocates the shapes it allocated when recorded. A call marked
 * wasmOnlyCall (wasm.ts) whose kernels all ran on the kernels' memory is replayed as those kernel
 * runs alone, on their recorded pointers: its outputs are the same blocks, its shapes fixed.
 */
import type { DType, Tensor, TypedArray } from '../tensor';
import { Tensor as TensorClass } from '../tensor';
import type { Shape } from '../shape';
import { shapesEqual, sizeOf } from '../shape';
import type { Backend } from '../tensor';
import { WasmBlock, allocate, elementBytes } from './storage';
import type { Pinning, WasmKernel } from './wasm';
import type { WasmKernelSet } from '../wasm/kernels';
import { isWasmOnlyCall, loadedWasmKernels } from './wasm';

type AnyFn = (...args: never[]) => unknown;

interface Entry {
  fn: AnyFn;
  /** The backend, then the call's arguments. */
  args: unknown[];
  allocStart: number;
  allocEnd: number;
  /** For a call marked wasmOnlyCall that ran its kernels on the kernels' memory alone: those kernels, replayed in its place. */
  direct: DirectRun[] | null;
}

/** A WebAssembly kernel run as recorded: the kernel and its pointers. */
interface DirectRun {
  kernel: WasmKernel;
  kernels: WasmKernelSet;
  inPtrs: number[];
  outPtrs: number[];
}

/** A view a call made: of which tensor, where. */
interface ViewOf {
  base: Tensor;
  offset: number;
}

export class CpuProgram implements Pinning {
  private readonly entries: Entry[] = [];
  /** Tensors allocated (or views made) inside calls, in order; a replay hands them out again. */
  private readonly allocs: Tensor[] = [];
  /** For each of allocs: what it is a view of, or null for a tensor of its own. */
  private readonly viewOf: (ViewOf | null)[] = [];
  /** Blocks of the kernels' memory this program owns. */
  private readonly blocks: number[] = [];
  /** Copies in the kernels' memory of tensors of JavaScript memory that kernels read. */
  private readonly pins = new Map<TypedArray, number>();
  private mode: 'record' | 'replay' | 'done' = 'done';
  private depth = 0;
  private cursor = 0;
  private limit = 0;
  private recorded = false;
  private disposed = false;
  /** The kernel runs of the call being recorded, or null once one of them could not be replayed directly. */
  private runs: DirectRun[] | null = [];

  /** True once a recording has finished. */
  get ready(): boolean {
    return this.recorded;
  }

  /** Calls kept for replay (those that allocated something). */
  get calls(): number {
    return this.entries.length;
  }

  /** Calls replayed as their WebAssembly kernel runs alone (see wasmOnlyCall). */
  get directCalls(): number {
    let n = 0;
    for (const e of this.entries) if (e.direct !== null) n++;
    return n;
  }

  /** Tensors the replay writes. */
  get tensors(): number {
    return this.allocs.length;
  }

  /** Runs `body` while recording it (the backend routes its calls here meanwhile). */
  record<R>(body: () => R): R {
    if (this.recorded || this.disposed) throw new Error('a program records once');
    this.mode = 'record';
    try {
      const result = body();
      this.recorded = true;
      return result;
    } finally {
      this.mode = 'done';
      this.depth = 0;
    }
  }

  /** Runs the recorded calls again, into the same tensors. */
  replay(): void {
    if (!this.recorded) throw new Error('replay: nothing has been recorded');
    if (this.disposed) throw new Error('replay: the program has been disposed');
    this.mode = 'replay';
    try {
      const entries = this.entries;
      for (let i = 0; i < entries.length; i++) {
        const e = entries[i];
        const direct = e.direct;
        if (direct !== null) {
          for (let j = 0; j < direct.length; j++) {
            const r = direct[j];
            r.kernel(r.kernels, r.inPtrs, r.outPtrs);
          }
          continue;
        }
        this.cursor = e.allocStart;
        this.limit = e.allocEnd;
        (e.fn as (...args: unknown[]) => unknown).apply(undefined, e.args);
        if (this.cursor !== e.allocEnd) throw new Error(`replay: call ${i} (${e.fn.name}) allocated ${this.cursor - e.allocStart} tensors, ${e.allocEnd - e.allocStart} when recorded`);
      }
    } finally {
      this.mode = 'done';
    }
  }

  /** Calls `fn(backend, ...args)`; while recording, keeps the call if it is not inside another. */
  invoke<A extends unknown[], R>(backend: Backend, fn: (b: never, ...args: A) => R, args: A): R {
    const f = fn as unknown as (...a: unknown[]) => R;
    if (this.mode !== 'record' || this.depth > 0) return f(backend, ...args);
    const start = this.allocs.length;
    this.depth++;
    this.runs = [];
    let result: R;
    try {
      result = f(backend, ...args);
    } finally {
      this.depth--;
    }
    // A call that made only views computes nothing: it need not be replayed.
    let computes = false;
    for (let i = start; i < this.allocs.length; i++) computes ||= this.viewOf[i] === null;
    const runs = this.runs;
    const direct = runs !== null && runs.length > 0 && isWasmOnlyCall(fn) ? runs : null;
    if (computes) this.entries.push({ fn: fn as AnyFn, args: [backend, ...args], allocStart: start, allocEnd: this.allocs.length, direct });
    return result;
  }

  /** Keeps the kernel runs of the call being recorded (see wasmOnlyCall). */
  ran(kernel: WasmKernel, kernels: WasmKernelSet, inPtrs: number[], outPtrs: number[], direct: boolean): void {
    if (this.mode !== 'record' || this.depth === 0 || this.runs === null) return;
    if (direct) this.runs.push({ kernel, kernels, inPtrs, outPtrs });
    else this.runs = null;
  }

  /** A view of `base` made inside a call: made while recording, handed out again by a replay. */
  view(base: Tensor, offset: number, make: () => Tensor): Tensor {
    if (this.mode === 'replay') {
      const t = this.cursor < this.limit ? this.allocs[this.cursor] : undefined;
      const of = this.viewOf[this.cursor];
      if (t === undefined || of === null || of === undefined || of.base !== base || of.offset !== offset) throw new Error('replay: a call made a view it did not make when recorded');
      this.cursor++;
      return t;
    }
    const t = make();
    if (this.mode === 'record' && this.depth > 0) {
      this.allocs.push(t);
      this.viewOf.push({ base, offset });
    }
    return t;
  }

  /** A tensor for the backend to write; cleared to zero when asked (else its contents are undefined). */
  allocate(backend: Backend, shape: Shape, dtype: DType, clear: boolean): Tensor {
    if (this.mode === 'replay') {
      if (this.cursor >= this.limit) throw new Error(`replay: a call allocated more tensors than when recorded ([${shape.join(',')}] ${dtype})`);
      const t = this.allocs[this.cursor++];
      if (this.viewOf[this.cursor - 1] !== null || t.dtype !== dtype || !shapesEqual(t.shape, shape)) {
        throw new Error(`replay: a call allocated [${shape.join(',')}] ${dtype} where it allocated [${t.shape.join(',')}] ${t.dtype} when recorded`);
      }
      if (clear) storageView(t).fill(0);
      return t;
    }
    if (this.mode !== 'record') throw new Error('allocate: the program is neither recording nor replaying');
    const n = sizeOf(shape);
    const wasm = loadedWasmKernels();
    let storage: TypedArray | WasmBlock;
    if (wasm) {
      const p = wasm.alloc(Math.max(1, n) * elementBytes(dtype));
      this.blocks.push(p);
      storage = new WasmBlock(wasm, p, n, dtype);
      // Reused memory: clear it whether or not the kernel asks (recording is once per run).
      storage.view().fill(0);
    } else {
      storage = allocate(dtype, n);
    }
    const t = new TensorClass([...shape], dtype, backend, storage);
    // A call that needs its outputs cleared is replayed whole (a replay clears them again).
    if (clear) this.runs = null;
    // Outside any call: a constant, made once and kept as it is.
    if (this.depth > 0) {
      this.allocs.push(t);
      this.viewOf.push(null);
    }
    return t;
  }

  /** True while recording at the top level (the op layer's own code, not inside a kernel). */
  get recordingTopLevel(): boolean {
    return this.mode === 'record' && this.depth === 0;
  }

  pin(values: TypedArray, dtype: DType): number {
    const known = this.pins.get(values);
    if (known !== undefined) return known;
    if (this.mode === 'replay') throw new Error('replay: a kernel read a tensor of JavaScript memory it did not read when recorded');
    const wasm = loadedWasmKernels();
    if (!wasm) throw new Error('pin: the WebAssembly kernels are not loaded');
    const p = wasm.alloc(Math.max(1, values.length) * elementBytes(dtype));
    this.blocks.push(p);
    const first = p / elementBytes(dtype);
    const view = dtype === 'f64' ? wasm.f64View() : dtype === 'f32' ? wasm.f32View() : wasm.i32View();
    view.subarray(first, first + values.length).set(values);
    this.pins.set(values, p);
    return p;
  }

  /** Frees the program's memory; its tensors must not be used afterwards. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    const wasm = loadedWasmKernels();
    if (wasm) for (const p of this.blocks) wasm.free(p);
    this.blocks.length = 0;
    this.entries.length = 0;
    this.allocs.length = 0;
    this.viewOf.length = 0;
    this.pins.clear();
  }
}

function storageView(t: Tensor): TypedArray {
  const s = t.storage as TypedArray | WasmBlock;
  return s instanceof WasmBlock ? s.view() : s;
}
