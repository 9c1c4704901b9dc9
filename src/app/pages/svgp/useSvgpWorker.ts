// The svgp page's worker: one per page visit, let go when the page is left (its runs stopped
// and their buffers freed).

import type { SvgpWorkerApi } from '../../../workers/svgp/protocol';
import { workerHook } from '../../worker/trainingClient';
import type { RemoteApi } from '../../worker/trainingClient';

export type SvgpApi = RemoteApi<SvgpWorkerApi>;

export const useSvgpWorker = workerHook<SvgpWorkerApi>(() => new Worker(new URL('../../../workers/svgp/svgp.worker.ts', import.meta.url), { type: 'module' }));
