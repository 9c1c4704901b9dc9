/**
 * The webgpu backend: float32 (and int32 indices) on the GPU, with WGSL from shaders/.
 *
 * Execution model (see context.ts and fusion.ts): tensors stay on the GPU; elementwise ops
 * are recorded lazily and fused into the kernel that needs them; matrix kernels, reductions
 * and random draws are dispatched into a shared command encoder that is submitted in batches;
 * `read` is the only way back to JavaScript and never blocks the GPU (`readSync` throws).
 * Buffers come from a pool fed by `dispose` (which `tidy` calls), so a training loop reaches a
 * steady state where it creates no GPU objects at all.
 */
import type {
  AdamHyper,
  Backend,
  BinaryOp,
  DType,
  DenseActivation,
  DenseGrads,
  FloatDType,
  RbfGrads,
  TriangularSolveOptions,
  TypedArray,
  UnaryOp,
} from '../tensor';
import { Tensor } from '../tensor';
import type { Shape } from '../shape';
import { broadcastShapes, sizeOf } from '../shape';
import { split } from '../random';
import type { GpuErrorListener, GpuStats, Kernel } from './context';
import { GpuContext } from './context';
import { LazyEngine } from './fusion';
import type { PooledBuffer } from './pool';
import type { Affine, Edge, LazyNode } from './storage';
import {
  GStorage,
  broadcastMap,
  diagonalMap,
  identity,
  reshapeMap,
  rowMap,
  transposeMap,
} from './storage';
import type { BindingSpec, ParamSpec, ParamValues, WgslShader } from './layout';
import { wgslShader } from './layout';

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

/** Options of {@link createWebGpuBackend}. */
export interface WebGpuBackendOptions {
  /** Submit after this many dispatches even when nothing is read back (default 128). */
  maxBatchDispatches?: number;
  /** The adapter's description, when the caller created the device. */
  adapterInfo?: GPUAdapterInfo;
  /** The backend destroys a device passed in by the caller when it is destroyed. */
  ownsDevice?: boolean;
  /** Per-kernel GPU timing (see GpuContext's profile option); slows execution down. */
  profile?: boolean;
  /** Force the small-workgroup variants (default: on software adapters only). */
  smallWorkgroups?: boolean;
}

/** Is the adapter a CPU implementation of WebGPU (SwiftShader, or any fallback adapter)? */
export function isSoftwareAdapter(info: GPUAdapterInfo | null): boolean {
  if (!info) return false;
  const text = `${info.vendor} ${info.architecture} ${info.device} ${info.description}`.toLowerCase();
  return info.isFallbackAdapter === true || text.includes('swiftshader') || text.includes('llvmpipe') || text.includes('warp');
}

function checkDtype(dtype: DType, op: string): void {
  if (dtype === 'f64') {
    throw new Error(`webgpu backend: ${op} asked for float64, which WebGPU does not have; create the tensors with dtype 'f32'`);
  }
}

function storageOf(t: Tensor): GStorage {
  const s = t.storage;
  if (!(s instanceof GStorage)) throw new Error(`webgpu backend: ${t.toString()} does not hold webgpu storage`);
  return s;
}

/** A matrix kernel's view of an operand: its buffer, read transposed, read through tril(). */
interface MatrixOperand {
  b: PooledBuffer;
  transposed: boolean;
  /** The diagonal scale of a tril() mask, or null for the whole matrix. */
  tril: number | null;
}

function isIdentity(a: Affine): boolean {
  return a.off.every((o) => o === 0) && a.rows.every((r, d) => r.every((c, p) => c === (p === d ? 1 : 0)));
}

/** Workgroups for `items` work items at 64 invocations each, `per` items per invocation. */
function groups(items: number, per = 1): number {
  return Math.max(1, Math.min(65535, Math.ceil(items / (64 * per))));
}

