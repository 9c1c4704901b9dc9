// The gamma page's live charts: the loss against the step, and the fitted q(a) against the
// exact posterior.

import { useMemo } from 'react';
import { LineChart } from '../../charts';
import { sig } from '../../format';
import { EXACT_NAME, Q_NAME, gammaLive, useGammaStore } from './gammaStore';

/** Curves of this run in blue and the previous run in grey, whatever their particle counts. */
const LOSS_COLOURS: Readonly<Record<string, string>> = new Proxy<Record<string, string>>(
  {},
  { get: (_, name) => (String(name).startsWith('previous') ? '#9aa3ad' : '#0072b2') },
);

const DENSITY_COLOURS = { [Q_NAME]: '#d55e00', [EXACT_NAME]: '#0072b2' };

export function ElboChart() {
  const logLoss = useGammaStore((s) => s.logLoss);
  return (
    <LineChart
      series={gammaLive.loss}
      x={{ label: 'step' }}
      y={logLoss ? { label: 'negative ELBO (log scale)', type: 'log' } : { label: 'negative ELBO (symmetric log scale)', type: 'symlog', constant: 10 }}
      colours={LOSS_COLOURS}
      legend
      ariaLabel="Negative ELBO against step"
      title="Loss (negative ELBO) against step"
    />
  );
}

export function PosteriorChart({ truth }: { truth: number | null }) {
  const steps = useGammaStore((s) => s.step);
  const peak = useGammaStore((s) => s.densityPeak);
  // Room above the taller curve for the true value's label.
  const y = useMemo(() => ({ label: 'density', domain: peak ? ([0, 1.15 * peak] as const) : undefined }), [peak]);
  const markers = useMemo(() => (truth === null ? [] : [{ x: truth, label: `true a = ${sig(truth)}` }]), [truth]);
  return (
    <LineChart
      series={gammaLive.densities}
      x={{ label: 'concentration a' }}
      y={y}
      colours={DENSITY_COLOURS}
      markers={markers}
      legend
      maxPointsPerSeries={400}
      ariaLabel="Fitted q(a) and the exact posterior density of the concentration"
      title={steps > 0 ? `Posterior of the concentration after ${steps.toLocaleString('en-US')} steps` : 'Posterior of the concentration'}
    />
  );
}
