// The page side of a worker: one worker per page visit, wrapped once with
// Comlink, told which backend to use, and terminated when the page is left.

import * as Comlink from 'comlink';
import { useEffect, useState } from 'react';
import type { BackendPreference, BackendReport, TrainingWorkerApi } from '../../workers/protocol';
import { useBackendStore } from '../backendInfo';

/** What every worker API offers first: choosing its backend. */
export interface ConfigurableApi {
  configure(preference: BackendPreference): Promise<BackendReport>;
}

export interface WorkerHandle<Api = TrainingWorkerApi> {
  api: Comlink.Remote<Api>;
  report: BackendReport;
}

export type TrainingWorker = Comlink.Remote<TrainingWorkerApi>;

/**
 * Starts the worker made by `create` for the lifetime of the calling component (a null
 * preference disables it) and, unless told otherwise, shows its backend in the page's indicator.
 * `create` must call `new Worker(new URL('…', import.meta.url), { type: 'module' })` literally,
 * so that Vite bundles the worker; it should be a module-level function.
 */
export function useWorker<Api extends ConfigurableApi>(
  create: () => Worker,
  preference: BackendPreference | null,
  reportBackend = true,
): WorkerHandle<Api> | null {
  const [handle, setHandle] = useState<WorkerHandle<Api> | null>(null);
  useEffect(() => {
    if (preference === null) return;
    const worker = create();
    const api = Comlink.wrap<Api>(worker);
    let live = true;
    void (api.configure as (p: BackendPreference) => Promise<BackendReport>)(preference).then((report) => {
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
  }, [create, preference, reportBackend]);
  return handle;
}

function createTrainingWorker(): Worker {
  return new Worker(new URL('../../workers/training.worker.ts', import.meta.url), { type: 'module' });
}

/** The svgp/sweep training worker. */
export function useTrainingWorker(preference: BackendPreference | null, reportBackend = true): WorkerHandle | null {
  return useWorker<TrainingWorkerApi>(createTrainingWorker, preference, reportBackend);
}
