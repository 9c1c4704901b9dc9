/**
 * The module's memory layout: one growable linear memory holding a static scratch region (for
 * packing operands inside kernels), then the heap, from the end of the static data up, whose
 * blocks the TypeScript side hands out (src/engine/wasm/heap.ts). Kernels never allocate and never
 * grow memory, so typed arrays over `memory.buffer` stay valid across kernel calls.
 */

/** Bytes of scratch the kernels may use internally (packed panels, small accumulators). */
export const SCRATCH_BYTES: i32 = 512 * 1024;

/** Start of the scratch region (static, zeroed, costs no bytes in the binary). */
export const SCRATCH: usize = memory.data(SCRATCH_BYTES, 16);

/** First byte after the static data: where the heap starts. */
export function heapBase(): usize {
  return __heap_base;
}
