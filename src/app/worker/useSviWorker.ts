// The SVI worker of the gamma and bnn pages: one per page visit, terminated when the page is left.

import type { BackendPreference, SviWorkerApi } from '../../workers/sviProtocol';
import { useWorker } from './trainingClient';
import type { WorkerHandle } from './trainingClient';

function createSviWorker(): Worker {
  return new Worker(new URL('../../workers/svi.worker.ts', import.meta.url), { type: 'module' });
}

export type SviWorker = WorkerHandle<SviWorkerApi>;
export type SviApi = SviWorker['api'];

export function useSviWorker(preference: BackendPreference | null): SviWorker | null {
  return useWorker<SviWorkerApi>(createSviWorker, preference);
}
