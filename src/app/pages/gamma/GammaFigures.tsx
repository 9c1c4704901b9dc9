// The printed figures: both posteriors' means, standard deviations and 90% intervals, and the run.

import { RunMessage } from '../../controls';
import { int, sig } from '../../format';
import { gammaRun, useGammaStore } from './gammaStore';

/** The 5% and 95% quantiles of LogNormal(loc, scale). */
function logNormalInterval(loc: number, scale: number): [number, number] {
  const z = 1.6448536269514722;
  return [Math.exp(loc - z * scale), Math.exp(loc + z * scale)];
}

export function GammaFigures() {
  const q = useGammaStore((s) => s.q);
  const exact = useGammaStore((s) => s.exact);
  const step = useGammaStore((s) => s.step);
  const runSteps = useGammaStore((s) => s.runSteps);
  const seconds = useGammaStore((s) => s.seconds);
  const lastLoss = useGammaStore((s) => s.lastLoss);
  const message = gammaRun((s) => s.message);
  const device = useGammaStore((s) => s.deviceMsPerStep);
  const qInterval = q ? logNormalInterval(q.loc, q.scale) : null;
  const gap = q && exact ? (q.mean - exact.mean) / exact.sd : null;
  const ratio = q && exact ? q.sd / exact.sd : null;
  return (
    <div className="figures" aria-label="Posterior figures">
      <table className="figures-table">
        <thead>
          <tr>
            <th scope="col">posterior of a</th>
            <th scope="col">mean</th>
            <th scope="col">sd</th>
            <th scope="col">90% interval</th>
          </tr>
        </thead>
        <tbody>
          <tr data-row="q">
            <th scope="row">fitted q(a), LogNormal</th>
            <td data-figure="q-mean">{sig(q?.mean, 4)}</td>
            <td data-figure="q-sd">{sig(q?.sd, 3)}</td>
            <td>{qInterval ? `${sig(qInterval[0], 4)} to ${sig(qInterval[1], 4)}` : '–'}</td>
          </tr>
          <tr data-row="exact">
            <th scope="row">exact, by quadrature</th>
            <td data-figure="exact-mean">{sig(exact?.mean, 4)}</td>
            <td data-figure="exact-sd">{sig(exact?.sd, 3)}</td>
            <td>{exact ? `${sig(exact.q05, 4)} to ${sig(exact.q95, 4)}` : '–'}</td>
          </tr>
        </tbody>
      </table>
      <p>
        Guide: μ = <strong data-figure="loc">{sig(q?.loc, 4)}</strong>, s = <strong data-figure="scale">{sig(q?.scale, 3)}</strong>. The q mean is{' '}
        <strong data-figure="gap">{gap === null ? '–' : `${sig(gap, 2)}`}</strong> exact standard deviations from the exact mean, and q’s sd is{' '}
        <strong data-figure="sd-ratio">{ratio === null ? '–' : `${sig(ratio, 3)}×`}</strong> the exact one.
      </p>
      <p className="progress-figures">
        Step <strong data-figure="steps">{int(step)}</strong> of {int(runSteps)} · {sig(seconds)} s of training ·{' '}
        {step > 0 && seconds > 0 ? `${sig(step / seconds)} steps/s` : '– steps/s'}
        {device !== null ? ` · GPU ${sig(device)} ms/step` : ''} · last loss <strong data-figure="loss">{sig(lastLoss, 6)}</strong>
      </p>
      <RunMessage message={message} />
    </div>
  );
}
