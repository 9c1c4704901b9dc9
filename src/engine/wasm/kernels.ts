/**
 * The WebAssembly SIMD kernels of the cpu backend, from TypeScript: loading, feature detection,
 * the module's memory (an arena), and typed entry points for float64 and float32.
 *
 * The module is compiled from src/engine/wasm/assembly by scripts/buildWasm.mjs and reaches us
 * as base64 in a generated ES module, imported dynamically: that one form works in Node (tsx,
 * vitest), under Vite (dev server and build) and in module Workers, and a missing build becomes
 * a clear message instead of a failed import of everything that depends on this file.
 *
 * Memory model. Kernels take byte offsets ("pointers") into the module's linear memory and sizes
 * in elements; they never allocate. The caller takes blocks from the heap (`alloc`, `free`;
 * see heap.ts), 16-byte aligned. Allocation may grow the memory, and growing a
 * WebAssembly.Memory detaches every typed array over its old buffer: use `f64View()` /
 * `f32View()` / `array()` for views (they are re-created after growth) and never keep one across
 * an `alloc`. The kernels themselves never grow memory, so views stay valid across kernel calls.
 * The kernels share one static scratch region, so one instance runs one kernel at a time
 * (JavaScript is single-threaded: that holds within a page or a Worker).
 */
import type { AdamHyper } from '../ops/adamStep/adamStep';
import { WasmHeap } from './heap';

/** Element types the kernels come in. */
export type WasmDType = 'f64' | 'f32';

/** Elementary functions of `map`. */
export type WasmMapFunction = 'exp' | 'tanh' | 'sigmoid' | 'softplus' | 'log1p' | 'neg' | 'abs' | 'square' | 'sqrt' | 'reciprocal';

/** Operations of `binary` ('first' copies a, broadcast). */
export type WasmBinaryOp = 'add' | 'sub' | 'mul' | 'div' | 'maximum' | 'minimum' | 'greater' | 'first';

const MAP_CODES: Record<WasmMapFunction, number> = { exp: 0, tanh: 1, sigmoid: 2, softplus: 3, log1p: 4, neg: 5, abs: 6, square: 7, sqrt: 8, reciprocal: 9 };
const BINARY_CODES: Record<WasmBinaryOp, number> = { add: 0, sub: 1, mul: 2, div: 3, maximum: 4, minimum: 5, greater: 6, first: 7 };

/**
 * The kernels for one element type. Pointers are byte offsets into `memory`; every array is
 * row-major; outputs must not overlap inputs unless said. The semantics are those of the
 * TypeScript kernels in src/engine/cpu named beside each.
 */
