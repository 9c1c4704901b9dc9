// The page side of a worker: one worker per page visit, wrapped once with Comlink, told which
// backend to use, and let go when the page is left: its runs are stopped and their buffers
// freed (the worker's shutdown), then the worker is terminated.

import * as Comlink from 'comlink';
import { useEffect, useState } from 'react';
import type { BackendPreference, BackendReport, RunControlApi } from '../../workers/host/protocol';
import { useBackendStore } from '../backendInfo';

export interface WorkerHandle<Api> {
  api: Comlink.Remote<Api>;
  report: BackendReport;
}

/** How long a worker may take to stop its runs and free the device before it is terminated anyway. */
const SHUTDOWN_MS = 2000;

/**
 * Starts the worker made by `create` for the lifetime of the calling component (a null
 * preference disables it) and, unless told otherwise, shows its backend in the page's indicator.
 * `create` must call `new Worker(new URL('…', import.meta.url), { type: 'module' })` literally,
 * so that Vite bundles the worker; it should be a module-level function.
 */
export function useWorker<Api extends RunControlApi>(create: () => Worker, preference: BackendPreference | null, reportBackend = true): WorkerHandle<Api> | null {
  const [handle, setHandle] = useState<WorkerHandle<Api> | null>(null);
  useEffect(() => {
    if (preference === null) return;
    const worker = create();
    const api = Comlink.wrap<Api>(worker);
    const controls = api as unknown as Comlink.Remote<RunControlApi>;
    let live = true;
    void controls.configure(preference).then((report) => {
      if (!live) return;
      if (reportBackend) useBackendStore.getState().setActual(report.backend, report.detail, report.cpuKernels);
      setHandle({ api, report });
    });
    return () => {
      live = false;
      setHandle(null);
      if (reportBackend) useBackendStore.getState().clearActual();
      // Stop the runs and free the device first: terminating alone can leave queued GPU work going.
      const gone = controls.shutdown().catch(() => undefined);
      const timeout = new Promise((resolve) => setTimeout(resolve, SHUTDOWN_MS));
      void Promise.race([gone, timeout]).then(() => {
        api[Comlink.releaseProxy]();
        worker.terminate();
      });
    };
  }, [create, preference, reportBackend]);
  return handle;
}

/** The Comlink proxy of a worker API, as a page calls it. */
export type RemoteApi<Api> = Comlink.Remote<Api>;

/**
 * A page's worker hook: `create` is a module-level function that calls
 * `new Worker(new URL('…', import.meta.url), { type: 'module' })` literally (so that Vite
 * bundles the worker).
 */
export function workerHook<Api extends RunControlApi>(create: () => Worker): (preference: BackendPreference | null) => WorkerHandle<Api> | null {
  return (preference) => useWorker<Api>(create, preference);
}
