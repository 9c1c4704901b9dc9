/**
 * Progress goes to the page by postMessage; its typed arrays (loss columns, heatmaps) are
 * transferred rather than copied. One helper for every worker: it finds the arrays itself.
 */
import * as Comlink from 'comlink';

function collect(value: unknown, out: Set<ArrayBuffer>, depth: number): void {
  if (value === null || typeof value !== 'object' || depth > 4) return;
  if (ArrayBuffer.isView(value)) {
    // Only whole buffers owned by the array: a view into a larger buffer is copied instead.
    const b = value.buffer;
    if (b instanceof ArrayBuffer && value.byteOffset === 0 && value.byteLength === b.byteLength) out.add(b);
    return;
  }
  if (Array.isArray(value)) {
    for (const v of value) collect(v, out, depth + 1);
    return;
  }
  for (const v of Object.values(value)) collect(v, out, depth + 1);
}

/** The buffers of the typed arrays in `value` (a progress report: a few levels of objects and arrays), each once. */
export function buffersOf(value: unknown): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  collect(value, buffers, 0);
  return [...buffers];
}

/** `value` marked for Comlink with every typed array's buffer to transfer. */
export function transferable<T>(value: T): T {
  const buffers = buffersOf(value);
  return buffers.length ? Comlink.transfer(value, buffers) : value;
}
