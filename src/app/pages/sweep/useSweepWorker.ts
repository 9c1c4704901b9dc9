// The sweep page's worker: one per page visit, let go when the page is left (its sweep stopped
// and its buffers freed).

import type { BackendPreference } from '../../../workers/host/protocol';
import type { SweepWorkerApi } from '../../../workers/sweep/protocol';
import { useWorker } from '../../worker/trainingClient';
import type { WorkerHandle } from '../../worker/trainingClient';

function createSweepWorker(): Worker {
  return new Worker(new URL('../../../workers/sweep/sweep.worker.ts', import.meta.url), { type: 'module' });
}

export type SweepWorker = WorkerHandle<SweepWorkerApi>;
export type SweepApi = SweepWorker['api'];

export function useSweepWorker(preference: BackendPreference | null): SweepWorker | null {
  return useWorker<SweepWorkerApi>(createSweepWorker, preference);
}
