/**
 * The execution context of the webgpu backend: one GPUDevice, and everything that makes many
 * small dispatches cheap.
 *
 * - Dispatches are recorded into one command encoder (one compute pass while no copy
 *   intervenes) and submitted in batches: when a readback's caller yields (so the reads of
 *   several steps issued back to back share one submission), on an explicit flush, or every
 *   `maxBatchDispatches`. Nothing waits for the GPU except a readback's own promise.
 * - Kernel parameters go into a host-side arena at 256-byte steps and reach the GPU with one
 *   writeBuffer per batch; every kernel reads its block through one uniform binding with a
 *   dynamic offset, so the parameter bind group is created once.
 * - Storage buffers come from a size-bucketed pool fed by tensor disposal (see `BufferPool`);
 *   pipelines and bind groups are cached. A training step that repeats the same calls
 *   therefore reuses the same buffers, and so the same bind groups, step after step.
 * - With 'timestamp-query', every pass writes begin/end timestamps; the sums come back by
 *   asynchronous maps and accumulate in `stats.gpuTimeMs`.
 * - Errors: each batch runs inside validation/out-of-memory/internal error scopes and each new
 *   pipeline inside a validation scope; uncaptured errors and device loss are reported to the
 *   listeners, fail pending reads, and make later reads reject instead of returning garbage.
 */
import type { ParamBlock } from './layout';
import type { PooledBuffer } from './pool';
import { BufferPool, StagingPool } from './pool';

/** Counters of the work submitted and the memory held, for tests and benchmarks. */
export interface GpuStats {
  /** Compute dispatches recorded. */
  dispatches: number;
  /** Command buffers submitted. */
  submissions: number;
  /** Buffer-to-buffer copies and clears recorded (uploads, readbacks, zero fills). */
  copies: number;
  /** Storage buffers created and destroyed over the backend's life. */
  buffersCreated: number;
  buffersDestroyed: number;
  /** Storage buffers that exist now (held by tensors or waiting in the pool). */
  liveBuffers: number;
  /** Of those, the ones held by tensors. */
  inUseBuffers: number;
  /** Bytes of all live storage buffers. */
  liveBytes: number;
  /** Mappable buffers for readback that exist now. */
  stagingBuffers: number;
  pipelines: number;
  bindGroups: number;
  readbacks: number;
  /** Total GPU time of the timed passes (ms), or null without 'timestamp-query'. */
  gpuTimeMs: number | null;
  /** Batches whose timestamps have come back, and the dispatches they held. */
  timedBatches: number;
  timedDispatches: number;
}

/** A problem reported by the device: a failed validation, out of memory, a lost device. */
export interface GpuErrorEvent {
  kind: 'validation' | 'out-of-memory' | 'internal' | 'uncaptured' | 'lost';
  message: string;
}

export type GpuErrorListener = (event: GpuErrorEvent) => void;

/** Access of a storage binding: read-only or read-write. */
export type Access = 'r' | 'w';

/** What a compute pipeline is made of. */
export interface KernelSpec {
  label: string;
  source: string;
  entryPoint?: string;
  constants?: Record<string, number>;
  /** Access of group(1) bindings 0, 1, ...; group(0) binding 0 is always the parameter block. */
  bindings: readonly Access[];
}

/** A compiled pipeline with the layout of its storage bindings. */
export interface Kernel {
  readonly label: string;
  readonly pipeline: GPUComputePipeline;
  readonly layout: GPUBindGroupLayout;
  readonly layoutKey: string;
}

/** Bytes between parameter blocks: the dynamic-offset alignment every adapter accepts. */
const PARAM_ALIGN = 256;
/** Bytes a parameter binding exposes; every kernel's parameter struct fits. */
export const PARAM_WINDOW = 1024;
const ARENA_BYTES = 256 * 1024;
/** Timestamp slots per batch (two per pass). */
const QUERY_SLOTS = 2048;
/** Timing readbacks in flight before a batch goes untimed rather than waiting. */
const TIMING_BUFFERS = 8;

export interface ContextOptions {
  /** Submit after this many dispatches even without a readback (default 512: a few training steps). */
  maxBatchDispatches?: number;
  /**
   * Time every dispatch on its own (one pass each, with timestamps) and attribute GPU time to
   * kernel labels in `profile()`. For benchmarks and diagnosis: it costs a pass per dispatch.
   */
  profile?: boolean;
  /** The device belongs to the caller: `destroy()` leaves it alive. */
  external?: boolean;
}

