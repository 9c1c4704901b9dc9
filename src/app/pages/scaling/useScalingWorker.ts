// The scaling page's worker: started for the page visit, let go when the page is left (its
// experiments stopped and its buffers freed).

import type { BackendPreference } from '../../../workers/host/protocol';
import type { ScalingWorkerApi } from '../../../workers/scaling/protocol';
import { useWorker } from '../../worker/trainingClient';
import type { WorkerHandle } from '../../worker/trainingClient';

function createScalingWorker(): Worker {
  return new Worker(new URL('../../../workers/scaling/scaling.worker.ts', import.meta.url), { type: 'module' });
}

export type ScalingWorker = WorkerHandle<ScalingWorkerApi>;
export type ScalingApi = ScalingWorker['api'];

export function useScalingWorker(preference: BackendPreference | null): ScalingWorker | null {
  return useWorker<ScalingWorkerApi>(createScalingWorker, preference);
}
