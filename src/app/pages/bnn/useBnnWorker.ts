// The bnn page's worker: one per page visit, let go when the page is left (its runs stopped
// and their buffers freed).

import type { BnnWorkerApi } from '../../../workers/bnn/protocol';
import { workerHook } from '../../worker/trainingClient';
import type { RemoteApi } from '../../worker/trainingClient';

export type BnnApi = RemoteApi<BnnWorkerApi>;

export const useBnnWorker = workerHook<BnnWorkerApi>(() => new Worker(new URL('../../../workers/bnn/bnn.worker.ts', import.meta.url), { type: 'module' }));
