/**
 * The module's memory model: one growable linear memory holding a static scratch region (for
 * packing operands inside kernels) followed by a bump arena from which the caller carves the
 * buffers of a run. Kernels never allocate and never grow memory; only `alloc` does, so typed
 * arrays over `memory.buffer` stay valid from one `alloc` to the next.
 */

/** Bytes of scratch the kernels may use internally (packed panels, small accumulators). */
export const SCRATCH_BYTES: i32 = 512 * 1024;

/** Start of the scratch region (static, zeroed, costs no bytes in the binary). */
export const SCRATCH: usize = memory.data(SCRATCH_BYTES, 16);

/** Every allocation is aligned to 16 bytes, the width of a v128 load. */
const ALIGN: usize = 16;

@inline function arenaStart(): usize {
  return (__heap_base + ALIGN - 1) & ~(ALIGN - 1);
}

let top: usize = 0;

/** First byte of the arena (allocations start here). */
export function arenaBase(): usize {
  return arenaStart();
}

/** Current end of the arena: pass it to `release` to free everything allocated after this point. */
export function arenaMark(): usize {
  return top == 0 ? arenaStart() : top;
}

/**
 * `bytes` bytes (16-byte aligned, not cleared) from the arena, growing memory when needed;
 * 0 when memory cannot grow. Growing detaches every typed array over the old buffer.
 */
export function arenaAlloc(bytes: usize): usize {
  if (top == 0) top = arenaStart();
  const p = top;
  const end = (p + bytes + ALIGN - 1) & ~(ALIGN - 1);
  if (end < p) return 0; // wrapped around 4 GiB
  const have = (<usize>memory.size()) << 16;
  if (end > have) {
    const pages = <i32>((end - have + 0xffff) >> 16);
    if (memory.grow(pages) < 0) return 0;
  }
  top = end;
  return p;
}

/** Frees everything allocated after `mark` (a value from `arenaMark`); returns 0 if `mark` is not one. */
export function arenaRelease(mark: usize): i32 {
  if (mark < arenaStart() || mark > arenaMark() || (mark & (ALIGN - 1)) != 0) return 0;
  top = mark;
  return 1;
}
