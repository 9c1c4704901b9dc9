// The gamma page's worker: one per page visit, let go when the page is left.

import type { BackendPreference } from '../../../workers/host/protocol';
import type { GammaWorkerApi } from '../../../workers/gamma/protocol';
import { useWorker } from '../../worker/trainingClient';
import type { WorkerHandle } from '../../worker/trainingClient';

function createGammaWorker(): Worker {
  return new Worker(new URL('../../../workers/gamma/gamma.worker.ts', import.meta.url), { type: 'module' });
}

export type GammaWorker = WorkerHandle<GammaWorkerApi>;
export type GammaApi = GammaWorker['api'];

export function useGammaWorker(preference: BackendPreference | null): GammaWorker | null {
  return useWorker<GammaWorkerApi>(createGammaWorker, preference);
}