export interface WasmKernelSet {
  /** out [m,n] = op(a) op(b); a stored [m,k] ([k,m] if transA), b [k,n] ([n,k] if transB). (matmulInto) */
  matmul(a: number, b: number, out: number, m: number, k: number, n: number, transA: boolean, transB: boolean): void;
  /** x [n,k] with op(t) x = b, t [n,n] triangular; x may be b (in place). (triangularSolveInto) */
  triangularSolve(t: number, b: number, x: number, n: number, k: number, lower: boolean, transpose: boolean): void;
  /** l [n,n] = chol(a + shift I), lower; NaN-filled if not positive definite. (choleskyInto) */
  cholesky(a: number, l: number, n: number, shift: number): void;
  /** out [n,n] = sym(L^-T Φ(L^T L̄) L^-1) (Murray 2016), with n x n scratch at work. (choleskyBackwardInto) */
  choleskyBackward(l: number, lBar: number, out: number, n: number, work: number): void;
  /**
   * out [n,n] = C^{-1} for C = l l^T, l [n,n] lower triangular, with n x n scratch at work
   * (choleskyInverseCpu); given alpha [n] and g [1] (pointers, 0 for none), out = g/2 (C^{-1} -
   * alpha alpha^T) instead (invQuadLogdetGradCpu).
   */
  choleskyInverse(l: number, out: number, n: number, work: number, alpha?: number, g?: number): void;
  /** out [m,m] = a diag(g) a^T for a [m,n], g [n]. (weightedGramInto) */
  weightedGram(a: number, g: number, out: number, m: number, n: number): void;
  /** out [n] with out[j] = a_j^T w a_j for w [m,m], a [m,n]. (columnQuadFormInto) */
  columnQuadForm(w: number, a: number, out: number, m: number, n: number): void;
  /** k [p,q] = variance exp(-|a_i - b_j|^2 / (2 lengthscale^2)), a [p,d], b [q,d]. (rbfInto) */
  rbf(a: number, b: number, k: number, p: number, q: number, d: number, variance: number, lengthscale: number): void;
  /**
   * Gradients of sum(g ∘ k) for k = rbf(a, b): dA [p,d], dB [q,d], and sums [2] =
   * [d log variance, d log lengthscale]. (rbfBackwardInto)
   */
  rbfBackward(a: number, b: number, k: number, g: number, p: number, q: number, d: number, lengthscale: number, dA: number, dB: number, sums: number): void;
  /** out [n,m] = act(x w + b), x [n,k], w [k,m], b [m]. (denseInto) */
  dense(x: number, w: number, b: number, out: number, n: number, k: number, m: number, tanh: boolean): void;
  /** dw [k,m], db [m] and, unless dx is 0, dx [n,k]: gradients of sum(g ∘ out). (denseBackwardInto) */
  denseBackward(x: number, w: number, out: number, g: number, n: number, k: number, m: number, tanh: boolean, dx: number, dw: number, db: number): void;
  /** out [n] = y l - softplus(l). (bernoulliLogitsInto) */
  bernoulliLogits(l: number, y: number, out: number, n: number): void;
  /** out [n] = g (y - sigmoid(l)). (bernoulliLogitsBackwardInto) */
  bernoulliLogitsBackward(l: number, y: number, g: number, out: number, n: number): void;
  /**
   * terms[3p] = log-likelihood of the data x [n, d_0], y [n] under the MLP with weights z_p
   * (z [K,D]; widths: i32 [layers + 1] in memory), and unless dz is 0 its gradient into
   * dz[3pD..3pD+D). (bnnLogLikelihoodInto)
   */
  bnnLogLikelihood(z: number, x: number, y: number, n: number, widths: number, layers: number, k: number, terms: number, dz: number): void;
  /**
   * total [1] and resid [n] of the Poisson log-likelihood with a clipped log-linear rate over n
   * rows (product, cell: i32 [n] indices into P and M coefficients); returns -1, or the first
   * row with an index out of range. (poissonLogLinearCpu)
   */
  poissonLogLinear(slope: number, cellEffect: number, intercept: number, product: number, cell: number, x: number, units: number, weight: number, resid: number, total: number, n: number, P: number, M: number, lo: number, hi: number): number;
  /** dSlope [P], dCell [M], dIntercept [P]: the scatter-add of g resid. (poissonLogLinearBackwardCpu) */
  poissonLogLinearBackward(resid: number, g: number, product: number, cell: number, x: number, n: number, P: number, M: number, dSlope: number, dCell: number, dIntercept: number): void;
  /** One Adam(W) update of p [n] in place, with its moments m, v [n] updated in place. (adamInto) */
  adam(p: number, g: number, m: number, v: number, n: number, hyper: AdamHyper): void;
  /** out [n] = f(x) elementwise (log1p for x >= 0 only). */
  map(f: WasmMapFunction, x: number, out: number, n: number): void;
  /** out[o, i] = a[o aos + i ais] op b[o bos + i bis], out [outer, inner]; ais, bis in {0, 1}. (binaryInto) */
  binary(op: WasmBinaryOp, a: number, b: number, out: number, outer: number, inner: number, aos: number, ais: number, bos: number, bis: number): void;
  /** Sums of x [outer, inner] over the rows (out [inner]) or within each row (out [outer]). (reduceInto) */
  sum(x: number, out: number, outer: number, inner: number, rows: boolean): void;
  /** out [n,m] = x^T for x [m,n]. (transposeInto) */
  transpose(x: number, out: number, m: number, n: number): void;
}

