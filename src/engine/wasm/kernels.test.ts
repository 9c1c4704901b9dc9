import { describe, expect, it } from 'vitest';
import { WasmKernels, instantiateWasmKernels, loadWasmKernels, simdSupported, wasmKernelBytes } from './kernels';
import { freshKernels } from './testHarness';

describe('loading the WebAssembly kernels', () => {
  it('finds SIMD in Node and loads the shared instance once', async () => {
    expect(simdSupported()).toBe(true);
    const first = await loadWasmKernels();
    const second = await loadWasmKernels();
    expect(first.ok).toBe(true);
    expect(second).toBe(first);
  });

  it('is a module with no imports, so it instantiates with nothing', async () => {
    const module = new WebAssembly.Module(await wasmKernelBytes());
    expect(WebAssembly.Module.imports(module)).toEqual([]);
    expect(WebAssembly.Module.exports(module).map((e) => e.name)).toContain('matmul_f64');
  });

  it('names what is missing when the module does not export every kernel', () => {
    // A valid empty module (magic and version only): every export is missing.
    const empty = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]);
    expect(() => instantiateWasmKernels(empty)).toThrow(/lacks memory, heapBase.*matmul_f64.*npm run build:wasm/);
  });
});

describe('the heap', () => {
  it('hands out 16-byte aligned, disjoint blocks and reuses freed ones', async () => {
    const k = await freshKernels();
    const a = k.alloc(3);
    const b = k.alloc(40);
    expect(a % 16).toBe(0);
    expect(b % 16).toBe(0);
    expect(b).toBeGreaterThanOrEqual(a + 16);
    expect(a).toBeGreaterThanOrEqual(k.heap.base);
    const c = k.alloc(64);
    k.free(b);
    // The freed block is the first that fits a smaller request.
    expect(k.alloc(32)).toBe(b);
    k.free(a);
    k.free(c);
    expect(k.heap.liveBlocks).toBe(1);
  });

  it('merges neighbouring free blocks, so a freed run of blocks serves a larger request', async () => {
    const k = await freshKernels();
    const blocks = [k.alloc(64), k.alloc(64), k.alloc(64)];
    const guard = k.alloc(16);
    for (const p of [blocks[2], blocks[0], blocks[1]]) k.free(p);
    expect(k.alloc(192)).toBe(blocks[0]);
    k.free(guard);
  });

  it('grows memory on demand and re-creates views after growth', async () => {
    const k = await freshKernels();
    const p = k.put('f64', [1, 2, 3]);
    const before = k.memory.buffer.byteLength;
    const oldView = k.f64View();
    const big = k.alloc(before * 2); // forces memory.grow
    expect(k.memory.buffer.byteLength).toBeGreaterThanOrEqual(before * 3);
    expect(oldView.length).toBe(0); // the old view was detached by the growth
    expect(Array.from(k.array('f64', p, 3))).toEqual([1, 2, 3]); // a new view sees the same data
    k.write('f32', big, [0.5]);
    expect(k.read('f32', big, 1)[0]).toBe(0.5);
  });

  it('refuses bad sizes and foreign blocks with a message', async () => {
    const k = await freshKernels();
    expect(() => k.alloc(-1)).toThrow(/not a byte count/);
    expect(() => k.alloc(Number.NaN)).toThrow(/not a byte count/);
    expect(() => k.alloc(2 ** 33)).toThrow(/cannot grow/);
    const p = k.alloc(16);
    expect(() => k.free(p + 16)).toThrow(/not a live block/);
    k.free(p);
    expect(() => k.free(p)).toThrow(/not a live block/);
  });

  it('keeps instances apart: each has its own memory', async () => {
    const a = await freshKernels();
    const b = await freshKernels();
    expect(a).toBeInstanceOf(WasmKernels);
    expect(a.memory).not.toBe(b.memory);
  });
});
