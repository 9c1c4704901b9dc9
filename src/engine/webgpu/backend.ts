/**
 * The webgpu backend: float32 (and int32 indices) on the GPU, with WGSL from shaders/. The kernels
 * themselves live with their ops (ops/<op>/webgpu.ts); this class holds the storage, the lazy
 * elementwise machinery, and the kernel API (GpuKernelApi) through which those kernels run.
 *
 * Execution model (see context.ts and fusion.ts): tensors stay on the GPU; elementwise ops
 * are recorded lazily and fused into the kernel that needs them; matrix kernels, reductions
 * and random draws are dispatched into a shared command encoder that is submitted in batches;
 * `read` is the only way back to JavaScript and never blocks the GPU (`readSync` throws).
 * Buffers come from a pool fed by `dispose` (which `tidy` calls), so a training loop reaches a
 * steady state where it creates no GPU objects at all.
 */
import type { Backend, BinaryOp, DType, TypedArray, UnaryOp } from '../tensor';
import { Tensor } from '../tensor';
import type { Shape } from '../shape';
import { broadcastShapes, sizeOf } from '../shape';
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
import type { DispatchCall, GpuKernelApi, MatrixOperand } from './kernelApi';
import { checkGpuDtype } from './kernelApi';
import { KernelPrimitives } from '../ops/primitives';

// Every op's webgpu kernels (ops/<op>/webgpu.ts, primitives' and fused ones alike) register
// when the backend loads; matmul, the linear-algebra primitives and the random draws run them
// through KernelPrimitives.
import.meta.glob('../ops/**/webgpu.ts', { eager: true });

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

/**
 * The webgpu implementation of the engine's Backend contract, plus stats and lifecycle; what its
 * kernels see of it is GpuKernelApi (see ops/registry.ts).
 */
export class WebGpuBackend extends KernelPrimitives implements GpuKernelApi {
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
    super();
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

  // ------------------------------------------------------------------ the kernel API

  output(dtype: DType, shape: Shape): Tensor {
    this.ctx.checkUsable();
    const b = this.ctx.pool.acquire(Math.max(1, sizeOf(shape)) * 4);
    return this.wrap(this.lazy.fromBuffer(dtype, shape, b), shape);
  }

  buffer(t: Tensor): PooledBuffer {
    return this.lazy.materialize(storageOf(t));
  }

  scratch(bytes: number): PooledBuffer {
    return this.ctx.pool.acquire(bytes);
  }

  releaseScratch(b: PooledBuffer): void {
    this.ctx.pool.release(b);
  }

  clear(t: Tensor): void {
    this.ctx.clear(this.buffer(t).buffer, Math.max(1, t.size) * 4);
  }

  copy(src: Tensor, dst: Tensor, dstOffset: number): void {
    this.ctx.copy(this.buffer(src).buffer, 0, this.buffer(dst).buffer, dstOffset * 4, src.size * 4);
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
      return v instanceof Tensor ? this.buffer(v) : v;
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

  // ------------------------------------------------------------------ random numbers

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