/** The raw exports, as the module declares them (pointers and flags are i32). */
interface KernelExports {
  memory: WebAssembly.Memory;
  heapBase(): number;
}

type Fn = (...args: number[]) => number | undefined;

/** Kernel names; each is exported as `${name}_f64` and `${name}_f32`. */
const KERNELS = [
  'matmul',
  'triangularSolve',
  'cholesky',
  'choleskyBackward',
  'choleskyInverse',
  'weightedGram',
  'columnQuadForm',
  'rbf',
  'rbfBackward',
  'dense',
  'denseBackward',
  'bernoulliLogits',
  'bernoulliLogitsBackward',
  'bnnLogLikelihood',
  'poissonLogLinear',
  'poissonLogLinearBackward',
  'adam',
  'map',
  'binary',
  'sum',
  'transpose',
] as const;

function kernelSet(exports: Record<string, unknown>, dtype: WasmDType): WasmKernelSet {
  const f = (name: (typeof KERNELS)[number]): Fn => exports[`${name}_${dtype}`] as Fn;
  const matmul = f('matmul');
  const triangularSolve = f('triangularSolve');
  const cholesky = f('cholesky');
  const choleskyBackward = f('choleskyBackward');
  const choleskyInverse = f('choleskyInverse');
  const weightedGram = f('weightedGram');
  const columnQuadForm = f('columnQuadForm');
  const rbf = f('rbf');
  const rbfBackward = f('rbfBackward');
  const dense = f('dense');
  const denseBackward = f('denseBackward');
  const bernoulliLogits = f('bernoulliLogits');
  const bernoulliLogitsBackward = f('bernoulliLogitsBackward');
  const bnnLogLikelihood = f('bnnLogLikelihood');
  const poissonLogLinear = f('poissonLogLinear');
  const poissonLogLinearBackward = f('poissonLogLinearBackward');
  const adam = f('adam');
  const map = f('map');
  const binary = f('binary');
  const sum = f('sum');
  const transpose = f('transpose');
  return {
    matmul: (a, b, out, m, k, n, transA, transB) => matmul(a, b, out, m, k, n, +transA, +transB),
    triangularSolve: (t, b, x, n, k, lower, transpose) => triangularSolve(t, b, x, n, k, +lower, +transpose),
    cholesky: (a, l, n, shift) => cholesky(a, l, n, shift),
    choleskyBackward: (l, lBar, out, n, work) => choleskyBackward(l, lBar, out, n, work),
    choleskyInverse: (l, out, n, work, alpha = 0, g = 0) => choleskyInverse(l, out, n, work, alpha, g),
    weightedGram: (a, g, out, m, n) => weightedGram(a, g, out, m, n),
    columnQuadForm: (w, a, out, m, n) => columnQuadForm(w, a, out, m, n),
    rbf: (a, b, k, p, q, d, variance, lengthscale) => rbf(a, b, k, p, q, d, variance, lengthscale),
    rbfBackward: (a, b, k, g, p, q, d, lengthscale, dA, dB, sums) => rbfBackward(a, b, k, g, p, q, d, lengthscale, dA, dB, sums),
    dense: (x, w, b, out, n, k, m, tanh) => dense(x, w, b, out, n, k, m, +tanh),
    denseBackward: (x, w, out, g, n, k, m, tanh, dx, dw, db) => denseBackward(x, w, out, g, n, k, m, +tanh, dx, dw, db),
    bernoulliLogits: (l, y, out, n) => bernoulliLogits(l, y, out, n),
    bernoulliLogitsBackward: (l, y, g, out, n) => bernoulliLogitsBackward(l, y, g, out, n),
    bnnLogLikelihood: (z, x, y, n, widths, layers, k, terms, dz) => bnnLogLikelihood(z, x, y, n, widths, layers, k, terms, dz),
    poissonLogLinear: (slope, cellEffect, intercept, product, cell, x, units, weight, resid, total, n, P, M, lo, hi) =>
      poissonLogLinear(slope, cellEffect, intercept, product, cell, x, units, weight, resid, total, n, P, M, lo, hi) as number,
    poissonLogLinearBackward: (resid, g, product, cell, x, n, P, M, dSlope, dCell, dIntercept) => poissonLogLinearBackward(resid, g, product, cell, x, n, P, M, dSlope, dCell, dIntercept),
    adam: (p, g, m, v, n, h) => {
      // Bias corrections exactly as the TypeScript kernel forms them.
      const c1 = 1 / (1 - Math.pow(h.b1, h.step));
      const c2 = 1 / (1 - Math.pow(h.b2, h.step));
      adam(p, g, m, v, n, h.learningRate, h.b1, h.b2, h.eps, h.weightDecay, c1, c2);
    },
    map: (fn, x, out, n) => map(MAP_CODES[fn], x, out, n),
    binary: (op, a, b, out, outer, inner, aos, ais, bos, bis) => binary(BINARY_CODES[op], a, b, out, outer, inner, aos, ais, bos, bis),
    sum: (x, out, outer, inner, rows) => sum(x, out, outer, inner, +rows),
    transpose: (x, out, m, n) => transpose(x, out, m, n),
  };
}

