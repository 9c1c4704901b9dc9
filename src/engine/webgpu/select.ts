/**
 * Choosing a backend: WebGPU when the browser offers an adapter, the cpu backend otherwise,
 * with the reason in words for the page's backend indicator.
 */
import type { Backend } from '../tensor';
import { cpu } from '../cpu/backend';
import { createWebGpuBackend, requestDeviceFor } from './backend';
import type { BackendPreference } from '../backendPreference';

export type { BackendPreference };

/** What was chosen, why, and which adapter (null on the cpu backend). */
export interface BackendChoice {
  backend: Backend;
  reason: string;
  adapterInfo: { vendor: string; architecture: string; device: string; description: string } | null;
}

const REQUEST_TIMEOUT_MS = 10_000;

function withTimeout<T>(p: Promise<T>, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([
    p,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} timed out after ${REQUEST_TIMEOUT_MS / 1000} s`)), REQUEST_TIMEOUT_MS);
    }),
  ]).finally(() => clearTimeout(timer));
}

/**
 * The backend for a preference: 'cpu' always gives the cpu backend; 'webgpu' and 'auto' give
 * WebGPU when an adapter and device can be had and fall back to the cpu backend otherwise
 * (never throws, never hangs: adapter and device requests time out after 10 s).
 */
export async function selectBackend(preference: BackendPreference): Promise<BackendChoice> {
  if (preference === 'cpu') return { backend: cpu, reason: 'CPU requested', adapterInfo: null };
  const gpu = typeof navigator === 'undefined' ? undefined : navigator.gpu;
  const fallback = (why: string): BackendChoice => ({
    backend: cpu,
    reason: preference === 'webgpu' ? `WebGPU requested but unavailable (${why}); using the CPU` : `${why}; using the CPU`,
    adapterInfo: null,
  });
  if (!gpu) return fallback('this browser has no navigator.gpu');
  try {
    const adapter = await withTimeout(gpu.requestAdapter({ powerPreference: 'high-performance' }), 'requestAdapter');
    if (!adapter) return fallback('no WebGPU adapter found');
    const device = await withTimeout(requestDeviceFor(adapter), 'requestDevice');
    const info = adapter.info;
    const backend = await createWebGpuBackend(device, { adapterInfo: info, ownsDevice: true });
    const name = [info.vendor, info.architecture].filter(Boolean).join(' ') || info.description || 'unnamed adapter';
    return {
      backend,
      reason: `WebGPU adapter found: ${name}${info.isFallbackAdapter ? ' (software fallback)' : ''}`,
      adapterInfo: { vendor: info.vendor, architecture: info.architecture, device: info.device, description: info.description },
    };
  } catch (e) {
    return fallback(`WebGPU failed to start: ${e instanceof Error ? e.message : String(e)}`);
  }
}
