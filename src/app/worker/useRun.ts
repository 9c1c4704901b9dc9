// One run of a page, driven through its worker (see runClient.ts) for the component's lifetime.
// A new worker (another backend, a new visit) means a new client: what the previous one drew is
// forgotten, and a run that failed on the GPU is started again on the CPU when the learner asked
// for that (rerun.ts).

import { useEffect, useMemo, useRef } from 'react';
import type * as Comlink from 'comlink';
import type { RunWorkerApi } from '../../workers/host/protocol';
import type { RunPage } from './runClient';
import { RunClient, channelOf } from './runClient';
import { clientGeneration, hasRerun, takeRerun } from './rerun';

export type { RunPage };

export interface RunActions {
  run(): void;
  pause(): void;
  step(): void;
  reset(): void;
  stop(): void;
}

export function useRun<Request, P, R>(api: Comlink.Remote<RunWorkerApi<Request, P, R>> | null, page: RunPage<Request, P, R>): RunActions {
  const pageRef = useRef(page);
  pageRef.current = page;
  const client = useMemo(() => ({ runs: new RunClient(api && channelOf(api), () => pageRef.current), generation: clientGeneration() }), [api]);
  useEffect(() => () => client.runs.reset(), [client]);
  // A rerun asked for before the worker was replaced starts as soon as a request can be built.
  useEffect(() => {
    if (api && hasRerun(page.slot, client.generation) && page.request() !== null) {
      takeRerun(page.slot);
      client.runs.start('run');
    }
  });
  return useMemo(() => {
    const c = client.runs;
    return { run: () => c.run(), pause: () => c.pause(), step: () => c.step(), reset: () => c.reset(), stop: () => c.stop() };
  }, [client]);
}