/** An instance of the kernel module: its memory, its heap and its kernels. */
export class WasmKernels {
  readonly memory: WebAssembly.Memory;
  readonly f64: WasmKernelSet;
  readonly f32: WasmKernelSet;
  readonly heap: WasmHeap;
  private buffer: ArrayBuffer | null = null;
  private view64 = new Float64Array(0);
  private view32 = new Float32Array(0);
  private viewI32 = new Int32Array(0);

  constructor(instance: WebAssembly.Instance) {
    const exports = instance.exports as Record<string, unknown>;
    const missing = ['memory', 'heapBase', ...KERNELS.flatMap((k) => [`${k}_f64`, `${k}_f32`])].filter((name) => exports[name] === undefined);
    if (missing.length > 0) {
      throw new Error(`the WebAssembly kernel module lacks ${missing.join(', ')}: rebuild it with \`npm run build:wasm\``);
    }
    const raw = exports as unknown as KernelExports;
    this.memory = raw.memory;
    this.heap = new WasmHeap(this.memory, raw.heapBase() >>> 0);
    this.f64 = kernelSet(exports, 'f64');
    this.f32 = kernelSet(exports, 'f32');
  }

  /** The kernels for one element type. */
  kernels(dtype: WasmDType): WasmKernelSet {
    return dtype === 'f64' ? this.f64 : this.f32;
  }

  /** A 16-byte aligned block of `bytes` bytes (contents undefined). Detaches old views if memory grows. */
  alloc(bytes: number): number {
    return this.heap.alloc(bytes);
  }

  /** Room for `count` elements of `dtype` (i32 takes 4 bytes, like f32). */
  allocArray(dtype: WasmDType | 'i32', count: number): number {
    return this.alloc(count * (dtype === 'f64' ? 8 : 4));
  }

  /** Gives a block from `alloc` back. */
  free(ptr: number): void {
    this.heap.release(ptr);
  }

  /** Float64 view of the whole memory (re-created after the memory grew; do not keep across alloc). */
  f64View(): Float64Array {
    if (this.buffer !== this.memory.buffer) this.refreshViews();
    return this.view64;
  }

  /** Float32 view of the whole memory (re-created after the memory grew; do not keep across alloc). */
  f32View(): Float32Array {
    if (this.buffer !== this.memory.buffer) this.refreshViews();
    return this.view32;
  }

  /** Int32 view of the whole memory (re-created after the memory grew; do not keep across alloc). */
  i32View(): Int32Array {
    if (this.buffer !== this.memory.buffer) this.refreshViews();
    return this.viewI32;
  }

