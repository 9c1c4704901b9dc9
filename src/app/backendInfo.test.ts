import { describe, expect, it } from 'vitest';
import { describeBackend, fallbackNote, formatAdapter, probeAdapter, type AdapterProbe } from './backendInfo';

const gpuAdapter: AdapterProbe = { status: 'available', adapter: 'SwiftShader Device' };

describe('probeAdapter', () => {
  it('explains each way of not having WebGPU', async () => {
    expect(await probeAdapter(undefined)).toMatchObject({ reason: 'no-navigator-gpu', message: 'no navigator.gpu' });
    expect(await probeAdapter({ requestAdapter: async () => null })).toMatchObject({ reason: 'no-adapter' });
    expect(
      await probeAdapter({
        requestAdapter: async () => {
          throw new Error('lost');
        },
      }),
    ).toMatchObject({ reason: 'error', message: 'WebGPU error: lost' });
  });

  it('names the adapter', async () => {
    const probe = await probeAdapter({
      requestAdapter: async () => ({ info: { vendor: 'google', architecture: 'swiftshader', description: '' } }),
    });
    expect(probe).toEqual({ status: 'available', adapter: 'google swiftshader' });
  });
});

describe('formatAdapter', () => {
  it('prefers the description and marks software fallbacks', () => {
    expect(formatAdapter({ description: 'NVIDIA RTX', vendor: 'nvidia', architecture: 'ampere' })).toBe(
      'NVIDIA RTX (nvidia ampere)',
    );
    expect(formatAdapter({ description: 'Google SwiftShader', vendor: 'google', architecture: '' })).toBe(
      'Google SwiftShader',
    );
    expect(formatAdapter({ vendor: 'google', architecture: 'swiftshader', isFallbackAdapter: true })).toBe(
      'google swiftshader, software fallback',
    );
    expect(formatAdapter({})).toBe('unnamed adapter');
  });
});

describe('describeBackend', () => {
  it('shows the adapter when WebGPU is available', () => {
    expect(describeBackend(gpuAdapter, 'auto', null)).toMatchObject({ kind: 'webgpu', text: 'WebGPU — SwiftShader Device' });
  });

  it('says when the CPU is forced, even with a GPU present', () => {
    const d = describeBackend(gpuAdapter, 'cpu', null);
    expect(d).toMatchObject({ kind: 'cpu', text: 'CPU — forced by ?backend=cpu' });
    expect(d.title).toContain('SwiftShader Device');
  });

  it('gives the reason for falling back', () => {
    const none: AdapterProbe = { status: 'unavailable', reason: 'no-adapter', message: 'no adapter' };
    expect(describeBackend(none, 'auto', null).text).toBe('CPU — no adapter');
    expect(describeBackend(none, 'webgpu', null).text).toBe('CPU — WebGPU requested, no adapter');
    expect(describeBackend({ status: 'pending' }, 'auto', null).kind).toBe('pending');
  });

  it('lets the worker have the last word', () => {
    const d = describeBackend(gpuAdapter, 'auto', { backend: 'cpu', detail: 'float64, adapter lost' });
    expect(d).toMatchObject({ kind: 'cpu', text: 'CPU — float64, adapter lost' });
  });

  it('says which cpu kernels the worker runs', () => {
    const wasm = describeBackend(gpuAdapter, 'cpu', { backend: 'cpu', detail: 'forced by ?backend=cpu', cpuKernels: 'WebAssembly SIMD' });
    expect(wasm.text).toBe('CPU — forced by ?backend=cpu · WebAssembly SIMD kernels');
    const js = describeBackend(gpuAdapter, 'cpu', { backend: 'cpu', detail: 'forced by ?backend=cpu', cpuKernels: 'JavaScript' });
    expect(js.text).toBe('CPU — forced by ?backend=cpu · JavaScript kernels');
    expect(js.title).toMatch(/no WebAssembly SIMD/);
    // On WebGPU the cpu kernels are not what computes the run.
    expect(describeBackend(gpuAdapter, 'auto', { backend: 'webgpu', detail: 'SwiftShader Device', cpuKernels: 'WebAssembly SIMD' }).text).toBe('WebGPU — SwiftShader Device');
  });
});

describe('fallbackNote', () => {
  it('says which backend the default choice gives, once it is known', () => {
    expect(fallbackNote({ status: 'pending' }, null)).toBe('Until it is fixed the page uses the default, auto: WebGPU if this browser offers an adapter, otherwise the CPU.');
    expect(fallbackNote(gpuAdapter, null)).toBe('Until it is fixed the page uses the default, auto: WebGPU — SwiftShader Device.');
    expect(fallbackNote({ status: 'unavailable', reason: 'no-adapter', message: 'no adapter' }, null)).toBe('Until it is fixed the page uses the default, auto: CPU — no adapter.');
    expect(fallbackNote(gpuAdapter, { backend: 'cpu', detail: 'float64' })).toBe('Until it is fixed the page uses the default, auto: CPU — float64.');
  });
});
