/** Chooses the backend a worker computes on: WebGPU when asked for (or auto) and available, else the cpu. */
import type { Backend } from '../engine/tensor';
import { cpu } from '../engine/cpu/backend';
import type { BackendPreference, BackendReport } from './protocol';

export async function chooseBackend(preference: BackendPreference): Promise<{ backend: Backend; report: BackendReport }> {
  if (preference === 'cpu') return { backend: cpu, report: { backend: 'cpu', detail: 'forced by ?backend=cpu' } };
  return { backend: cpu, report: { backend: 'cpu', detail: 'the WebGPU backend is not available in this build' } };
}