const MATMUL = wgslShader({
  file: 'matmul.wgsl',
  params: { m: 'u32', n: 'u32', k: 'u32', k_chunk: 'u32', row_blocks: 'u32', col_blocks: 'u32', chunks: 'u32', scale_a: 'f32', scale_b: 'f32' },
  // a4 and b4 are a and b again, read four floats at a time.
  bindings: { a: 'read f32', b: 'read f32', out: 'read_write f32', a4: 'read vec4f', b4: 'read vec4f' },
});
const GATHER_ROWS = wgslShader({
  file: 'gather_rows.wgsl',
  params: { count: 'u32', width: 'u32', rows: 'u32' },
  bindings: { x: 'read u32', idx: 'read i32', out: 'read_write u32' },
});
const SCATTER_ADD_ROWS = wgslShader({
  file: 'scatter_add_rows.wgsl',
  params: { count: 'u32', width: 'u32', rows: 'u32' },
  bindings: { g: 'read f32', idx: 'read i32', out: 'read_write atomic<u32>' },
});
const CHOLESKY = wgslShader({ file: 'cholesky.wgsl', params: { n: 'u32', shift: 'f32' }, bindings: { a: 'read f32', l: 'read_write f32' } });
const CHOLESKY_BACKWARD = wgslShader({
  file: 'cholesky_backward.wgsl',
  params: { n: 'u32' },
  bindings: { l: 'read f32', g: 'read f32', scratch: 'read_write f32', out: 'read_write f32' },
});
const TRIANGULAR_SOLVE = wgslShader({
  file: 'triangular_solve.wgsl',
  params: { n: 'u32', k: 'u32' },
  bindings: { tm: 'read f32', b: 'read f32', x: 'read_write f32' },
});
const WEIGHTED_GRAM = wgslShader({
  file: 'weighted_gram.wgsl',
  // blocks: 2x2 blocks per side, ceil(m / 2); w: the constant weight when CONST_W.
  params: { m: 'u32', n: 'u32', n_chunk: 'u32', chunks: 'u32', blocks: 'u32', w: 'f32' },
  // a4 and g4 are a and g again, read four floats at a time.
  bindings: { a: 'read f32', g: 'read f32', out: 'read_write f32', a4: 'read vec4f', g4: 'read vec4f' },
});
const RBF = wgslShader({
  file: 'rbf.wgsl',
  params: { p: 'u32', q: 'u32', d: 'u32' },
  bindings: { a: 'read f32', b: 'read f32', log_variance: 'read f32', log_lengthscale: 'read f32', k: 'read_write f32' },
});
const RBF_BACKWARD = wgslShader({
  file: 'rbf_backward.wgsl',
  params: { p: 'u32', q: 'u32', d: 'u32', q_chunk: 'u32', chunks: 'u32' },
  bindings: {
    a: 'read f32',
    b: 'read f32',
    log_lengthscale: 'read f32',
    kmat: 'read f32',
    g: 'read f32',
    out: 'read_write f32',
    partial: 'read_write f32',
  },
});
const RANDOM = wgslShader({
  file: 'random.wgsl',
  params: {
    count: 'u32',
    // randint: the span of [lo, hi) as u32, and (2^16 mod span)^2 mod span.
    span_u: 'u32',
    multiplier: 'u32',
    // uniform / normal: the key; randint: the two halves of split(key).
    key: 'vec2u',
    key2: 'vec2u',
    // uniform: the lower bound and hi - lo, rounded to f32.
    lo: 'f32',
    span: 'f32',
    // randint: the lower bound.
    lo_i: 'i32',
  },
  // Bit patterns: f32 draws and i32 integers are both stored as u32 so that no value is touched
  // by a float conversion on the way out.
  bindings: { out_bits: 'read_write u32' },
});

/** How one dispatch of a declared shader is recorded: named parameter values and buffers. */
export interface DispatchCall<P extends ParamSpec, B extends BindingSpec> {
  params: ParamValues<P>;
  /** A tensor (its buffer, computed first if lazy) or a buffer for every declared binding. */
  bindings: { readonly [K in keyof B]: Tensor | PooledBuffer };
  workgroups: number;
  entryPoint?: string;
  constants?: Readonly<Record<string, number>>;
  /** The pipeline's label in profiles and error messages (default: the file name, and the entry point). */
  label?: string;
}

/** The webgpu implementation of the engine's Backend contract, plus stats and lifecycle. */
export class WebGpuBackend implements Backend {
  readonly name = 'webgpu' as const;
  readonly ctx: GpuContext;
  private readonly lazy: LazyEngine;
  /** Pipelines of each declared shader by entry point and constants. */
  private readonly pipelines = new Map<WgslShader<ParamSpec, BindingSpec>, Map<string, Kernel>>();
  /**
   * Software adapters (SwiftShader) run a workgroup's invocations in turn on one core: there,
   * kernels whose invocations are independent use tiny workgroups so that the work spreads
   * over the cores. On hardware GPUs the usual 64.
   */
  readonly smallWorkgroups: boolean;

  constructor(device: GPUDevice, adapterInfo: GPUAdapterInfo | null, external: boolean, options: WebGpuBackendOptions = {}) {
    const software = isSoftwareAdapter(adapterInfo);
    this.ctx = new GpuContext(device, adapterInfo, {
      external,
      maxBatchDispatches: options.maxBatchDispatches,
      profile: options.profile,
    });
    this.lazy = new LazyEngine(this.ctx);
    this.smallWorkgroups = options.smallWorkgroups ?? software;
  }

  /** Counters: dispatches, submissions, buffers created/live, GPU time (see GpuStats). */
  get stats(): Readonly<GpuStats> {
    return this.ctx.stats;
  }

  get device(): GPUDevice {
    return this.ctx.device;
  }

  get adapterInfo(): GPUAdapterInfo | null {
    return this.ctx.adapterInfo;
  }

  /** Calls `listener` on every uncaptured error, failed batch and device loss; returns an unsubscribe. */
  onError(listener: GpuErrorListener): () => void {
    return this.ctx.onError(listener);
  }

  /** The first device error seen, if any (reads reject with it). */
  get failure(): Error | null {
    return this.ctx.failure;
  }

  /** Submits everything recorded so far without waiting for it. */
  flush(): void {
    this.ctx.flush();
  }

  /** Submits and waits until the GPU has finished all work (and GPU timings are in). */
  sync(): Promise<void> {
    return this.ctx.sync();
  }

  /** Destroys the pooled free buffers; returns how many. */
  trim(): number {
    const n = this.ctx.pool.trim();
    if (n) this.ctx.dropBindGroups();
    return n;
  }

  /** Releases every GPU resource (and the device, unless it was passed in). */
  destroy(): void {
    this.ctx.destroy();
  }

  // ------------------------------------------------------------------ helpers

  private wrap(s: GStorage, shape: Shape): Tensor {
    return new Tensor([...shape], s.dtype, this, s);
  }

  private lazyTensor(dtype: DType, shape: Shape, node: LazyNode): Tensor {
    return this.wrap(this.lazy.node(dtype, shape, node), shape);
  }

  private buf(t: Tensor): PooledBuffer {
    return this.lazy.materialize(storageOf(t));
  }

