// When a run fails on the GPU (a lost device, a kernel error, a value float32 cannot hold), the
// page says why and offers to run it on the CPU: one click resets the failed runs, switches the
// backend (?backend=cpu) and starts them again there.

import { useSyncExternalStore } from 'react';
import { ErrorBanner } from './ErrorBanner';
import { hrefFor, navigate, useHashLocation } from './router';
import type { RunState } from './worker/runState';
import { failedOnGpu } from './worker/runState';
import { requestRerun } from './worker/rerun';

export interface FailingRun {
  /** The run's slot (see useRun): it is started again on the CPU. */
  readonly slot: string;
  readonly state: RunState;
  /** How the page names the run in the message, e.g. "full batch" (leave out for a page with one run). */
  readonly name?: string;
}

/** The runs (of a fixed list) that failed on the GPU, kept up to date. */
function useFailedOnGpu(runs: readonly FailingRun[]): FailingRun[] {
  const key = useSyncExternalStore(
    (cb) => {
      const offs = runs.map((r) => r.state.subscribe(cb));
      return () => offs.forEach((off) => off());
    },
    () => runs.map((r) => (failedOnGpu(r.state.getState()) ? '1' : '0')).join(''),
  );
  return runs.filter((_, i) => key[i] === '1');
}

export function GpuFailureBanner({ runs }: { readonly runs: readonly FailingRun[] }) {
  const failed = useFailedOnGpu(runs);
  const { path, query } = useHashLocation();
  if (failed.length === 0) return null;
  const useCpu = () => {
    requestRerun(failed.map((r) => r.slot));
    const q = new URLSearchParams(query);
    q.set('backend', 'cpu');
    navigate(hrefFor(path, q));
  };
  return (
    <ErrorBanner
      title="The run failed on the GPU"
      messages={failed.map((r) => `${r.name ? `${r.name}: ` : ''}${r.state.getState().message ?? 'the computation stopped with an error.'}`)}
      action={{ label: 'Run on the CPU instead', onClick: useCpu }}
    />
  );
}
