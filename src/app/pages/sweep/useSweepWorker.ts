// The sweep page's worker: one per page visit, let go when the page is left (its runs stopped
// and their buffers freed).

import type { SweepWorkerApi } from '../../../workers/sweep/protocol';
import { workerHook } from '../../worker/trainingClient';
import type { RemoteApi } from '../../worker/trainingClient';

export type SweepApi = RemoteApi<SweepWorkerApi>;

export const useSweepWorker = workerHook<SweepWorkerApi>(() => new Worker(new URL('../../../workers/sweep/sweep.worker.ts', import.meta.url), { type: 'module' }));