  private newBuffer(dtype: DType, shape: Shape): { s: GStorage; b: PooledBuffer } {
    const b = this.ctx.pool.acquire(Math.max(1, sizeOf(shape)) * 4);
    return { s: this.lazy.fromBuffer(dtype, shape, b), b };
  }

  private pipeline<P extends ParamSpec, B extends BindingSpec>(shader: WgslShader<P, B>, call: DispatchCall<P, B>): Kernel {
    let byVariant = this.pipelines.get(shader);
    if (!byVariant) {
      byVariant = new Map();
      this.pipelines.set(shader, byVariant);
    }
    const c = call.constants;
    const key = `${call.entryPoint ?? ''}|${c ? Object.keys(c).map((k) => c[k]).join(',') : ''}`;
    let k = byVariant.get(key);
    if (!k) {
      const label = call.label ?? (call.entryPoint ? `${shader.label}-${call.entryPoint}` : shader.label);
      k = this.ctx.kernel({ label, source: shader.source, entryPoint: call.entryPoint, constants: call.constants, bindings: shader.access });
      byVariant.set(key, k);
    }
    return k;
  }

  /**
   * Records one dispatch of a declared shader: computes the tensors it binds (which may record
   * kernels of their own), then writes its parameter block by name and records the dispatch.
   */
  dispatch<P extends ParamSpec, B extends BindingSpec>(shader: WgslShader<P, B>, call: DispatchCall<P, B>): void {
    const buffers = shader.bindingNames.map((name) => {
      const v: Tensor | PooledBuffer = call.bindings[name];
      return v instanceof Tensor ? this.buf(v) : v;
    });
    const kernel = this.pipeline(shader, call);
    const block = this.ctx.params(shader.params.bytes);
    shader.params.write(block, call.params);
    this.ctx.dispatch(kernel, block, buffers, call.workgroups);
  }

  private edge(t: Tensor, map: Affine) {
    return { s: storageOf(t), shape: t.shape, map };
  }

  /**
   * A matrix operand as a buffer read as it is, transposed, or through tril(): lazy
   * transposes and triangles of a buffer (the backward pass is full of them, and the SVGP's
   * tril(S)) are passed to the kernel as flags instead of being copied first.
   */
  private matrixOperand(t: Tensor): MatrixOperand {
    const s = storageOf(t);
    const n = s.node;
    if (!s.buf && n && t.shape.length === 2) {
      if (n.kind === 'view' && n.x.s.buf && n.x.shape.length === 2) {
        const m = n.x.map;
        const isT = m.off[0] === 0 && m.off[1] === 0 && m.rows[0][0] === 0 && m.rows[0][1] === 1 && m.rows[1][0] === 1 && m.rows[1][1] === 0;
        if (isT && n.x.shape[0] === t.shape[1] && n.x.shape[1] === t.shape[0]) return { b: n.x.s.buf, transposed: true, tril: null };
      }
      if (n.kind === 'tril' && n.x.s.buf && isIdentity(n.x.map) && n.x.shape.length === 2) {
        return { b: n.x.s.buf, transposed: false, tril: n.diagScale };
      }
    }
    return { b: this.lazy.materialize(s), transposed: false, tril: null };
  }

  // ------------------------------------------------------------------ storage

  fromArray(data: ArrayLike<number>, shape: Shape, dtype: DType): Tensor {
    checkDtype(dtype, 'fromArray');
    if (data.length !== sizeOf(shape)) {
      throw new Error(`fromArray: ${data.length} values do not fill shape [${shape.join(',')}]`);
    }
    this.ctx.checkUsable();
    const typed = dtype === 'i32' ? Int32Array.from(data) : Float32Array.from(data);
    const b = typed.length ? this.ctx.pool.upload(typed) : this.ctx.pool.acquire(4);
    return this.wrap(this.lazy.fromBuffer(dtype, shape, b), shape);
  }

  full(shape: Shape, value: number, dtype: DType): Tensor {
    checkDtype(dtype, 'full');
    return this.lazyTensor(dtype, shape, { kind: 'const', value });
  }

  async read(t: Tensor): Promise<TypedArray> {
    const s = storageOf(t);
    const n = t.size;
    const b = this.lazy.materialize(s);
    // Keep the storage alive until its copy is recorded (read() records synchronously).
    const bytes = await this.ctx.read(b.buffer, n * 4);
    return t.dtype === 'i32' ? new Int32Array(bytes) : new Float32Array(bytes);
  }

  readSync(t: Tensor): TypedArray {
    throw new Error(`webgpu backend: readSync/dataSync/item are not available for ${t.toString()}: GPU readback is asynchronous; use await tensor.data()`);
  }

  dispose(t: Tensor): void {
    const s = t.storage;
    if (s instanceof GStorage) this.lazy.releaseOwner(s);
  }

  reshape(t: Tensor, shape: Shape): Tensor {
    const s = storageOf(t);
    if (s.buf) return new Tensor([...shape], t.dtype, this, s, true);
    const map = reshapeMap(t.shape, shape);
    if (map) return this.lazyTensor(t.dtype, shape, { kind: 'view', x: this.edge(t, map) });
    // A split dimension of a lazy value is not affine: compute it, then share the buffer.
    this.lazy.materialize(s);
    return new Tensor([...shape], t.dtype, this, s, true);
  }

  cast(t: Tensor, dtype: DType): Tensor {
    checkDtype(dtype, 'cast');
    if (dtype === t.dtype) return this.lazyTensor(dtype, t.shape, { kind: 'view', x: this.edge(t, identity(t.rank)) });
    return this.lazyTensor(dtype, t.shape, { kind: 'cast', x: this.edge(t, identity(t.rank)) });
  }

