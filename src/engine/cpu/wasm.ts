/**
 * The WebAssembly SIMD kernels as the cpu backend uses them: loading them for this realm (a page,
 * a Worker, a Node process), saying which kernels run, and handing a kernel call the pointers of
 * its tensors.
 *
 * The cpu kernels' WebAssembly variants (ops/<op>/wasm.ts) are registered beside the TypeScript
 * ones and run whenever the module has been loaded here (`enableWasmKernels`); until then, and
 * where WebAssembly SIMD is missing, the TypeScript kernels run. The choice is made once, at the
 * start, never in the middle of a run.
 */
import type { DType, Tensor, TypedArray } from '../tensor';
import type { WasmKernels, WasmKernelSet } from '../wasm/kernels';
import { loadWasmKernels } from '../wasm/kernels';
import type { Kernel, KernelImpl } from '../ops/registry';
import { defineKernel, registerKernel } from '../ops/registry';
import { WasmBlock, elementBytes } from './storage';

let active: WasmKernels | null = null;
let loaded: WasmKernels | null = null;
let unavailable: string | null = null;

/**
 * Loads the WebAssembly kernels and makes the cpu backend use them; resolves with why not when
 * they cannot run here (the TypeScript kernels then stay in use).
 */
export async function enableWasmKernels(): Promise<{ ok: true } | { ok: false; reason: string }> {
  const status = await loadWasmKernels();
  if (!status.ok) {
    unavailable = status.reason;
    active = null;
    return { ok: false, reason: status.reason };
  }
  loaded = status.kernels;
  active = status.kernels;
  return { ok: true };
}

/** Back to the TypeScript kernels (to compare the two, or to test the fallback); enableWasmKernels undoes it. */
export function disableWasmKernels(): void {
  active = null;
}

/** The module the cpu kernels run in, or null when the TypeScript kernels run. */
export function activeWasmKernels(): WasmKernels | null {
  return active;
}

/** True while the WebAssembly variants run (the registry's condition for them). */
export function wasmKernelsActive(): boolean {
  return active !== null;
}

/** The module once loaded, whether or not it is in use (recorded steps keep their memory there). */
export function loadedWasmKernels(): WasmKernels | null {
  return loaded;
}

/** Which kernels the cpu backend runs, for the backend indicator: 'WebAssembly SIMD' or 'JavaScript'. */
export function cpuKernelsName(): string {
  return active ? 'WebAssembly SIMD' : 'JavaScript';
}

/** Why the WebAssembly kernels are not in use, or null when they are. */
export function wasmKernelsUnavailable(): string | null {
  if (active) return null;
  return unavailable ?? (loaded ? 'the JavaScript kernels were chosen' : 'the WebAssembly kernels have not been loaded');
}

/** How an op registers its WebAssembly cpu kernel: above the TypeScript one, used while the module is loaded. */
export const WASM_VARIANT = { variant: 'wasm', priority: 1, when: wasmKernelsActive } as const;

/** Kernel `name` defined by its TypeScript cpu reference `cpu`, with its WebAssembly variant `wasm` registered above it (WASM_VARIANT). */
export function defineKernelWithWasm<A extends readonly unknown[], R>(name: string, cpu: KernelImpl<'cpu', A, R>, wasm: KernelImpl<'cpu', A, R>): Kernel<A, R> {
  const kernel = defineKernel(name, cpu);
  registerKernel(kernel, 'cpu', wasm, WASM_VARIANT);
  return kernel;
}

/** The WebAssembly call of a kernel registered with WASM_VARIANT (which runs only while the module is in use). */
export function wasmCallOf(cpu: { wasmCall(): WasmCall | null }): WasmCall {
  const w = cpu.wasmCall();
  if (w === null) throw new Error('a WebAssembly kernel ran while the WebAssembly kernels are not in use');
  return w;
}

/** A kernel of `WasmCall.run`: what it computes from the pointers of its inputs and outputs. */
export type WasmKernel = (kernels: WasmKernelSet, inPtrs: number[], outPtrs: number[]) => void;

/** Where a tensor of JavaScript memory lives in the kernels' memory while a step is recorded or replayed. */
export interface Pinning {
  /** The pointer of a copy of `values` that lasts as long as the recorded step. */
  pin(values: TypedArray, dtype: DType): number;
  /**
   * Told of each `WasmCall.run` made while a step records: `direct` when every tensor it touched
   * lives in the kernels' memory, so that calling `kernel` on the same pointers does it again.
   */
  ran(kernel: WasmKernel, kernels: WasmKernelSet, inPtrs: number[], outPtrs: number[], direct: boolean): void;
}

const wasmOnly = new WeakSet<object>();

