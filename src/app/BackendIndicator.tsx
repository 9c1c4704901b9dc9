// "WebGPU — <adapter>" or "CPU — <why>", on every page, so that nobody
// compares timings without knowing what they ran on.

import { useEffect } from 'react';
import { describeBackend, startBackendProbe, useBackendStore } from './backendInfo';
import { useGlobalParams } from './useUrlParams';

export function BackendIndicator() {
  useEffect(() => startBackendProbe(), []);
  const probe = useBackendStore((s) => s.probe);
  const actual = useBackendStore((s) => s.actual);
  const { values } = useGlobalParams();
  const display = describeBackend(probe, values.backend, actual);

  return (
    <p className={`backend backend-${display.kind}`} role="status" title={display.title} data-testid="backend-indicator">
      <span className="backend-dot" aria-hidden="true" />
      <span className="visually-hidden">Compute backend: </span>
      {display.text}
    </p>
  );
}