  // ------------------------------------------------------------------ elementwise (lazy)

  unary(op: UnaryOp, x: Tensor): Tensor {
    return this.lazyTensor(x.dtype, x.shape, { kind: 'unary', op, x: this.edge(x, identity(x.rank)) });
  }

  binary(op: BinaryOp, a: Tensor, b: Tensor): Tensor {
    const shape = broadcastShapes(a.shape, b.shape);
    return this.lazyTensor(a.dtype, shape, {
      kind: 'binary',
      op,
      a: this.edge(a, broadcastMap(a.shape, shape)),
      b: this.edge(b, broadcastMap(b.shape, shape)),
    });
  }

  expand(x: Tensor, shape: Shape): Tensor {
    return this.lazyTensor(x.dtype, shape, { kind: 'view', x: this.edge(x, broadcastMap(x.shape, shape)) });
  }

  transpose(x: Tensor): Tensor {
    const [m, n] = x.shape;
    return this.lazyTensor(x.dtype, [n, m], { kind: 'view', x: this.edge(x, transposeMap()) });
  }

  tril(x: Tensor, diagScale: number): Tensor {
    return this.lazyTensor(x.dtype, x.shape, { kind: 'tril', x: this.edge(x, identity(2)), diagScale });
  }

  diag(x: Tensor): Tensor {
    return this.lazyTensor(x.dtype, [x.shape[0]], { kind: 'view', x: this.edge(x, diagonalMap()) });
  }

  diagMatrix(v: Tensor): Tensor {
    const n = v.shape[0];
    return this.lazyTensor(v.dtype, [n, n], { kind: 'diagMatrix', v: this.edge(v, rowMap()) });
  }

  eye(n: number, dtype: DType): Tensor {
    checkDtype(dtype, 'eye');
    return this.lazyTensor(dtype, [n, n], { kind: 'eye' });
  }

  // ------------------------------------------------------------------ reductions

  sum(x: Tensor, axes: readonly number[]): Tensor {
    // Small reductions stay lazy and are evaluated inside the (scalar) kernel that reads them.
    const s = this.lazy.lazyReduce('sum', storageOf(x), x.shape, axes) ?? this.lazy.reduce('sum', storageOf(x), x.shape, axes);
    return this.wrap(s, s.shape);
  }

  max(x: Tensor, axes: readonly number[]): Tensor {
    const s = this.lazy.lazyReduce('max', storageOf(x), x.shape, axes) ?? this.lazy.reduce('max', storageOf(x), x.shape, axes);
    return this.wrap(s, s.shape);
  }

  /** Sums partial results [chunks, ...rest] over the first axis into a tensor of shape `shape`. */
  private sumChunks(partial: GStorage, chunks: number, shape: Shape): Tensor {
    const inner = sizeOf(shape);
    const s = this.lazy.reduce('sum', partial, [chunks, inner], [0]);
    this.lazy.release(partial);
    return this.wrap(s, shape);
  }

  // ------------------------------------------------------------------ matrix kernels

  matmul(a: Tensor, b: Tensor, transA: boolean, transB: boolean): Tensor {
    this.ctx.checkUsable();
    const m = transA ? a.shape[1] : a.shape[0];
    const k = transA ? a.shape[0] : a.shape[1];
    const n = transB ? b.shape[0] : b.shape[1];
    return this.matmulRaw(this.matrixOperand(a), this.matrixOperand(b), transA, transB, m, k, n);
  }

  private matmulRaw(
    oa: MatrixOperand,
    ob: MatrixOperand,
    transA: boolean,
    transB: boolean,
    m: number,
    k: number,
    n: number,
  ): Tensor {
    const ta = transA !== oa.transposed;
    const tb = transB !== ob.transposed;
    if (m === 0 || n === 0 || k === 0) {
      const { s, b } = this.newBuffer('f32', [m, n]);
      if (m * n > 0) this.ctx.clear(b.buffer, m * n * 4);
      return this.wrap(s, [m, n]);
    }
    const rowBlocks = Math.ceil(m / 4);
    const colBlocks = Math.ceil(n / 4);
    const blocks = rowBlocks * colBlocks;
    // Split k when the output alone cannot keep the GPU (or both cores of a software GPU) busy.
    let chunks = 1;
    if (blocks < 256 && k >= 512) chunks = Math.min(Math.ceil(k / 256), Math.ceil(1024 / blocks));
    // Chunks start at multiples of 4 so that vec4 tile loads stay aligned.
    const kChunk = Math.ceil(Math.ceil(k / chunks) / 4) * 4;
    chunks = Math.ceil(k / kChunk);
    const trilA = oa.tril !== null;
    const trilB = ob.tril !== null;
    const vecA = !trilA && (ta ? m % 4 === 0 : k % 4 === 0);
    const vecB = !trilB && (tb ? k % 4 === 0 : n % 4 === 0);
    const flags = `${ta ? 'T' : 'N'}${tb ? 'T' : 'N'}${vecA ? 'v' : 's'}${vecB ? 'v' : 's'}${trilA ? 'l' : ''}${trilB ? 'L' : ''}`;
    const target = this.newBuffer('f32', chunks > 1 ? [chunks, m, n] : [m, n]);
    this.dispatch(MATMUL, {
      label: `matmul-${flags}`,
      constants: { TRANS_A: ta ? 1 : 0, TRANS_B: tb ? 1 : 0, VEC_A: vecA ? 1 : 0, VEC_B: vecB ? 1 : 0, TRIL_A: trilA ? 1 : 0, TRIL_B: trilB ? 1 : 0 },
      params: { m, n, k, k_chunk: kChunk, row_blocks: rowBlocks, col_blocks: colBlocks, chunks, scale_a: oa.tril ?? 1, scale_b: ob.tril ?? 1 },
      bindings: { a: oa.b, b: ob.b, out: target.b, a4: oa.b, b4: ob.b },
      workgroups: groups(blocks * chunks),
    });
    if (chunks === 1) return this.wrap(target.s, [m, n]);
    return this.sumChunks(target.s, chunks, [m, n]);
  }

