/**
 * The webgpu backend's contract outside the kernels: float64 refused, synchronous reads
 * refused, errors surfaced, a lost device failing reads instead of hanging, backend choice.
 */
import { describe, expect, it } from 'vitest';
import * as E from '../ops';
import type { GpuErrorEvent } from './context';
import { createWebGpuBackend } from './backend';
import { selectBackend } from './select';
import { sharedGpu } from './gpuTesting';

describe('webgpu backend contract', () => {
  it('refuses float64 with a clear message and readSync with a pointer to data()', async () => {
    const gpu = await sharedGpu();
    expect(() => E.tensor([1, 2], [2], { backend: gpu, dtype: 'f64' })).toThrow(/float64.*'f32'/);
    expect(() => E.zeros([2], { backend: gpu })).toThrow(/float64/);
    const t = E.tensor([1, 2], [2], { backend: gpu, dtype: 'f32' });
    expect(() => t.dataSync()).toThrow(/await tensor.data\(\)/);
    expect(() => E.cast(t, 'f64')).toThrow(/float64/);
    expect(Array.from(await t.data())).toEqual([1, 2]);
  });

  it('counts dispatches and submissions, and batches dispatches into few submissions', async () => {
    const gpu = await sharedGpu();
    const s0 = { ...gpu.stats };
    const a = E.tensor([1, 2, 3, 4], [2, 2], { backend: gpu, dtype: 'f32' });
    let x = a;
    for (let i = 0; i < 20; i++) x = E.matmul(x, a);
    await x.data();
    expect(gpu.stats.dispatches - s0.dispatches).toBe(20);
    expect(gpu.stats.submissions - s0.submissions).toBe(1);
    expect(gpu.stats.readbacks - s0.readbacks).toBe(1);
  });

  it('reads requested back to back share one submission, and each still gets its own value', async () => {
    const gpu = await sharedGpu();
    const s0 = { ...gpu.stats };
    const a = E.tensor([1, 2, 3], [3], { backend: gpu, dtype: 'f32' });
    const reads = [1, 2, 3, 4].map((k) => E.mul(a, k).data());
    const values = await Promise.all(reads);
    expect(values.map((v) => Array.from(v))).toEqual([1, 2, 3, 4].map((k) => [k, 2 * k, 3 * k]));
    expect(gpu.stats.submissions - s0.submissions).toBe(1);
    expect(gpu.stats.readbacks - s0.readbacks).toBe(4);
  });

  it('surfaces validation errors through onError and fails later reads', async () => {
    const gpu = await createWebGpuBackend();
    const events: GpuErrorEvent[] = [];
    gpu.onError((e) => events.push(e));
    // An invalid command: a buffer destroyed behind the backend's back, then used.
    const t = E.tensor([1, 2, 3], [3], { backend: gpu, dtype: 'f32' });
    const storage = t.storage as { buf: { buffer: GPUBuffer } };
    storage.buf.buffer.destroy();
    await expect(E.exp(t).data()).rejects.toThrow(/webgpu backend/);
    expect(events.length).toBeGreaterThan(0);
    expect(gpu.failure).not.toBeNull();
    gpu.destroy();
  });

  it('a lost device rejects pending and later reads, never hangs', async () => {
    const gpu = await createWebGpuBackend();
    const lost: GpuErrorEvent[] = [];
    gpu.onError((e) => lost.push(e));
    const t = E.tensor([1, 2, 3], [3], { backend: gpu, dtype: 'f32' });
    const pending = E.exp(t).data();
    gpu.device.destroy();
    await expect(pending).rejects.toThrow();
    await expect(E.exp(t).data()).rejects.toThrow(/lost|webgpu/);
  });

  it('selectBackend picks WebGPU when there is an adapter and the cpu when asked', async () => {
    const auto = await selectBackend('auto');
    expect(auto.backend.name).toBe('webgpu');
    expect(auto.adapterInfo).not.toBeNull();
    expect(auto.reason).toMatch(/WebGPU adapter found/);
    const forced = await selectBackend('cpu');
    expect(forced.backend.name).toBe('cpu');
    expect(forced.adapterInfo).toBeNull();
  });
});
