/**
 * Buffer pools of the webgpu backend.
 *
 * Storage buffers are recycled through size classes (powers of two and 1.5 times powers of two,
 * at least 256 bytes): a disposed tensor's buffer waits in its class for the next tensor of a
 * similar size. A training step allocates and frees the same sizes in the same order every
 * time, so after the first step it creates nothing. The free lists are bounded; what exceeds
 * the bounds is destroyed (after the batch that may still use it is submitted).
 *
 * Buffers are handed out whole (a tensor may use only a prefix), so one buffer serves any
 * tensor of its class and cached bind groups stay valid across steps.
 */
import type { GpuStats } from './context';

/** A storage buffer with a stable id (bind-group cache key) and its byte size. */
export interface PooledBuffer {
  readonly buffer: GPUBuffer;
  readonly id: number;
  readonly bytes: number;
}

const MIN_BYTES = 256;
/** Free buffers kept per size class. */
const MAX_FREE_PER_CLASS = 64;
/** Bytes kept in all free lists together. */
const MAX_FREE_BYTES = 256 * 1024 * 1024;

/** The size class of a request: the smallest 2^k or 3 * 2^(k-1) that holds it. */
export function sizeClass(bytes: number): number {
  const b = Math.max(MIN_BYTES, bytes);
  const p = 2 ** Math.ceil(Math.log2(b));
  const threeQuarters = (p / 4) * 3;
  return threeQuarters >= b ? threeQuarters : p;
}

let nextId = 1;

export class BufferPool {
  private readonly free = new Map<number, PooledBuffer[]>();
  private freeBytes = 0;

  constructor(
    private readonly device: GPUDevice,
    private readonly stats: GpuStats,
    private readonly destroyLater: (b: GPUBuffer) => void,
  ) {}

  /**
   * A buffer of at least `bytes` bytes (STORAGE | COPY_SRC | COPY_DST), reused when possible.
   * The free buffer with the smallest id is chosen, not the last one released: releases that
   * happen at varying moments (a loss disposed when its asynchronous read completes) then do
   * not reshuffle which buffer plays which role, and a training step gets the same buffers,
   * hence the same cached bind groups, every time.
   */
  acquire(bytes: number): PooledBuffer {
    const size = sizeClass(bytes);
    const list = this.free.get(size);
    let reused: PooledBuffer | undefined;
    if (list && list.length) {
      let best = 0;
      for (let i = 1; i < list.length; i++) if (list[i].id < list[best].id) best = i;
      reused = list[best];
      list[best] = list[list.length - 1];
      list.pop();
    }
    this.stats.inUseBuffers++;
    if (reused) {
      this.freeBytes -= size;
      return reused;
    }
    const buffer = this.device.createBuffer({
      size,
      usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST,
    });
    this.stats.buffersCreated++;
    this.stats.liveBuffers++;
    this.stats.liveBytes += size;
    return { buffer, id: nextId++, bytes: size };
  }

  /**
   * A fresh buffer holding `data` (mapped at creation: no ordering with recorded work needed).
   * It joins the pool like any other when released.
   */
  upload(data: ArrayBufferView): PooledBuffer {
    const size = sizeClass(data.byteLength);
    const buffer = this.device.createBuffer({
      size,
      usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST,
      mappedAtCreation: true,
    });
    new Uint8Array(buffer.getMappedRange()).set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    buffer.unmap();
    this.stats.buffersCreated++;
    this.stats.liveBuffers++;
    this.stats.liveBytes += size;
    this.stats.inUseBuffers++;
    return { buffer, id: nextId++, bytes: size };
  }

  /** Returns a buffer no tensor uses any more. */
  release(b: PooledBuffer): void {
    this.stats.inUseBuffers--;
    const list = this.free.get(b.bytes) ?? [];
    if (list.length >= MAX_FREE_PER_CLASS || this.freeBytes + b.bytes > MAX_FREE_BYTES) {
      this.drop(b);
      return;
    }
    list.push(b);
    this.free.set(b.bytes, list);
    this.freeBytes += b.bytes;
  }

  private drop(b: PooledBuffer): void {
    this.stats.buffersDestroyed++;
    this.stats.liveBuffers--;
    this.stats.liveBytes -= b.bytes;
    this.destroyLater(b.buffer);
  }

  /** Destroys the buffers waiting in the pool (memory back to the system). */
  trim(): number {
    let n = 0;
    for (const list of this.free.values()) {
      for (const b of list) {
        this.drop(b);
        n++;
      }
    }
    this.free.clear();
    this.freeBytes = 0;
    return n;
  }

  /** Destroys the free buffers now (the device is going away). */
  destroyAll(): void {
    for (const list of this.free.values()) {
      for (const b of list) {
        b.buffer.destroy();
        this.stats.buffersDestroyed++;
        this.stats.liveBuffers--;
        this.stats.liveBytes -= b.bytes;
      }
    }
    this.free.clear();
    this.freeBytes = 0;
  }
}

/** A mappable buffer for readback. */
export interface StagingBuffer {
  readonly buffer: GPUBuffer;
  readonly bytes: number;
}

/**
 * Readback buffers (MAP_READ | COPY_DST) by size class. Several can be in flight at once, so a
 * training loop can ask for step t's loss while step t-1's is still being mapped: with one
 * read per step this settles at two or three buffers (double buffering), never a stall.
 */
export class StagingPool {
  private readonly free = new Map<number, StagingBuffer[]>();
  private readonly all = new Set<StagingBuffer>();

  constructor(
    private readonly device: GPUDevice,
    private readonly stats: GpuStats,
  ) {}

  acquire(bytes: number): StagingBuffer {
    const size = sizeClass(bytes);
    const hit = this.free.get(size)?.pop();
    if (hit) return hit;
    const s = { buffer: this.device.createBuffer({ size, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST }), bytes: size };
    this.all.add(s);
    this.stats.stagingBuffers++;
    return s;
  }

  release(s: StagingBuffer): void {
    const list = this.free.get(s.bytes) ?? [];
    if (list.length >= 8) {
      this.discard(s);
      return;
    }
    list.push(s);
    this.free.set(s.bytes, list);
  }

  discard(s: StagingBuffer): void {
    if (this.all.delete(s)) {
      s.buffer.destroy();
      this.stats.stagingBuffers--;
    }
  }

  destroyAll(): void {
    for (const s of this.all) s.buffer.destroy();
    this.stats.stagingBuffers -= this.all.size;
    this.all.clear();
    this.free.clear();
  }
}