  gatherRows(x: Tensor, idx: Tensor): Tensor {
    this.ctx.checkUsable();
    const rows = x.shape[0];
    const count = idx.shape[0];
    const width = rows > 0 ? x.size / rows : sizeOf(x.shape.slice(1));
    const shape = [count, ...x.shape.slice(1)];
    const out = this.newBuffer(x.dtype, shape);
    if (count * width > 0) {
      this.dispatch(GATHER_ROWS, { params: { count, width, rows }, bindings: { x, idx, out: out.b }, workgroups: groups(count * width, 4) });
    }
    return this.wrap(out.s, shape);
  }

  scatterAddRows(g: Tensor, idx: Tensor, n: number): Tensor {
    this.ctx.checkUsable();
    checkDtype(g.dtype, 'scatterAddRows');
    if (g.dtype !== 'f32') throw new Error('webgpu backend: scatterAddRows adds float32 rows only');
    const count = idx.shape[0];
    const width = count > 0 ? g.size / count : sizeOf(g.shape.slice(1));
    const shape = [n, ...g.shape.slice(1)];
    if (count * width > 0) {
      this.buf(g);
      this.buf(idx);
    }
    const out = this.newBuffer(g.dtype, shape);
    this.ctx.clear(out.b.buffer, Math.max(1, n * width) * 4);
    if (count * width > 0) {
      this.dispatch(SCATTER_ADD_ROWS, { params: { count, width, rows: n }, bindings: { g, idx, out: out.b }, workgroups: groups(count * width, 4) });
    }
    return this.wrap(out.s, shape);
  }

  cholesky(a: Tensor, shift: number): Tensor {
    this.ctx.checkUsable();
    const n = a.shape[0];
    const out = this.newBuffer(a.dtype, [n, n]);
    if (n > 0) {
      this.dispatch(CHOLESKY, { params: { n, shift }, bindings: { a, l: out.b }, workgroups: 1 });
    }
    return this.wrap(out.s, [n, n]);
  }

  choleskyBackward(l: Tensor, lBar: Tensor): Tensor {
    this.ctx.checkUsable();
    const n = l.shape[0];
    const out = this.newBuffer(l.dtype, [n, n]);
    if (n > 0) {
      this.buf(l);
      this.buf(lBar);
      const scratch = this.ctx.pool.acquire(n * n * 4);
      this.dispatch(CHOLESKY_BACKWARD, { label: 'cholesky-backward', params: { n }, bindings: { l, g: lBar, scratch, out: out.b }, workgroups: 1 });
      this.ctx.pool.release(scratch);
    }
    return this.wrap(out.s, [n, n]);
  }

  triangularSolve(l: Tensor, b: Tensor, options: TriangularSolveOptions): Tensor {
    this.ctx.checkUsable();
    const [n, k] = b.shape;
    const out = this.newBuffer(b.dtype, [n, k]);
    if (n * k > 0) {
      const wg = this.smallWorkgroups ? 4 : 64;
      const rhs = this.matrixOperand(b);
      if (rhs.tril !== null) rhs.b = this.lazy.materialize(storageOf(b));
      const trans = rhs.tril === null && rhs.transposed;
      this.dispatch(TRIANGULAR_SOLVE, {
        label: `trsm-${options.lower ? 'L' : 'U'}${options.transpose ? 'T' : 'N'}${trans ? 'T' : ''}`,
        constants: { LOWER: options.lower ? 1 : 0, TRANSPOSE: options.transpose ? 1 : 0, TRANS_RHS: trans ? 1 : 0, WG: wg },
        params: { n, k },
        bindings: { tm: l, b: rhs.b, x: out.b },
        workgroups: Math.max(1, Math.min(65535, Math.ceil(k / wg))),
      });
    }
    return this.wrap(out.s, [n, k]);
  }

  columnQuadForm(w: Tensor, a: Tensor): Tensor {
    // q_j = sum_i a_ij (w a)_ij: the matrix product in the tiled kernel, then one fused
    // reduction of a * (w a) over rows (the product is never multiplied out elementwise).
    const n = a.shape[1];
    const wa = this.matmul(w, a, false, false);
    const prod = this.binary('mul', a, wa);
    const q = this.sum(prod, [0]);
    this.dispose(prod);
    this.dispose(wa);
    return this.reshape(q, [n]);
  }