interface TimingSlot {
  resolve: GPUBuffer;
  staging: GPUBuffer;
  busy: boolean;
  /** Kernel label of each pass (profile mode). */
  labels: string[];
}

/** GPU time of one kernel label in profile mode. */
export interface KernelProfile {
  label: string;
  dispatches: number;
  ms: number;
}

export class GpuContext {
  readonly stats: GpuStats;
  readonly hasTimestamps: boolean;
  readonly maxBatchDispatches: number;
  readonly pool: BufferPool;
  private readonly staging: StagingPool;
  private readonly listeners = new Set<GpuErrorListener>();
  /** The first error seen; later reads reject with it. */
  failure: Error | null = null;
  private lostInfo: string | null = null;

  private readonly arena = new ArrayBuffer(ARENA_BYTES);
  private readonly arenaU32 = new Uint32Array(this.arena);
  private readonly arenaI32 = new Int32Array(this.arena);
  private readonly arenaF32 = new Float32Array(this.arena);
  private arenaUsed = 0;
  /** Incremented by every flush: parameter blocks are valid within one generation. */
  private generation = 0;
  private readonly arenaGpu: GPUBuffer;
  private readonly paramsLayout: GPUBindGroupLayout;
  private readonly paramsBindGroup: GPUBindGroup;
  private readonly dynamicOffset = new Uint32Array(1);

  private readonly storageLayouts = new Map<string, GPUBindGroupLayout>();
  private readonly pipelineLayouts = new Map<string, GPUPipelineLayout>();
  private readonly modules = new Map<string, GPUShaderModule>();
  private readonly kernels = new Map<string, Kernel>();
  private bindGroups = new Map<string, GPUBindGroup>();

  private encoder: GPUCommandEncoder | null = null;
  /** The microtask flush that reads wait for, while one is scheduled. */
  private pendingFlush: Promise<void> | null = null;
  private pass: GPUComputePassEncoder | null = null;
  private lastPipeline: GPUComputePipeline | null = null;
  private batchDispatches = 0;
  private passesInBatch = 0;
  /** Checks (error scopes) that must pass before a read of this batch may resolve. */
  private batchChecks: Promise<void>[] = [];
  private lastBatchCheck: Promise<void> = Promise.resolve();
  private toDestroy: GPUBuffer[] = [];

  private readonly querySet: GPUQuerySet | null;
  private readonly timingSlots: TimingSlot[] = [];
  private batchTiming: TimingSlot | null = null;
  private gpuTimeNs = 0;
  private pendingTimings = new Set<Promise<void>>();
  private readonly pendingReads = new Set<(e: Error) => void>();
  private destroyed = false;
  private readonly profiling: boolean;
  private readonly profileTable = new Map<string, KernelProfile>();

  constructor(
    readonly device: GPUDevice,
    readonly adapterInfo: GPUAdapterInfo | null,
    private readonly options: ContextOptions = {},
  ) {
    this.maxBatchDispatches = options.maxBatchDispatches ?? 512;
    this.hasTimestamps = device.features.has('timestamp-query');
    this.profiling = (options.profile ?? false) && this.hasTimestamps;
    this.stats = {
      dispatches: 0,
      submissions: 0,
      copies: 0,
      buffersCreated: 0,
      buffersDestroyed: 0,
      liveBuffers: 0,
      inUseBuffers: 0,
      liveBytes: 0,
      stagingBuffers: 0,
      pipelines: 0,
      bindGroups: 0,
      readbacks: 0,
      gpuTimeMs: this.hasTimestamps ? 0 : null,
      timedBatches: 0,
      timedDispatches: 0,
    };
    this.pool = new BufferPool(device, this.stats, (b) => this.destroyLater(b));
    this.staging = new StagingPool(device, this.stats);
    this.arenaGpu = device.createBuffer({
      label: 'params-arena',
      size: ARENA_BYTES + PARAM_WINDOW,
      usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
    });
    this.paramsLayout = device.createBindGroupLayout({
      label: 'params',
      entries: [{ binding: 0, visibility: GPUShaderStage.COMPUTE, buffer: { type: 'uniform', hasDynamicOffset: true } }],
    });
    this.paramsBindGroup = device.createBindGroup({
      label: 'params',
      layout: this.paramsLayout,
      entries: [{ binding: 0, resource: { buffer: this.arenaGpu, offset: 0, size: PARAM_WINDOW } }],
    });
    this.querySet = this.hasTimestamps ? device.createQuerySet({ type: 'timestamp', count: QUERY_SLOTS }) : null;

    device.addEventListener('uncapturederror', (ev) => {
      const e = (ev as GPUUncapturedErrorEvent).error;
      this.fail('uncaptured', e.message);
    });
    void device.lost.then((info) => {
      if (this.destroyed && info.reason === 'destroyed') return;
      this.lostInfo = `WebGPU device lost (${info.reason}): ${info.message || 'no message'}`;
      this.fail('lost', this.lostInfo);
    });
  }

