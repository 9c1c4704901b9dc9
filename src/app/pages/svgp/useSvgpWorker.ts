// The svgp page's worker: one per page visit, let go when the page is left.

import type { BackendPreference } from '../../../workers/host/protocol';
import type { SvgpWorkerApi } from '../../../workers/svgp/protocol';
import { useWorker } from '../../worker/trainingClient';
import type { WorkerHandle } from '../../worker/trainingClient';

function createSvgpWorker(): Worker {
  return new Worker(new URL('../../../workers/svgp/svgp.worker.ts', import.meta.url), { type: 'module' });
}

export type SvgpWorker = WorkerHandle<SvgpWorkerApi>;
export type SvgpApi = SvgpWorker['api'];

export function useSvgpWorker(preference: BackendPreference | null): SvgpWorker | null {
  return useWorker<SvgpWorkerApi>(createSvgpWorker, preference);
}
