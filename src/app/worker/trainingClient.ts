// The page side of the training worker: one worker per page visit, wrapped
// once with Comlink and terminated when the page is left.

import * as Comlink from 'comlink';
import { useEffect, useState } from 'react';
import type { BackendPreference, BackendReport, TrainingWorkerApi } from '../../workers/protocol';
import { useBackendStore } from '../backendInfo';

export type TrainingWorker = Comlink.Remote<TrainingWorkerApi>;

export interface WorkerHandle {
  api: TrainingWorker;
  report: BackendReport;
}

/**
 * Starts a training worker for the lifetime of the calling component (null disables it) and,
 * unless told otherwise, shows its backend in the page's indicator.
 */
export function useTrainingWorker(preference: BackendPreference | null, reportBackend = true): WorkerHandle | null {
  const [handle, setHandle] = useState<WorkerHandle | null>(null);
  useEffect(() => {
    if (preference === null) return;
    const worker = new Worker(new URL('../../workers/training.worker.ts', import.meta.url), { type: 'module' });
    const api = Comlink.wrap<TrainingWorkerApi>(worker);
    let live = true;
    void api.configure(preference).then((report) => {
      if (!live) return;
      if (reportBackend) useBackendStore.getState().setActual(report.backend, report.detail);
      setHandle({ api, report });
    });
    return () => {
      live = false;
      setHandle(null);
      api[Comlink.releaseProxy]();
      // Terminating stops any run mid-step; its buffers go with the worker.
      worker.terminate();
      if (reportBackend) useBackendStore.getState().clearActual();
    };
  }, [preference, reportBackend]);
  return handle;
}