  weightedGram(a: Tensor, g: Tensor): Tensor {
    this.ctx.checkUsable();
    const [m, n] = a.shape;
    const gs = storageOf(g);
    // gram(a) passes a constant weight of ones: use it as a number, never as a buffer.
    const constW = !gs.buf && gs.node?.kind === 'const' ? gs.node.value : null;
    if (m === 0 || n === 0) {
      const out = this.newBuffer(a.dtype, [m, m]);
      if (m > 0) this.ctx.clear(out.b.buffer, m * m * 4);
      return this.wrap(out.s, [m, m]);
    }
    const blocks = Math.ceil(m / 2);
    const items = (blocks * (blocks + 1)) / 2;
    let chunks = 1;
    if (items < 512 && n >= 512) chunks = Math.min(Math.ceil(n / 256), Math.ceil(2048 / items));
    const vec = n % 4 === 0;
    const nChunk = vec ? Math.ceil(Math.ceil(n / chunks) / 4) * 4 : Math.ceil(n / chunks);
    chunks = Math.ceil(n / nChunk);
    const ab = this.buf(a);
    const gb = constW === null ? this.buf(g) : ab;
    const target = this.newBuffer(a.dtype, chunks > 1 ? [chunks, m, m] : [m, m]);
    this.dispatch(WEIGHTED_GRAM, {
      label: `weighted-gram-${constW === null ? 'w' : 'c'}${vec ? 'v' : 's'}`,
      constants: { CONST_W: constW === null ? 0 : 1, VEC: vec ? 1 : 0 },
      params: { m, n, n_chunk: nChunk, chunks, blocks, w: constW ?? 1 },
      bindings: { a: ab, g: gb, out: target.b, a4: ab, g4: gb },
      workgroups: groups(blocks * blocks * chunks),
    });
    if (chunks === 1) return this.wrap(target.s, [m, m]);
    return this.sumChunks(target.s, chunks, [m, m]);
  }

  rbf(a: Tensor, b: Tensor, logVariance: Tensor, logLengthscale: Tensor): Tensor {
    this.ctx.checkUsable();
    const [p, d] = a.shape;
    const q = b.shape[0];
    const out = this.newBuffer(a.dtype, [p, q]);
    if (p * q > 0) {
      this.dispatch(RBF, {
        params: { p, q, d },
        bindings: { a, b, log_variance: logVariance, log_lengthscale: logLengthscale, k: out.b },
        workgroups: groups(q),
      });
    }
    return this.wrap(out.s, [p, q]);
  }

  rbfBackward(a: Tensor, b: Tensor, logLengthscale: Tensor, k: Tensor, g: Tensor): RbfGrads {
    this.ctx.checkUsable();
    const [p, d] = a.shape;
    const q = b.shape[0];
    // dA sums over q, which is long for a full batch: chunks of columns, summed afterwards.
    const qChunk = Math.max(256, Math.ceil(q / Math.max(1, Math.floor(4096 / Math.max(1, p)))));
    const chunks = Math.max(1, Math.ceil(q / qChunk));
    const inputs = p * q > 0 && d > 0 ? [this.buf(a), this.buf(b), this.buf(logLengthscale), this.buf(k), this.buf(g)] : [];
    const dB = this.newBuffer(a.dtype, [q, d]);
    const partial = this.newBuffer(a.dtype, [2, q]);
    const dAparts = this.newBuffer(a.dtype, [chunks, p, d]);
    if (inputs.length) {
      const [ab, bb, lb, kb, gb] = inputs;
      const params = { p, q, d, q_chunk: qChunk, chunks };
      this.dispatch(RBF_BACKWARD, {
        entryPoint: 'cols',
        params,
        bindings: { a: ab, b: bb, log_lengthscale: lb, kmat: kb, g: gb, out: dB.b, partial: partial.b },
        workgroups: groups(q),
      });
      this.dispatch(RBF_BACKWARD, {
        entryPoint: 'rows',
        params,
        bindings: { a: ab, b: bb, log_lengthscale: lb, kmat: kb, g: gb, out: dAparts.b, partial: partial.b },
        workgroups: groups(p * chunks),
      });
    } else {
      if (p * d > 0) this.ctx.clear(dAparts.b.buffer, chunks * p * d * 4);
      if (q * d > 0) this.ctx.clear(dB.b.buffer, q * d * 4);
      this.ctx.clear(partial.b.buffer, Math.max(1, 2 * q) * 4);
    }
    const dA = chunks > 1 ? this.sumChunks(dAparts.s, chunks, [p, d]) : this.wrap(dAparts.s, [p, d]);
    // The two scalars: row sums of partial [2, q] (lazy when small: evaluated inside whatever
    // consumes them, the Adam update of the two hyperparameters), read as element views.
    const sums = q > 0 ? (this.lazy.lazyReduce('sum', partial.s, [2, q], [1]) ?? this.lazy.reduce('sum', partial.s, [2, q], [1])) : this.zerosStorage([2, 1]);
    this.lazy.release(partial.s);
    const element = (k: number): Tensor =>
      this.lazyTensor(a.dtype, [], { kind: 'view', x: { s: sums, shape: [2, 1], map: { rows: [[], []], off: [k, 0] } } });
    const dLogVariance = element(0);
    const dLogLengthscale = element(1);
    this.lazy.releaseOwner(sums);
    return { dA, dB: this.wrap(dB.s, [q, d]), dLogVariance, dLogLengthscale };
  }

  private zerosStorage(shape: Shape): GStorage {
    const out = this.newBuffer('f32', shape);
    this.ctx.clear(out.b.buffer, Math.max(1, sizeOf(shape)) * 4);
    return out.s;
  }

