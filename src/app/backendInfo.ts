// Which backend is in use, for display.
//
// The main thread only *looks* for a WebGPU adapter, to tell the learner what
// to expect; it never computes on it. Training happens in a worker, which
// makes its own choice and reports it with `setActual`, and from then on the
// indicator shows what the worker actually uses.

import { create } from 'zustand';
import type { BackendPreference } from './urlState';

export type BackendKind = 'webgpu' | 'cpu';

export type AdapterProbe =
  | { readonly status: 'pending' }
  | { readonly status: 'available'; readonly adapter: string }
  | {
      readonly status: 'unavailable';
      readonly reason: 'no-navigator-gpu' | 'no-adapter' | 'error';
      readonly message: string;
    };

export interface ActualBackend {
  readonly backend: BackendKind;
  /** What the worker says about it, e.g. the adapter name or why it fell back. */
  readonly detail: string;
  /** Which cpu kernels the worker runs ('WebAssembly SIMD' or 'JavaScript'), when it said. */
  readonly cpuKernels?: string;
}

interface BackendState {
  readonly probe: AdapterProbe;
  /** What the running worker reported, or null when no worker has reported yet. */
  readonly actual: ActualBackend | null;
  setProbe(probe: AdapterProbe): void;
  setActual(backend: BackendKind, detail: string, cpuKernels?: string): void;
  clearActual(): void;
}

export const useBackendStore = create<BackendState>()((set) => ({
  probe: { status: 'pending' },
  actual: null,
  setProbe: (probe) => set({ probe }),
  setActual: (backend, detail, cpuKernels) => set({ actual: { backend, detail, cpuKernels } }),
  clearActual: () => set({ actual: null }),
}));

/** The adapter's own words: description if the browser gives one, else vendor and architecture. */
export function formatAdapter(info: Partial<Pick<GPUAdapterInfo, 'vendor' | 'architecture' | 'description' | 'isFallbackAdapter'>>): string {
  const description = info.description?.trim() ?? '';
  const vendorArch = [info.vendor, info.architecture].map((s) => s?.trim() ?? '').filter(Boolean).join(' ');
  let name = description || vendorArch || 'unnamed adapter';
  if (description && vendorArch && !description.toLowerCase().includes(vendorArch.toLowerCase())) {
    name += ` (${vendorArch})`;
  }
  // A fallback adapter is a software rasteriser: correct but slow, worth saying.
  if (info.isFallbackAdapter) name += ', software fallback';
  return name;
}

/** A minimal view of `navigator.gpu`, so that the probe can be tested with a fake. */
export interface GpuLike {
  requestAdapter(): Promise<{ readonly info?: Partial<GPUAdapterInfo> } | null>;
}

const PROBE_TIMEOUT_MS = 8000;

/** Asks for an adapter and describes it; never throws. */
export async function probeAdapter(gpu: GpuLike | undefined): Promise<AdapterProbe> {
  if (!gpu) {
    return { status: 'unavailable', reason: 'no-navigator-gpu', message: 'no navigator.gpu' };
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    // Some drivers never answer; a probe for display must not hang forever.
    const adapter = await Promise.race([
      gpu.requestAdapter(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('requestAdapter timed out')), PROBE_TIMEOUT_MS);
      }),
    ]);
    if (!adapter) return { status: 'unavailable', reason: 'no-adapter', message: 'no adapter' };
    return { status: 'available', adapter: formatAdapter(adapter.info ?? {}) };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return { status: 'unavailable', reason: 'error', message: `WebGPU error: ${message}` };
  } finally {
    clearTimeout(timer);
  }
}

let probeStarted = false;

/** Starts the one probe of this session (later calls do nothing). */
export function startBackendProbe(): void {
  if (probeStarted) return;
  probeStarted = true;
  const gpu = typeof navigator === 'undefined' ? undefined : navigator.gpu;
  void probeAdapter(gpu).then((probe) => useBackendStore.getState().setProbe(probe));
}

export interface BackendDisplay {
  /** 'pending' until the probe answers. */
  readonly kind: BackendKind | 'pending';
  /** The one-line text of the indicator, e.g. "WebGPU — SwiftShader Device". */
  readonly text: string;
  /** A longer explanation for a tooltip. */
  readonly title: string;
}

/**
 * What the indicator says, from the probe, the URL's preference and what a
 * worker reported. Pure, so that every case can be tested.
 */
export function describeBackend(
  probe: AdapterProbe,
  preference: BackendPreference,
  actual: ActualBackend | null,
): BackendDisplay {
  if (actual) {
    const name = actual.backend === 'webgpu' ? 'WebGPU' : 'CPU';
    // On the CPU, which kernels compute: WebAssembly SIMD, or the JavaScript ones where the browser lacks it.
    const kernels = actual.backend === 'cpu' && actual.cpuKernels ? ` · ${actual.cpuKernels} kernels` : '';
    const kernelsTitle = kernels ? ` The CPU kernels are ${actual.cpuKernels === 'JavaScript' ? 'the JavaScript ones (this browser runs no WebAssembly SIMD)' : `in ${actual.cpuKernels}`}.` : '';
    return {
      kind: actual.backend,
      text: `${name} — ${actual.detail}${kernels}`,
      title: `The training worker reports that it runs on ${name}: ${actual.detail}.${kernelsTitle}`,
    };
  }
  const available = probe.status === 'available' ? `WebGPU is available (${probe.adapter}).` : '';
  if (preference === 'cpu') {
    return {
      kind: 'cpu',
      text: 'CPU — forced by ?backend=cpu',
      title: `The URL asks for the CPU backend. ${available} Remove backend=cpu from the address to use the GPU.`.trim(),
    };
  }
  switch (probe.status) {
    case 'pending':
      return { kind: 'pending', text: 'Looking for a GPU…', title: 'Asking the browser for a WebGPU adapter.' };
    case 'available':
      return {
        kind: 'webgpu',
        text: `WebGPU — ${probe.adapter}`,
        title: `Training runs on this GPU through WebGPU: ${probe.adapter}.`,
      };
    case 'unavailable': {
      const why = probe.message;
      const requested = preference === 'webgpu' ? 'WebGPU was requested, but ' : '';
      return {
        kind: 'cpu',
        text: `CPU — ${preference === 'webgpu' ? `WebGPU requested, ${why}` : why}`,
        title: `${requested}this browser offers no usable WebGPU adapter (${why}), so training runs on the CPU.`,
      };
    }
  }
}

/**
 * What the page uses when the address names no backend it can read (`backend=gpu`): the default
 * choice, as it stands now, so that the learner need not guess.
 */
export function fallbackNote(probe: AdapterProbe, actual: ActualBackend | null): string {
  const d = describeBackend(probe, 'auto', actual);
  const what = d.kind === 'pending' ? 'WebGPU if this browser offers an adapter, otherwise the CPU' : d.text;
  return `Until it is fixed the page uses the default, auto: ${what}.`;
}
