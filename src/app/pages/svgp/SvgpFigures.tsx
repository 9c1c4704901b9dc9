// The printed figures: timing, speed-up, errors and fitted hyperparameters.

import { useMemo, useSyncExternalStore } from 'react';
import { FiguresTable } from '../../components/FiguresTable';
import { int, sig } from '../../format';
import type { RunKind } from './svgpStore';
import { RUN_NAMES, isPoorFit, svgpLive, svgpRuns, useSvgpStore } from './svgpStore';

const KINDS: RunKind[] = ['full', 'mini'];

function rmsBetween(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] - b[i]) ** 2;
  return Math.sqrt(s / a.length);
}

/** Grid RMSE between the two posterior means, once both exist. */
export function useDisagreement(): number | null {
  const subscribe = (cb: () => void) => {
    const a = svgpLive.posterior.full.subscribe(cb);
    const b = svgpLive.posterior.mini.subscribe(cb);
    return () => {
      a();
      b();
    };
  };
  const full = useSyncExternalStore(subscribe, () => svgpLive.posterior.full.get());
  const mini = useSyncExternalStore(subscribe, () => svgpLive.posterior.mini.get());
  return useMemo(() => (full && mini && full.values.length === mini.values.length ? rmsBetween(full.values, mini.values) : null), [full, mini]);
}

export function SvgpFigures({ n, b }: { n: number; b: number }) {
  const runs = useSvgpStore((s) => s.runs);
  const msPerStep = (k: RunKind) => (runs[k].step > 0 ? (1000 * runs[k].seconds) / runs[k].step : null);
  const full = msPerStep('full');
  const mini = msPerStep('mini');
  const speedup = full !== null && mini !== null ? full / mini : null;
  const disagreement = useDisagreement();
  // GPU time per step where the adapter has timestamp queries, beside the training clock.
  const device = KINDS.some((k) => runs[k].deviceMsPerStep !== null);
  return (
    <div className="figures" aria-label="Timing and accuracy figures">
      <table className="figures-table">
        <thead>
          <tr>
            <th scope="col">run</th>
            <th scope="col">steps</th>
            <th scope="col">training time</th>
            <th scope="col">ms per step</th>
            {device ? <th scope="col">GPU ms per step</th> : null}
            <th scope="col">last loss</th>
            <th scope="col">grid RMSE vs truth</th>
          </tr>
        </thead>
        <tbody>
          {KINDS.map((k) => (
            <tr key={k} data-run={k}>
              <th scope="row">{RUN_NAMES[k]}</th>
              <td data-figure="steps">{int(runs[k].step)}</td>
              <td data-figure="seconds">{sig(runs[k].seconds)} s</td>
              <td data-figure="ms-per-step">{sig(msPerStep(k))}</td>
              {device ? <td data-figure="device-ms-per-step">{sig(runs[k].deviceMsPerStep)}</td> : null}
              <td data-figure="loss">{sig(runs[k].lastLoss, 4)}</td>
              <td data-figure="rmse">{sig(runs[k].rmse)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        Speed-up per step: <strong data-figure="speedup">{speedup === null ? '–' : `${sig(speedup)}×`}</strong>, against a ceiling of N/B ={' '}
        <strong>{sig(n / b)}×</strong>. Posterior means disagree by a grid RMSE of <strong data-figure="disagreement">{sig(disagreement)}</strong>.
      </p>
      <p className="note">
        Training time is the wall-clock each run waited for its steps, until each step’s loss was back{device ? ', so it includes the GPU’s work and the waits for it; GPU ms per step is the time the device itself spent computing (timestamp queries)' : ''}. Pauses and the drawing of the heatmaps are left out.
      </p>
      {KINDS.map((k) => (
        <RunNotes key={k} kind={k} />
      ))}
    </div>
  );
}

/** A run's own message (diverged, failed), and a flag on a fit that ended poor. */
function RunNotes({ kind }: { kind: RunKind }) {
  const message = svgpRuns[kind]((s) => s.message);
  const phase = svgpRuns[kind]((s) => s.phase);
  const f = useSvgpStore((s) => s.runs[kind]);
  const poor = phase === 'finished' && isPoorFit(f);
  return (
    <>
      {message ? (
        <p className="run-message" role="alert">
          {RUN_NAMES[kind]}: {message}
        </p>
      ) : null}
      {poor ? (
        <p className="run-message" role="alert" data-testid={`poor-fit-${kind}`}>
          {RUN_NAMES[kind]}: this fit is poor. Its grid RMSE, {sig(f.rmse)}, is {sig((100 * (f.rmse ?? 0)) / (f.truthRms ?? 1), 2)}% of the target’s own spread (RMS {sig(f.truthRms)}),
          {' '}no better than predicting zero everywhere would be{f.noiseVariance !== null && f.noiseVariance > 0.05 ? `; the model has put the signal down to noise (noise variance ${sig(f.noiseVariance)}, where the data were made with 0.01)` : ''}. A smaller learning rate, such as 0.05, usually fits.
        </p>
      ) : null}
    </>
  );
}

export function SvgpHyperparameters() {
  const runs = useSvgpStore((s) => s.runs);
  const rows: { label: string; pick: (k: RunKind) => number | null; start: string; note: string }[] = [
    { label: 'kernel variance s²', pick: (k) => runs[k].variance, start: '1', note: '' },
    { label: 'lengthscale ℓ', pick: (k) => runs[k].lengthscale, start: '0.5', note: '' },
    { label: 'noise variance σ²', pick: (k) => runs[k].noiseVariance, start: '0.01', note: 'data made with 0.01' },
  ];
  return (
    <FiguresTable label="Fitted hyperparameters" columns={['hyperparameter', 'start', RUN_NAMES.full, RUN_NAMES.mini, '']}>
      {rows.map((r) => (
        <tr key={r.label}>
          <th scope="row">{r.label}</th>
          <td>{r.start}</td>
          <td>{sig(r.pick('full'))}</td>
          <td>{sig(r.pick('mini'))}</td>
          <td className="note">{r.note}</td>
        </tr>
      ))}
    </FiguresTable>
  );
}
