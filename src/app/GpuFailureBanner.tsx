// When a run fails on the GPU (a lost device, a kernel error), the page says so and offers to
// run the same notebook on the CPU: one click reloads the page with ?backend=cpu.

import { ErrorBanner } from './ErrorBanner';
import { hrefFor, navigate, useHashLocation } from './router';
import { useGlobalParams } from './useUrlParams';

export interface GpuFailureBannerProps {
  /** True once a run has ended with status 'failed'. */
  readonly failed: boolean;
  /** Where the page prints the run's own message, e.g. "under the figures". */
  readonly messageWhere: string;
}

export function GpuFailureBanner({ failed, messageWhere }: GpuFailureBannerProps) {
  const global = useGlobalParams();
  const { path, query } = useHashLocation();
  if (!failed || global.values.backend === 'cpu') return null;
  const useCpu = () => {
    const q = new URLSearchParams(query);
    q.set('backend', 'cpu');
    navigate(hrefFor(path, q));
  };
  return (
    <ErrorBanner
      title="The run failed"
      messages={[`The computation stopped with an error (see the message ${messageWhere}). The CPU can run the same notebook.`]}
      action={{ label: 'Run on the CPU instead', onClick: useCpu }}
    />
  );
}
