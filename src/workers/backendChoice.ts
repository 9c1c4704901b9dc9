/** Chooses the backend a worker computes on: WebGPU when asked for (or auto) and available, else the cpu. */
import type { Backend, FloatDType } from '../engine/tensor';
import { selectBackend } from '../engine/webgpu/select';
import type { BackendPreference, BackendReport } from './protocol';

export async function chooseBackend(preference: BackendPreference): Promise<{ backend: Backend; report: BackendReport }> {
  const choice = await selectBackend(preference);
  if (choice.backend.name === 'webgpu' && choice.adapterInfo) {
    const a = choice.adapterInfo;
    const name = [a.vendor, a.architecture].filter(Boolean).join(' ') || a.description || 'unnamed adapter';
    return { backend: choice.backend, report: { backend: 'webgpu', detail: name } };
  }
  return { backend: choice.backend, report: { backend: 'cpu', detail: preference === 'cpu' ? 'forced by ?backend=cpu' : choice.reason } };
}

/**
 * A worker's backend, chosen once: by the page's first `configure`, or automatically when work
 * arrives before it.
 */
export class WorkerBackend {
  private chosen: Promise<{ backend: Backend; report: BackendReport }> | null = null;

  async configure(preference: BackendPreference): Promise<BackendReport> {
    this.chosen ??= chooseBackend(preference);
    return (await this.chosen).report;
  }

  async get(): Promise<Backend> {
    this.chosen ??= chooseBackend('auto');
    return (await this.chosen).backend;
  }
}

/** WebGPU computes in float32; the cpu in float64, like the reference notebooks. */
export function dtypeFor(b: Backend): FloatDType {
  return b.name === 'webgpu' ? 'f32' : 'f64';
}