  /** The `count` elements at pointer `ptr`, as a view (valid until the next alloc). */
  array(dtype: WasmDType, ptr: number, count: number): Float64Array | Float32Array {
    return dtype === 'f64' ? this.f64View().subarray(ptr >>> 3, (ptr >>> 3) + count) : this.f32View().subarray(ptr >>> 2, (ptr >>> 2) + count);
  }

  /** Copies `data` into memory at `ptr`. */
  write(dtype: WasmDType, ptr: number, data: ArrayLike<number>): void {
    this.array(dtype, ptr, data.length).set(data);
  }

  /** Allocates room for `data` and copies it in; returns the pointer. */
  put(dtype: WasmDType, data: ArrayLike<number>): number {
    const p = this.allocArray(dtype, data.length);
    this.write(dtype, p, data);
    return p;
  }

  /** A copy of the `count` elements at `ptr`. */
  read(dtype: WasmDType, ptr: number, count: number): Float64Array | Float32Array {
    return this.array(dtype, ptr, count).slice();
  }

  private refreshViews(): void {
    // memory.grow replaces memory.buffer (the old one is detached): views must be re-made.
    this.buffer = this.memory.buffer;
    this.view64 = new Float64Array(this.buffer);
    this.view32 = new Float32Array(this.buffer);
    this.viewI32 = new Int32Array(this.buffer);
  }
}

/**
 * The smallest module that uses a 128-bit SIMD instruction (i8x16.splat of 0, then
 * i8x16.popcnt): engines without SIMD fail to validate it.
 */
const SIMD_PROBE = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11]);

/** Whether this JavaScript engine runs WebAssembly with 128-bit SIMD. */
export function simdSupported(): boolean {
  try {
    return typeof WebAssembly === 'object' && WebAssembly.validate(SIMD_PROBE);
  } catch {
    return false;
  }
}

/** Decodes base64 with atob, which Node, browsers and Workers all have. */
function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const s = atob(text);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

/** Instantiates the module from its bytes, synchronously (fine in Node and Workers; pages should use loadWasmKernels). */
export function instantiateWasmKernels(bytes: Uint8Array<ArrayBuffer>): WasmKernels {
  const module = new WebAssembly.Module(bytes);
  return new WasmKernels(new WebAssembly.Instance(module, {}));
}

/** The kernels, or why they cannot run here (the caller then uses the TypeScript kernels). */
export type WasmKernelsStatus = { ok: true; kernels: WasmKernels } | { ok: false; reason: string };

/** The generated module with the bytes, or null when it has not been built. */
async function importBytes(): Promise<{ wasmBase64: string } | null> {
  try {
    return await import('./generated/kernelsBytes.js');
  } catch {
    return null;
  }
}

/** The bytes of the kernel module; throws a one-line message if it has not been built. */
export async function wasmKernelBytes(): Promise<Uint8Array<ArrayBuffer>> {
  const generated = await importBytes();
  if (generated === null) throw new Error(NOT_BUILT);
  return decodeBase64(generated.wasmBase64);
}

const NOT_BUILT = 'the WebAssembly kernels are not built (src/engine/wasm/generated/kernelsBytes.js is missing): run `npm run build:wasm`';

let shared: Promise<WasmKernelsStatus> | null = null;

/**
 * The kernel module of this realm (page or Worker), loaded once: `{ ok: true, kernels }`, or
 * `{ ok: false, reason }` where WebAssembly SIMD is missing or the module was not built.
 */
export function loadWasmKernels(): Promise<WasmKernelsStatus> {
  shared ??= load();
  return shared;
}

async function load(): Promise<WasmKernelsStatus> {
  if (!simdSupported()) return { ok: false, reason: 'this JavaScript engine has no WebAssembly SIMD' };
  const generated = await importBytes();
  if (generated === null) return { ok: false, reason: NOT_BUILT };
  try {
    const { instance } = await WebAssembly.instantiate(decodeBase64(generated.wasmBase64), {});
    return { ok: true, kernels: new WasmKernels(instance) };
  } catch (e) {
    return { ok: false, reason: `the WebAssembly kernels failed to load: ${e instanceof Error ? e.message : String(e)}` };
  }
}
