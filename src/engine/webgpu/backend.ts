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
import type { Backend, BinaryOp, DType, FloatDType, TriangularSolveOptions, TypedArray, UnaryOp } from '../tensor';
import { Tensor } from '../tensor';
import type { Shape } from '../shape';
import { broadcastShapes, sizeOf } from '../shape';
import { split } from '../random';
import type { GpuErrorListener, GpuStats, Kernel } from './context';
import { GpuContext } from './context';
import { LazyEngine } from './fusion';
import type { PooledBuffer } from './pool';
import type { Affine, LazyNode } from './storage';
import {
  GStorage,
  broadcastMap,
  diagonalMap,
  identity,
  reshapeMap,
  rowMap,
  transposeMap,
} from './storage';
import type { BindingSpec, ParamSpec, WgslShader } from './layout';
import { wgslShader } from './layout';
import type { DispatchCall, GpuKernelApi, MatrixOperand } from './kernelApi';
import { checkGpuDtype, groups } from './kernelApi';

// The webgpu kernels of every op that registers its own (ops/<op>/webgpu.ts) load with the backend.
import.meta.glob('../ops/**/webgpu.ts', { eager: true });

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

function storageOf(t: Tensor): GStorage {
  const s = t.storage;
  if (!(s instanceof GStorage)) throw new Error(`webgpu backend: ${t.toString()} does not hold webgpu storage`);
  return s;
}

function isIdentity(a: Affine): boolean {
  return a.off.every((o) => o === 0) && a.rows.every((r, d) => r.every((c, p) => c === (p === d ? 1 : 0)));
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

/**
 * The webgpu implementation of the engine's Backend contract, plus stats and lifecycle; what its
 * kernels see of it is GpuKernelApi (see ops/registry.ts).
 */
export class WebGpuBackend implements GpuKernelApi {
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

  // ------------------------------------------------------------------ the kernel API

  output(dtype: DType, shape: Shape): Tensor {
    this.ctx.checkUsable();
    return this.wrap(this.newBuffer(dtype, shape).s, shape);
  }

  buffer(t: Tensor): PooledBuffer {
    return this.buf(t);
  }

  scratch(bytes: number): PooledBuffer {
    return this.ctx.pool.acquire(bytes);
  }

  releaseScratch(b: PooledBuffer): void {
    this.ctx.pool.release(b);
  }

  clear(t: Tensor): void {
    this.ctx.clear(this.buf(t).buffer, Math.max(1, t.size) * 4);
  }

  copy(src: Tensor, dst: Tensor, dstOffset: number): void {
    this.ctx.copy(this.buf(src).buffer, 0, this.buf(dst).buffer, dstOffset * 4, src.size * 4);
  }

  view(x: Tensor, shape: Shape, map: Affine, readAs: Shape = x.shape): Tensor {
    return this.lazyTensor(x.dtype, shape, { kind: 'view', x: { s: storageOf(x), shape: readAs, map } });
  }

  call(fn: string, dtype: DType, shape: Shape, args: readonly Tensor[]): Tensor {
    return this.lazyTensor(dtype, shape, { kind: 'call', fn, args: args.map((a) => this.edge(a, identity(a.rank))) });
  }

  lazyCost(t: Tensor): number {
    const s = storageOf(t);
    return s.buf ? 0 : s.cost;
  }

  computeTogether(ts: readonly Tensor[]): void {
    this.lazy.materializeMany(ts.map(storageOf));
  }

  constantValue(t: Tensor): number | null {
    const s = storageOf(t);
    return !s.buf && s.node?.kind === 'const' ? s.node.value : null;
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
  matrixOperand(t: Tensor): MatrixOperand {
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
    checkGpuDtype(dtype, 'fromArray');
    if (data.length !== sizeOf(shape)) {
      throw new Error(`fromArray: ${data.length} values do not fill shape [${shape.join(',')}]`);
    }
    this.ctx.checkUsable();
    const typed = dtype === 'i32' ? Int32Array.from(data) : Float32Array.from(data);
    const b = typed.length ? this.ctx.pool.upload(typed) : this.ctx.pool.acquire(4);
    return this.wrap(this.lazy.fromBuffer(dtype, shape, b), shape);
  }

  full(shape: Shape, value: number, dtype: DType): Tensor {
    checkGpuDtype(dtype, 'full');
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
    checkGpuDtype(dtype, 'cast');
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
    checkGpuDtype(dtype, 'eye');
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

  sumChunks(partial: Tensor, chunks: number, shape: Shape): Tensor {
    const s = this.lazy.reduce('sum', storageOf(partial), [chunks, sizeOf(shape)], [0]);
    this.dispose(partial);
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
    const target = this.output('f32', chunks > 1 ? [chunks, m, n] : [m, n]);
    this.dispatch(MATMUL, {
      label: `matmul-${flags}`,
      constants: { TRANS_A: ta ? 1 : 0, TRANS_B: tb ? 1 : 0, VEC_A: vecA ? 1 : 0, VEC_B: vecB ? 1 : 0, TRIL_A: trilA ? 1 : 0, TRIL_B: trilB ? 1 : 0 },
      params: { m, n, k, k_chunk: kChunk, row_blocks: rowBlocks, col_blocks: colBlocks, chunks, scale_a: oa.tril ?? 1, scale_b: ob.tril ?? 1 },
      bindings: { a: oa.b, b: ob.b, out: target, a4: oa.b, b4: ob.b },
      workgroups: groups(blocks * chunks),
    });
    if (chunks === 1) return target;
    return this.sumChunks(target, chunks, [m, n]);
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
    checkGpuDtype(g.dtype, 'scatterAddRows');
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

  // ------------------------------------------------------------------ random numbers

  private checkKey(key: Uint32Array, op: string): void {
    if (!(key instanceof Uint32Array) || key.length !== 2) throw new Error(`${op}: a key must be a Uint32Array of length 2`);
  }

  private drawFloats(mode: 0 | 1, key: Uint32Array, shape: Shape, dtype: FloatDType): Tensor {
    checkGpuDtype(dtype, mode === 0 ? 'randomUniform' : 'randomNormal');
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

