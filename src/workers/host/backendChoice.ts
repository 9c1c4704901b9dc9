/** Chooses the backend a worker computes on: WebGPU when asked for (or auto) and available, else the cpu. */
import type { Backend, FloatDType } from '../../engine/tensor';
import type { BackendPreference } from '../../engine/backendPreference';
import { selectBackend } from '../../engine/webgpu/select';
import type { BackendReport } from './protocol';
import { cpuKernelsName, enableWasmKernels } from '../../engine/cpu/wasm';

/**
 * The worker's backend, and what the page's indicator says about it. The cpu kernels are chosen
 * first, once per worker: the WebAssembly SIMD kernels where the engine runs them, the
 * JavaScript ones otherwise (the cpu backend also serves a WebGPU run's host-side work).
 */
export async function chooseBackend(preference: BackendPreference): Promise<{ backend: Backend; report: BackendReport }> {
  await enableWasmKernels();
  const cpuKernels = cpuKernelsName();
  const choice = await selectBackend(preference);
  if (choice.backend.name === 'webgpu' && choice.adapterInfo) {
    const a = choice.adapterInfo;
    const name = [a.vendor, a.architecture].filter(Boolean).join(' ') || a.description || 'unnamed adapter';
    return { backend: choice.backend, report: { backend: 'webgpu', detail: name, cpuKernels } };
  }
  return { backend: choice.backend, report: { backend: 'cpu', detail: preference === 'cpu' ? 'forced by ?backend=cpu' : choice.reason, cpuKernels } };
}

/** A backend that can say it has failed for good (the webgpu backend after a lost device or a kernel error). */
type MaybeFailed = Backend & { readonly failure?: Error | null; destroy?: () => void };

/**
 * A worker's backend, chosen by the page's first `configure` (or automatically when work arrives
 * before it). A backend that has failed for good is let go and chosen again for the next run, so
 * that one lost device does not fail every later run of the visit.
 */
export class WorkerBackend {
  private preference: BackendPreference = 'auto';
  private chosen: Promise<{ backend: Backend; report: BackendReport }> | null = null;

  constructor(private readonly choose: typeof chooseBackend = chooseBackend) {}

  async configure(preference: BackendPreference): Promise<BackendReport> {
    if (!this.chosen) {
      this.preference = preference;
      this.chosen = this.choose(preference);
    }
    return (await this.chosen).report;
  }

  async get(): Promise<Backend> {
    this.chosen ??= this.choose(this.preference);
    const current = (await this.chosen).backend as MaybeFailed;
    if (!current.failure) return current;
    this.chosen = null;
    try {
      current.destroy?.();
    } catch {
      // A lost device's buffers are gone with it.
    }
    this.chosen = this.choose(this.preference);
    return (await this.chosen).backend;
  }

  /** Frees the device (leaving the page): later work chooses a backend again. */
  async release(): Promise<void> {
    const chosen = this.chosen;
    this.chosen = null;
    if (!chosen) return;
    const b = (await chosen).backend as MaybeFailed;
    try {
      b.destroy?.();
    } catch {
      // Already gone.
    }
  }
}

/** WebGPU computes in float32; the cpu in float64, like the reference notebooks. */
export function dtypeFor(b: Backend): FloatDType {
  return b.name === 'webgpu' ? 'f32' : 'f64';
}
