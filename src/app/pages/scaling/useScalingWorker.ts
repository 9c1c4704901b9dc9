// The scaling page's worker: started for the page visit, terminated when the page is left.

import type { BackendPreference, ScalingWorkerApi } from '../../../workers/scalingProtocol';
import { useWorker } from '../../worker/trainingClient';
import type { WorkerHandle } from '../../worker/trainingClient';

function createScalingWorker(): Worker {
  return new Worker(new URL('../../../workers/scaling.worker.ts', import.meta.url), { type: 'module' });
}

export type ScalingWorker = WorkerHandle<ScalingWorkerApi>;

export function useScalingWorker(preference: BackendPreference | null): ScalingWorker | null {
  return useWorker<ScalingWorkerApi>(createScalingWorker, preference);
}
