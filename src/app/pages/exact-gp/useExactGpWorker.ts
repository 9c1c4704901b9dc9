// The exact-gp page's worker: one per page visit, let go when the page is left (its runs stopped
// and their buffers freed).

import type { ExactGpWorkerApi } from '../../../workers/exact-gp/protocol';
import { workerHook } from '../../worker/trainingClient';
import type { RemoteApi } from '../../worker/trainingClient';

export type ExactGpApi = RemoteApi<ExactGpWorkerApi>;

export const useExactGpWorker = workerHook<ExactGpWorkerApi>(() => new Worker(new URL('../../../workers/exact-gp/exactGp.worker.ts', import.meta.url), { type: 'module' }));