/**
 * Marks a cpu call (a backend method's function, a kernel's WebAssembly variant) whose only effect,
 * when the WebAssembly kernels run it, is that of its `WasmCall.run` calls: allocating its outputs
 * and computing shapes and pointers from arguments fixed when a step is recorded. A replay then
 * calls those kernels on their recorded pointers alone, skipping the rest (see program.ts).
 */
export function wasmOnlyCall<F extends object>(fn: F): F {
  wasmOnly.add(fn);
  return fn;
}

/** True for a call marked with wasmOnlyCall. */
export function isWasmOnlyCall(fn: object): boolean {
  return wasmOnly.has(fn);
}

/**
 * One kernel call's pointers. Tensors that live in the kernels' memory (a recorded step's) are
 * used where they are; others are copied in (inputs) or written back after the call (outputs),
 * through temporary blocks. Take every pointer first, then call the kernel, then `end()`:
 * allocating may grow the memory, which moves no pointer but detaches typed arrays.
 */
export class WasmCall {
  private readonly temps: number[] = [];
  private readonly pendingOut: Tensor[] = [];
  private readonly pendingPtr: number[] = [];
  private pinning: Pinning | null = null;
  wasm!: WasmKernels;

  /** Starts a call on module `wasm`; `pinning` keeps copies for a step being recorded or replayed. */
  begin(wasm: WasmKernels, pinning: Pinning | null): this {
    this.wasm = wasm;
    this.pinning = pinning;
    return this;
  }

  /** The kernels for a tensor's element type. */
  kernels(t: Tensor): WasmKernelSet {
    return t.dtype === 'f64' ? this.wasm.f64 : this.wasm.f32;
  }

  /** Pointer to the values of input `t`. */
  input(t: Tensor): number {
    const s = t.storage as TypedArray | WasmBlock;
    if (s instanceof WasmBlock) return s.ptr;
    if (this.pinning) return this.pinning.pin(s, t.dtype);
    const p = this.wasm.alloc(Math.max(1, s.length) * elementBytes(t.dtype));
    this.temps.push(p);
    view(this.wasm, t.dtype, p, s.length).set(s);
    return p;
  }

  /** Pointer where output `t` (made for this call) is to be written. */
  output(t: Tensor): number {
    const s = t.storage as TypedArray | WasmBlock;
    if (s instanceof WasmBlock) return s.ptr;
    const p = this.wasm.alloc(Math.max(1, s.length) * elementBytes(t.dtype));
    this.temps.push(p);
    this.pendingOut.push(t);
    this.pendingPtr.push(p);
    return p;
  }

  /** Pointer to `t`, which the kernel reads and writes (made for this call, partly written already). */
  inout(t: Tensor): number {
    const s = t.storage as TypedArray | WasmBlock;
    if (s instanceof WasmBlock) return s.ptr;
    const p = this.input(t);
    this.pendingOut.push(t);
    this.pendingPtr.push(p);
    return p;
  }

  /**
   * One whole kernel call: the pointers of `inputs` (read), then of `outputs` (written; null, a
   * result not wanted, gives pointer 0), in that order; `kernel` run on them with the kernels of
   * `like`'s element type; then `end()`.
   */
  run(like: Tensor, inputs: readonly Tensor[], outputs: readonly (Tensor | null)[], kernel: WasmKernel): void {
    const inPtrs = inputs.map((t) => this.input(t));
    const outPtrs = outputs.map((t) => (t === null ? 0 : this.output(t)));
    const kernels = this.kernels(like);
    kernel(kernels, inPtrs, outPtrs);
    this.pinning?.ran(kernel, kernels, inPtrs, outPtrs, this.temps.length === 0);
    this.end();
  }

  /** Copies the `like.size` elements (of like's dtype) at pointer `src` to pointer `dst`. */
  copy(like: Tensor, dst: number, src: number): void {
    const b = elementBytes(like.dtype);
    const arr = like.dtype === 'f64' ? this.wasm.f64View() : like.dtype === 'f32' ? this.wasm.f32View() : this.wasm.i32View();
    arr.copyWithin(dst / b, src / b, src / b + like.size);
  }

  /** Copies outputs of JavaScript memory back and frees the temporary blocks. */
  end(): void {
    for (let i = 0; i < this.pendingOut.length; i++) {
      const t = this.pendingOut[i];
      const s = t.storage as TypedArray;
      s.set(view(this.wasm, t.dtype, this.pendingPtr[i], s.length));
    }
    for (const p of this.temps) this.wasm.free(p);
    this.temps.length = 0;
    this.pendingOut.length = 0;
    this.pendingPtr.length = 0;
  }
}

function view(wasm: WasmKernels, dtype: DType, ptr: number, length: number): TypedArray {
  const first = ptr / elementBytes(dtype);
  if (dtype === 'f64') return wasm.f64View().subarray(first, first + length);
  if (dtype === 'f32') return wasm.f32View().subarray(first, first + length);
  return wasm.i32View().subarray(first, first + length);
}
