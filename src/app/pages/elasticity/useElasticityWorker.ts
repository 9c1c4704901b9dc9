// The elasticity page's coordinating worker: one per page visit, let go when the page is left
// (its runs stopped, every shard terminated).

import type { ElasticityWorkerApi } from '../../../workers/elasticity/protocol';
import { workerHook } from '../../worker/trainingClient';
import type { RemoteApi } from '../../worker/trainingClient';

export type ElasticityApi = RemoteApi<ElasticityWorkerApi>;

export const useElasticityWorker = workerHook<ElasticityWorkerApi>(() => new Worker(new URL('../../../workers/elasticity/elasticity.worker.ts', import.meta.url), { type: 'module' }));
