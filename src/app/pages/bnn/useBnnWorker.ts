// The bnn page's worker: one per page visit, let go when the page is left.

import type { BackendPreference } from '../../../workers/host/protocol';
import type { BnnWorkerApi } from '../../../workers/bnn/protocol';
import { useWorker } from '../../worker/trainingClient';
import type { WorkerHandle } from '../../worker/trainingClient';

function createBnnWorker(): Worker {
  return new Worker(new URL('../../../workers/bnn/bnn.worker.ts', import.meta.url), { type: 'module' });
}

export type BnnWorker = WorkerHandle<BnnWorkerApi>;
export type BnnApi = BnnWorker['api'];

export function useBnnWorker(preference: BackendPreference | null): BnnWorker | null {
  return useWorker<BnnWorkerApi>(createBnnWorker, preference);
}
