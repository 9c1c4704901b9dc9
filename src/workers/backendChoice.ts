/** Chooses the backend a worker computes on: WebGPU when asked for (or auto) and available, else the cpu. */
import type { Backend } from '../engine/tensor';
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