  adamUpdate(param: Tensor, grad: Tensor, m: Tensor, v: Tensor, hyper: AdamHyper): [Tensor, Tensor, Tensor] {
    // Adam(W) as optax (see adamInto in cpu/adam.ts), written as lazy expressions and computed
    // by one fused kernel with three outputs: the gradient's own expression (often a chain of
    // scalar bookkeeping from the backward pass) is evaluated inside the update instead of by a
    // kernel of its own.
    this.ctx.checkUsable();
    checkDtype(param.dtype, 'adamUpdate');
    const gs = storageOf(grad);
    if (gs.node && gs.cost > 32) this.lazy.materialize(gs);
    const dt = param.dtype;
    const temps: Tensor[] = [];
    const t = (x: Tensor): Tensor => {
      temps.push(x);
      return x;
    };
    const k = (x: number): Tensor => t(this.full([], x, dt));
    const mul = (a: Tensor, b: Tensor) => t(this.binary('mul', a, b));
    const add = (a: Tensor, b: Tensor) => t(this.binary('add', a, b));
    const c1 = 1 / (1 - Math.pow(hyper.b1, hyper.step));
    const c2 = 1 / (1 - Math.pow(hyper.b2, hyper.step));
    const m2 = add(mul(k(hyper.b1), m), mul(k(1 - hyper.b1), grad));
    const v2 = add(mul(k(hyper.b2), v), mul(mul(k(1 - hyper.b2), grad), grad));
    const denom = add(t(this.unary('sqrt', mul(v2, k(c2)))), k(hyper.eps));
    let direction = t(this.binary('div', mul(m2, k(c1)), denom));
    if (hyper.weightDecay !== 0) direction = add(direction, mul(k(hyper.weightDecay), param));
    const p2 = t(this.binary('sub', param, mul(k(hyper.learningRate), direction)));
    this.lazy.materializeMany([storageOf(p2), storageOf(m2), storageOf(v2)]);
    // The results keep their storage; every other temporary is released.
    const keep = new Set([p2, m2, v2]);
    for (const x of temps) if (!keep.has(x)) this.dispose(x);
    return [p2, m2, v2];
  }

  // ------------------------------------------------------------------ fused ops of the probabilistic layer

  dense(x: Tensor, w: Tensor, b: Tensor, activation: DenseActivation): Tensor {
    // The product in the tiled kernel; bias and activation stay lazy and fuse into the consumer.
    const xw = this.matmul(x, w, false, false);
    const pre = this.binary('add', xw, b);
    this.dispose(xw);
    if (activation === 'linear') return pre;
    const out = this.unary('tanh', pre);
    this.dispose(pre);
    return out;
  }

  denseBackward(x: Tensor, w: Tensor, out: Tensor, g: Tensor, activation: DenseActivation, needDx: boolean): DenseGrads {
    // d = g * act'(out): materialised once by the first product, then shared by all three.
    let d = g;
    if (activation === 'tanh') {
      const sq = this.unary('square', out);
      const one = this.full([], 1, out.dtype);
      const deriv = this.binary('sub', one, sq);
      d = this.binary('mul', g, deriv);
      for (const t of [sq, one, deriv]) this.dispose(t);
    }
    const dw = this.matmul(x, d, true, false);
    const colSums = this.sum(d, [0]);
    const db = this.reshape(colSums, [w.shape[1]]);
    const dx = needDx ? this.matmul(d, w, false, true) : null;
    if (d !== g) this.dispose(d);
    return { dx, dw, db };
  }

  bernoulliLogits(logits: Tensor, y: Tensor): Tensor {
    return this.lazyTensor(logits.dtype, logits.shape, {
      kind: 'call',
      fn: 'bernoulli_logits_f32',
      args: [this.edge(logits, identity(logits.rank)), this.edge(y, identity(y.rank))],
    });
  }

  bernoulliLogitsBackward(logits: Tensor, y: Tensor, g: Tensor): Tensor {
    const sig = this.unary('sigmoid', logits);
    const diff = this.binary('sub', y, sig);
    const out = this.binary('mul', g, diff);
    this.dispose(sig);
    this.dispose(diff);
    return out;
  }

  /** x read as the flat vector [size] (materialising a lazy value of rank > 1 first). */
  private flatEdge(x: Tensor, map: Affine): Edge {
    const s = storageOf(x);
    if (!s.buf && x.shape.filter((d) => d !== 1).length > 1) this.lazy.materialize(s);
    if (s.buf) return { s, shape: [x.size], map };
    // A lazy value with at most one non-unit dimension: its flat index is that coordinate.
    const rows = x.shape.map((d) => (d === 1 ? map.rows[0].map(() => 0) : map.rows[0]));
    const off = x.shape.map((d) => (d === 1 ? 0 : map.off[0]));
    return { s, shape: x.shape, map: { rows, off } };
  }

  sliceFlat(x: Tensor, offset: number, shape: Shape): Tensor {
    // Node coordinate c maps to flat element offset + row-major index of c.
    let acc = 1;
    const coef = new Array<number>(shape.length);
    for (let d = shape.length - 1; d >= 0; d--) {
      coef[d] = acc;
      acc *= shape[d];
    }
    const edge = this.flatEdge(x, { rows: [coef], off: [offset] });
    return this.lazyTensor(x.dtype, shape, { kind: 'view', x: edge });
  }

  padFlat(g: Tensor, offset: number, shape: Shape): Tensor {
    // Zeros, then the values copied in at their position: two copy commands, no kernel.
    this.ctx.checkUsable();
    const out = this.newBuffer(g.dtype, shape);
    this.ctx.clear(out.b.buffer, Math.max(1, sizeOf(shape)) * 4);
    if (g.size > 0) this.ctx.copy(this.buf(g).buffer, 0, out.b.buffer, offset * 4, g.size * 4);
    return this.wrap(out.s, shape);
  }

  // ------------------------------------------------------------------ random numbers

