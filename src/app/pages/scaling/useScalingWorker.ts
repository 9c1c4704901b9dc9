// The scaling page's worker: one per page visit, let go when the page is left (its runs stopped
// and their buffers freed).

import type { ScalingWorkerApi } from '../../../workers/scaling/protocol';
import { workerHook } from '../../worker/trainingClient';
import type { RemoteApi } from '../../worker/trainingClient';

export type ScalingApi = RemoteApi<ScalingWorkerApi>;

export const useScalingWorker = workerHook<ScalingWorkerApi>(() => new Worker(new URL('../../../workers/scaling/scaling.worker.ts', import.meta.url), { type: 'module' }));
