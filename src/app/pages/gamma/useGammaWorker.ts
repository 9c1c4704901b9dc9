// The gamma page's worker: one per page visit, let go when the page is left (its runs stopped
// and their buffers freed).

import type { GammaWorkerApi } from '../../../workers/gamma/protocol';
import { workerHook } from '../../worker/trainingClient';
import type { RemoteApi } from '../../worker/trainingClient';

export type GammaApi = RemoteApi<GammaWorkerApi>;

export const useGammaWorker = workerHook<GammaWorkerApi>(() => new Worker(new URL('../../../workers/gamma/gamma.worker.ts', import.meta.url), { type: 'module' }));