  private checkKey(key: Uint32Array, op: string): void {
    if (!(key instanceof Uint32Array) || key.length !== 2) throw new Error(`${op}: a key must be a Uint32Array of length 2`);
  }

  private drawFloats(mode: 0 | 1, key: Uint32Array, shape: Shape, dtype: FloatDType): Tensor {
    checkDtype(dtype, mode === 0 ? 'randomUniform' : 'randomNormal');
    this.checkKey(key, mode === 0 ? 'randomUniform' : 'randomNormal');
    this.ctx.checkUsable();
    const count = sizeOf(shape);
    const out = this.newBuffer(dtype, shape);
    if (count > 0) {
      // The bounds as the f32 TypeScript sampler rounds them: [0, 1) for uniform,
      // [nextafter(-1, 0), 1) = [-1 + 2^-24, 1) for the normal's inverse-CDF uniform.
      const lo = mode === 0 ? 0 : Math.fround(-1 + 2 ** -24);
      const span = Math.fround(Math.fround(1) - lo);
      this.dispatch(RANDOM, {
        label: `random-${mode}`,
        constants: { MODE: mode },
        params: { count, span_u: 0, multiplier: 0, key, key2: [0, 0], lo, span, lo_i: 0 },
        bindings: { out_bits: out.b },
        workgroups: groups(count, 4),
      });
    }
    return this.wrap(out.s, shape);
  }

  /** Uniform [0, 1) draws [shape], bit-identical to random.ts's f32 uniform for the same key. */
  randomUniform(key: Uint32Array, shape: Shape, dtype: FloatDType): Tensor {
    return this.drawFloats(0, key, shape, dtype);
  }

  /**
   * Standard normal draws [shape] from the same (bit-identical) uniforms as random.ts; erfinv
   * is evaluated in f32 here and in f64 there, so values agree to within 2e-6 relative
   * (at most 16 f32 ulp; tested on 60,000 draws), not bit for bit.
   */
  randomNormal(key: Uint32Array, shape: Shape, dtype: FloatDType): Tensor {
    return this.drawFloats(1, key, shape, dtype);
  }

  /** JAX's randint [shape] (i32), bit-identical to random.ts's randint. */
  randint(key: Uint32Array, shape: Shape, lo: number, hi: number): Tensor {
    this.checkKey(key, 'randint');
    if (!Number.isSafeInteger(lo) || !Number.isSafeInteger(hi)) throw new Error(`randint: minval and maxval must be integers, got ${lo}, ${hi}`);
    this.ctx.checkUsable();
    const count = sizeOf(shape);
    const out = this.newBuffer('i32', shape);
    if (count > 0) {
      // The span and multiplier exactly as random.ts's randint computes them (JAX's algorithm).
      const maxOutOfRange = hi > INT32_MAX;
      const l = Math.min(Math.max(lo, INT32_MIN), INT32_MAX);
      const h = Math.min(Math.max(hi, INT32_MIN), INT32_MAX);
      let span = (h - l) >>> 0;
      if (h <= l) span = 1;
      if (maxOutOfRange && h > l) span = (span + 1) >>> 0;
      const urem = (x: number, y: number) => (y === 0 ? x : x % y);
      let multiplier = urem(65536, span);
      multiplier = urem(Math.imul(multiplier, multiplier) >>> 0, span);
      const [kh, kl] = split(key, 2);
      this.dispatch(RANDOM, {
        label: 'random-2',
        constants: { MODE: 2 },
        params: { count, span_u: span, multiplier, key: kh, key2: kl, lo: 0, span: 0, lo_i: l },
        bindings: { out_bits: out.b },
        workgroups: groups(count, 4),
      });
    }
    return this.wrap(out.s, shape);
  }
}

/** A device on `adapter` with 'timestamp-query' when offered and the limits the kernels like. */
export function requestDeviceFor(adapter: GPUAdapter): Promise<GPUDevice> {
  const features: GPUFeatureName[] = [];
  if (adapter.features.has('timestamp-query')) features.push('timestamp-query');
  const lim = adapter.limits;
  return adapter.requestDevice({
    requiredFeatures: features,
    requiredLimits: {
      maxStorageBuffersPerShaderStage: Math.min(lim.maxStorageBuffersPerShaderStage, 10),
      maxStorageBufferBindingSize: lim.maxStorageBufferBindingSize,
      maxBufferSize: lim.maxBufferSize,
      maxComputeWorkgroupStorageSize: Math.min(lim.maxComputeWorkgroupStorageSize, 32768),
    },
  });
}

/**
 * A webgpu backend on `device` (left alive by `destroy()` unless options.ownsDevice), or on a
 * new device from the high-performance adapter. Rejects when there is no adapter.
 */
export async function createWebGpuBackend(device?: GPUDevice, options: WebGpuBackendOptions = {}): Promise<WebGpuBackend> {
  if (device) return new WebGpuBackend(device, options.adapterInfo ?? device.adapterInfo ?? null, !(options.ownsDevice ?? false), options);
  const gpu = typeof navigator === 'undefined' ? undefined : navigator.gpu;
  if (!gpu) throw new Error('webgpu backend: navigator.gpu is not available in this context');
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) throw new Error('webgpu backend: no WebGPU adapter found');
  const dev = await requestDeviceFor(adapter);
  return new WebGpuBackend(dev, adapter.info, false, options);
}

/** Is this backend the webgpu one (for code that wants its stats or sync)? */
export function isWebGpuBackend(b: Backend): b is WebGpuBackend {
  return b instanceof WebGpuBackend;
}