  /** Registers a listener for device errors; returns a function that removes it. */
  onError(listener: GpuErrorListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private fail(kind: GpuErrorEvent['kind'], message: string): void {
    if (!this.failure) this.failure = new Error(`webgpu backend: ${message}`);
    for (const reject of this.pendingReads) reject(this.failure);
    this.pendingReads.clear();
    for (const l of this.listeners) {
      try {
        l({ kind, message });
      } catch {
        // A listener's own failure must not hide the device error from the others.
      }
    }
  }

  /** Throws if the device is lost: recording more work would silently do nothing. */
  checkUsable(): void {
    if (this.destroyed) throw new Error('webgpu backend: used after destroy()');
    if (this.lostInfo) throw new Error(`webgpu backend: ${this.lostInfo}`);
  }

  // ------------------------------------------------------------------ pipelines

  private storageLayout(bindings: readonly Access[]): { layout: GPUBindGroupLayout; key: string } {
    const key = bindings.join('');
    let layout = this.storageLayouts.get(key);
    if (!layout) {
      layout = this.device.createBindGroupLayout({
        label: `storage-${key}`,
        entries: bindings.map((a, i) => ({
          binding: i,
          visibility: GPUShaderStage.COMPUTE,
          buffer: { type: a === 'r' ? ('read-only-storage' as const) : ('storage' as const) },
        })),
      });
      this.storageLayouts.set(key, layout);
    }
    return { layout, key };
  }

  /** The pipeline for a spec, compiled on first use (errors reported through the batch). */
  kernel(spec: KernelSpec): Kernel {
    const constKey = spec.constants ? JSON.stringify(spec.constants) : '';
    const key = `${spec.entryPoint ?? 'main'}|${constKey}|${spec.bindings.join('')}|${spec.source}`;
    const hit = this.kernels.get(key);
    if (hit) return hit;
    const { layout, key: layoutKey } = this.storageLayout(spec.bindings);
    let pipelineLayout = this.pipelineLayouts.get(layoutKey);
    if (!pipelineLayout) {
      pipelineLayout = this.device.createPipelineLayout({ bindGroupLayouts: [this.paramsLayout, layout] });
      this.pipelineLayouts.set(layoutKey, pipelineLayout);
    }
    this.device.pushErrorScope('validation');
    let module = this.modules.get(spec.source);
    if (!module) {
      module = this.device.createShaderModule({ label: spec.label, code: spec.source });
      this.modules.set(spec.source, module);
    }
    const pipeline = this.device.createComputePipeline({
      label: spec.label,
      layout: pipelineLayout,
      compute: { module, entryPoint: spec.entryPoint ?? 'main', constants: spec.constants },
    });
    const shaderModule = module;
    this.batchChecks.push(
      this.device.popErrorScope().then(async (err) => {
        if (!err) return;
        // Report at once (this is the root cause of any later "invalid pipeline" errors), then
        // add the compiler's messages when they arrive.
        this.fail('validation', `pipeline ${spec.label} failed: ${err.message}`);
        try {
          const info = await shaderModule.getCompilationInfo();
          const detail = info.messages.map((m) => `${m.type} at ${m.lineNum}:${m.linePos}: ${m.message}`).join('\n');
          if (detail) this.fail('validation', `pipeline ${spec.label}: ${detail}`);
        } catch {
          // Compilation details are a courtesy; the error itself is already reported.
        }
      }),
    );
    const kernel: Kernel = { label: spec.label, pipeline, layout, layoutKey };
    this.kernels.set(key, kernel);
    this.stats.pipelines++;
    return kernel;
  }

  private bindGroup(kernel: Kernel, buffers: readonly PooledBuffer[]): GPUBindGroup {
    let key = kernel.layoutKey;
    for (const b of buffers) key += `,${b.id}`;
    let bg = this.bindGroups.get(key);
    if (!bg) {
      // A workload that keeps changing buffers would grow the cache without bound; in a
      // training loop the pool hands out the same buffers every step, so it stays small.
      if (this.bindGroups.size > 4096) this.bindGroups.clear();
      bg = this.device.createBindGroup({
        layout: kernel.layout,
        entries: buffers.map((b, i) => ({ binding: i, resource: { buffer: b.buffer } })),
      });
      this.bindGroups.set(key, bg);
      this.stats.bindGroups++;
    }
    return bg;
  }

  // ------------------------------------------------------------------ recording

  /**
   * A new, zeroed parameter block of `bytes` (<= PARAM_WINDOW), written by its kernel's
   * ParamLayout. Each call gets its own block: a kernel's inputs may be computed (and their
   * blocks written) between writing its parameters and recording its dispatch.
   */
  params(bytes: number): ParamBlock {
    if (bytes > PARAM_WINDOW) throw new Error(`webgpu: parameter block of ${bytes} bytes exceeds ${PARAM_WINDOW}`);
    // The arena is uploaded when its batch is submitted, so a block must be dispatched in the
    // batch it was allocated in: callers compute their inputs first, then allocate, write and
    // dispatch with nothing recorded in between (dispatch() checks the generation).
    if (this.arenaUsed + Math.ceil(bytes / PARAM_ALIGN) * PARAM_ALIGN > ARENA_BYTES) this.flush();
    const base = this.arenaUsed / 4;
    this.arenaU32.fill(0, base, base + Math.ceil(bytes / 4));
    this.arenaUsed += Math.ceil(bytes / PARAM_ALIGN) * PARAM_ALIGN;
    return { base, u32: this.arenaU32, i32: this.arenaI32, f32: this.arenaF32, generation: this.generation };
  }

  private ensureEncoder(): GPUCommandEncoder {
    if (!this.encoder) {
      this.checkUsable();
      this.encoder = this.device.createCommandEncoder();
      this.batchTiming = null;
      if (this.querySet) {
        const free = this.timingSlots.find((s) => !s.busy);
        if (free) this.batchTiming = free;
        else if (this.timingSlots.length < TIMING_BUFFERS) {
          const slot: TimingSlot = {
            resolve: this.device.createBuffer({ size: QUERY_SLOTS * 8, usage: GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC }),
            staging: this.device.createBuffer({ size: QUERY_SLOTS * 8, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST }),
            busy: false,
            labels: [],
          };
          this.timingSlots.push(slot);
          this.batchTiming = slot;
        }
      }
    }
    return this.encoder;
  }

  private getPass(): GPUComputePassEncoder {
    if (this.pass) return this.pass;
    if (this.batchTiming && (this.passesInBatch + 1) * 2 > QUERY_SLOTS) this.flush();
    const enc = this.ensureEncoder();
    if (this.batchTiming && this.passesInBatch === 0) this.batchTiming.labels = [];
    const desc: GPUComputePassDescriptor = {};
    if (this.batchTiming && this.querySet) {
      desc.timestampWrites = {
        querySet: this.querySet,
        beginningOfPassWriteIndex: this.passesInBatch * 2,
        endOfPassWriteIndex: this.passesInBatch * 2 + 1,
      };
    }
    this.passesInBatch++;
    this.pass = enc.beginComputePass(desc);
    this.lastPipeline = null;
    return this.pass;
  }

  private endPass(): void {
    if (this.pass) {
      this.pass.end();
      this.pass = null;
    }
  }

  /** Records one dispatch of `kernel` with the parameter block `p` and storage `buffers`. */
  dispatch(kernel: Kernel, p: ParamBlock, buffers: readonly PooledBuffer[], workgroups: number): void {
    if (p.generation !== this.generation) {
      throw new Error(`webgpu: internal error, the parameter block of ${kernel.label} was allocated before a flush`);
    }
    if (workgroups <= 0) return;
    const bg = this.bindGroup(kernel, buffers);
    const pass = this.getPass();
    if (this.lastPipeline !== kernel.pipeline) {
      pass.setPipeline(kernel.pipeline);
      this.lastPipeline = kernel.pipeline;
    }
    this.dynamicOffset[0] = p.base * 4;
    pass.setBindGroup(0, this.paramsBindGroup, this.dynamicOffset, 0, 1);
    pass.setBindGroup(1, bg);
    pass.dispatchWorkgroups(Math.min(workgroups, 65535));
    this.stats.dispatches++;
    if (this.profiling) {
      this.batchTiming?.labels.push(kernel.label);
      this.endPass();
    }
    if (++this.batchDispatches >= this.maxBatchDispatches) this.flush();
  }

  /** Records a copy of `bytes` bytes between buffers (ordered with the dispatches). */
  copy(src: GPUBuffer, srcOffset: number, dst: GPUBuffer, dstOffset: number, bytes: number): void {
    this.endPass();
    this.ensureEncoder().copyBufferToBuffer(src, srcOffset, dst, dstOffset, bytes);
    this.stats.copies++;
  }

  /** Records zero-filling the first `bytes` (a multiple of 4) of a buffer. */
  clear(dst: GPUBuffer, bytes: number): void {
    this.endPass();
    this.ensureEncoder().clearBuffer(dst, 0, Math.ceil(bytes / 4) * 4);
    this.stats.copies++;
  }

  /** A buffer to be destroyed once no recorded command can still use it. */
  destroyLater(buffer: GPUBuffer): void {
    if (this.encoder) this.toDestroy.push(buffer);
    else buffer.destroy();
  }

  /**
   * Resolves once everything recorded so far has been submitted, at the latest in a microtask;
   * rejects, rather than leaving the reads waiting, if the submission throws.
   */
  private flushSoon(): Promise<void> {
    this.pendingFlush ??= new Promise<void>((resolve, reject) =>
      queueMicrotask(() => {
        this.pendingFlush = null;
        try {
          this.flush();
          resolve();
        } catch (e) {
          reject(e instanceof Error ? e : new Error(String(e)));
        }
      }),
    );
    return this.pendingFlush;
  }

  /** Submits everything recorded so far (no-op when nothing is). */
  flush(): void {
    if (!this.encoder) return;
    this.endPass();
    const enc = this.encoder;
    const timing = this.batchTiming;
    const passes = this.passesInBatch;
    const dispatches = this.batchDispatches;
    if (timing && this.querySet && passes > 0) {
      enc.resolveQuerySet(this.querySet, 0, passes * 2, timing.resolve, 0);
      enc.copyBufferToBuffer(timing.resolve, 0, timing.staging, 0, passes * 16);
      timing.busy = true;
    }
    this.encoder = null;
    this.batchDispatches = 0;
    this.passesInBatch = 0;
    this.batchTiming = null;
    const dev = this.device;
    dev.pushErrorScope('internal');
    dev.pushErrorScope('out-of-memory');
    dev.pushErrorScope('validation');
    const cb = enc.finish();
    if (this.arenaUsed > 0) dev.queue.writeBuffer(this.arenaGpu, 0, this.arena, 0, this.arenaUsed);
    dev.queue.submit([cb]);
    const scopes = [dev.popErrorScope(), dev.popErrorScope(), dev.popErrorScope()];
    this.arenaUsed = 0;
    this.generation++;
    this.stats.submissions++;
    const kinds = ['validation', 'out-of-memory', 'internal'] as const;
    const checks = [
      ...this.batchChecks,
      ...scopes.map((s, i) =>
        s.then((err) => {
          if (err) this.fail(kinds[i], err.message);
        }),
      ),
    ];
    this.batchChecks = [];
    this.lastBatchCheck = Promise.all(checks).then(() => {
      if (this.failure) throw this.failure;
    });
    // Unobserved rejections are reported through the listeners instead.
    this.lastBatchCheck.catch(() => undefined);
    for (const b of this.toDestroy) b.destroy();
    this.toDestroy = [];
    // A batch without passes wrote no timestamps. Mapping its slot anyway (as before) left the
    // slot marked free while its buffer was mid-map, so the next batch copied into a buffer
    // being mapped ("used in submit while mapped"), which failed the context for good.
    if (timing && passes > 0) this.collectTiming(timing, passes, dispatches);
  }

  private collectTiming(slot: TimingSlot, passes: number, dispatches: number): void {
    const p = slot.staging
      .mapAsync(GPUMapMode.READ, 0, passes * 16)
      .then(() => {
        let t: BigUint64Array;
        try {
          t = BigUint64Array.from(new BigUint64Array(slot.staging.getMappedRange(0, passes * 16)));
        } finally {
          // Never left mapped: the slot is reused as soon as it is marked free.
          slot.staging.unmap();
        }
        let ns = 0;
        for (let i = 0; i < passes; i++) {
          const begin = t[2 * i];
          const end = t[2 * i + 1];
          // Some implementations report zeros or out-of-order values for empty passes.
          const d = end > begin ? Number(end - begin) : 0;
          ns += d;
          const label = slot.labels[i];
          if (this.profiling && label !== undefined) {
            const e = this.profileTable.get(label) ?? { label, dispatches: 0, ms: 0 };
            e.dispatches++;
            e.ms += d / 1e6;
            this.profileTable.set(label, e);
          }
        }
        this.gpuTimeNs += ns;
        this.stats.gpuTimeMs = this.gpuTimeNs / 1e6;
        this.stats.timedBatches++;
        this.stats.timedDispatches += dispatches;
      })
      .catch(() => undefined)
      .finally(() => {
        slot.busy = false;
        this.pendingTimings.delete(p);
      });
    this.pendingTimings.add(p);
  }

  /**
   * Copies `bytes` of `src` back to JavaScript. The copy joins the current batch, which is
   * submitted once the caller yields (a microtask), so reads requested by several steps issued
   * back to back share one submission; the staging buffer is mapped after that submission.
   */
  async read(src: GPUBuffer, bytes: number): Promise<ArrayBuffer> {
    if (bytes === 0) return new ArrayBuffer(0);
    this.checkUsable();
    const staging = this.staging.acquire(bytes);
    this.copy(src, 0, staging.buffer, 0, Math.ceil(bytes / 4) * 4);
    this.stats.readbacks++;
    let rejectRead: (e: Error) => void = () => undefined;
    const lost = new Promise<never>((_, reject) => {
      rejectRead = reject;
    });
    this.pendingReads.add(rejectRead);
    try {
      await Promise.race([this.flushSoon(), lost]);
      await Promise.race([Promise.all([staging.buffer.mapAsync(GPUMapMode.READ, 0, staging.bytes), this.lastBatchCheck]), lost]);
      const out = staging.buffer.getMappedRange(0, Math.ceil(bytes / 4) * 4).slice(0, bytes);
      staging.buffer.unmap();
      this.staging.release(staging);
      return out;
    } catch (e) {
      // The staging buffer may be mid-map or lost with the device: drop it rather than reuse.
      this.staging.discard(staging);
      throw this.failure ?? e;
    } finally {
      this.pendingReads.delete(rejectRead);
    }
  }

  /** Submits pending work and waits until the GPU has finished it and its timings are in. */
  async sync(): Promise<void> {
    this.flush();
    await Promise.race([
      this.device.queue.onSubmittedWorkDone(),
      this.device.lost.then(() => {
        throw this.failure ?? new Error('webgpu backend: device lost');
      }),
    ]);
    await Promise.all([...this.pendingTimings]);
    await this.lastBatchCheck;
  }

  /** Destroys every buffer and cache; the device too unless it was passed in by the caller. */
  destroy(): void {
    if (this.destroyed) return;
    this.flush();
    this.destroyed = true;
    this.pool.destroyAll();
    this.staging.destroyAll();
    this.arenaGpu.destroy();
    for (const s of this.timingSlots) {
      s.resolve.destroy();
      s.staging.destroy();
    }
    this.querySet?.destroy();
    this.bindGroups.clear();
    this.kernels.clear();
    if (!this.options.external) this.device.destroy();
  }

  /** GPU time per kernel label (profile mode only), most expensive first. */
  profile(): KernelProfile[] {
    return [...this.profileTable.values()].sort((a, b) => b.ms - a.ms);
  }

  /** Clears the per-kernel table (profile mode). */
  resetProfile(): void {
    this.profileTable.clear();
  }

  /** Forgets cached bind groups (they hold buffers alive); called when buffers are destroyed. */
  dropBindGroups(): void {
    this.bindGroups = new Map();
  }
}
