/**
 * Blocks of a WebAssembly module's linear memory: a first-fit allocator with coalescing, in
 * TypeScript, over the memory above the module's static data.
 *
 * Two kinds of users share it: the tensors of a recorded training step, which live as long as
 * their run, and the temporary copies of a single kernel call, freed when it returns. Their
 * lifetimes interleave in no fixed order, hence a free list rather than a stack. Blocks are
 * 16-byte aligned (the width of a v128 load) and their sizes rounded up to 16 bytes.
 *
 * Growing the memory detaches every typed array over its old buffer: take views after
 * allocating (WasmKernels.f64View() and friends re-create them), never keep one across `alloc`.
 */

const ALIGN = 16;
const PAGE = 65536;

interface FreeBlock {
  start: number;
  size: number;
}

export class WasmHeap {
  /** Free blocks below `top`, sorted by address, never adjacent (they are merged). */
  private readonly free: FreeBlock[] = [];
  /** Size of every live block, by address. */
  private readonly live = new Map<number, number>();
  /** End of the highest block ever handed out and not given back; memory above it is free. */
  private top: number;

  constructor(
    private readonly memory: WebAssembly.Memory,
    /** First byte the heap may use (the end of the module's static data). */
    readonly base: number,
  ) {
    this.top = roundUp(base);
  }

  /** A block of at least `bytes` bytes (16-byte aligned, contents undefined); throws when memory cannot grow. */
  alloc(bytes: number): number {
    if (!(bytes >= 0 && Number.isSafeInteger(bytes))) throw new Error(`alloc: ${bytes} is not a byte count`);
    const size = Math.max(ALIGN, roundUp(bytes));
    for (let i = 0; i < this.free.length; i++) {
      const f = this.free[i];
      if (f.size < size) continue;
      const p = f.start;
      if (f.size === size) this.free.splice(i, 1);
      else {
        f.start += size;
        f.size -= size;
      }
      this.live.set(p, size);
      return p;
    }
    const p = this.top;
    const end = p + size;
    // Pointers are 32-bit: nothing can end beyond 4 GiB.
    if (end > 2 ** 32) throw new Error(`alloc: WebAssembly memory cannot grow by ${bytes} bytes (now ${this.memory.buffer.byteLength} bytes)`);
    const have = this.memory.buffer.byteLength;
    if (end > have) {
      try {
        this.memory.grow(Math.ceil((end - have) / PAGE));
      } catch {
        throw new Error(`alloc: WebAssembly memory cannot grow by ${bytes} bytes (now ${have} bytes)`);
      }
    }
    this.top = end;
    this.live.set(p, size);
    return p;
  }

  /** Gives a block back; throws for anything that is not a live block of this heap. */
  release(ptr: number): void {
    const size = this.live.get(ptr);
    if (size === undefined) throw new Error(`free: ${ptr} is not a live block of this heap`);
    this.live.delete(ptr);
    // Insert in address order, then merge with the neighbours.
    let i = 0;
    while (i < this.free.length && this.free[i].start < ptr) i++;
    this.free.splice(i, 0, { start: ptr, size });
    if (i + 1 < this.free.length && ptr + size === this.free[i + 1].start) {
      this.free[i].size += this.free[i + 1].size;
      this.free.splice(i + 1, 1);
    }
    if (i > 0 && this.free[i - 1].start + this.free[i - 1].size === ptr) {
      this.free[i - 1].size += this.free[i].size;
      this.free.splice(i, 1);
      i--;
    }
    // A free block that reaches the top lowers the top instead.
    const last = this.free[this.free.length - 1];
    if (last && last.start + last.size === this.top) {
      this.top = last.start;
      this.free.pop();
    }
  }

  /** Bytes held by live blocks. */
  get liveBytes(): number {
    let s = 0;
    for (const size of this.live.values()) s += size;
    return s;
  }

  /** Number of live blocks. */
  get liveBlocks(): number {
    return this.live.size;
  }
}

function roundUp(bytes: number): number {
  return Math.ceil(bytes / ALIGN) * ALIGN;
}
