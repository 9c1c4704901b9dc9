// Experiment 1: gradient variance against the batch size, with the sigma^2/B line and the fitted slope.

import { useMemo } from 'react';
import { ParamFields } from '../../controls';
import { SERIES_COLOURS } from '../../charts';
import { sig } from '../../format';
import { LayerChart } from './LayerChart';
import type { Layer } from './LayerChart';
import { ExperimentPanel, WhereNote } from './common';
import { logLogSlope } from './figures';
import { SCALING_SCHEMA, varianceBatchSizes } from './schema';
import type { SectionProps } from './section';
import { useScalingStore } from './scalingStore';

export const VARIANCE_CHART = 'Gradient variance against batch size on log-log axes, measured points and the sigma squared over B line';

export function VarianceSection({ values, setParams, blocked, onRun }: SectionProps) {
  const slice = useScalingStore((s) => s.variance);
  const { points, result } = slice;
  const slope = result?.slope ?? logLogSlope(points.map((p) => p.batch), points.map((p) => p.variance));
  const sigma2 = points[0]?.traceCovariance ?? null;
  const layers = useMemo((): Layer[] => {
    const sizes = varianceBatchSizes(values.n);
    const planned = points.length ? sizes : [];
    return [
      { name: 'measured E‖g_B − ∇F‖²', x: points.map((p) => p.batch), y: points.map((p) => p.variance), mark: 'dots', colour: SERIES_COLOURS[0] },
      { name: 'σ²/B', x: planned, y: planned.map((b) => (sigma2 ?? NaN) / b), mark: 'dashed', colour: '#3b3f45' },
    ];
  }, [points, sigma2, values.n]);
  const fields = ['n', 'seed', 'batchesPerSize'] as const;
  const hints: Record<(typeof fields)[number], string> = {
    n: 'shared by experiments 1 to 4',
    seed: 'data and every shuffle; shared by all experiments',
    batchesPerSize: 'averaged for each B',
  };
  return (
    <div>
      <ExperimentPanel settingsLabel="Experiment 1 settings" error={slice.error} id="variance" label="Measure the gradient variance" status={slice.status} blocked={blocked} onRun={onRun} seconds={slice.placement?.seconds}>
        <ParamFields schema={SCALING_SCHEMA} names={fields} values={values} onChange={setParams} hints={hints} />
      </ExperimentPanel>
      <LayerChart
        layers={layers}
        x={{ label: 'batch size B', type: 'log' }}
        xTicks={varianceBatchSizes(values.n)}
        y={{ label: 'E‖g_B − ∇F‖² at θ = 0', type: 'log' }}
        ariaLabel={VARIANCE_CHART}
        title="Gradient variance against batch size (log–log)"
      />
      <p className="figures">
        Fitted slope of ln V against ln B:{' '}
        <strong data-figure="slope">{slope === null ? '–' : slope.toFixed(3).replace('-', '−')}</strong>
        {points.length ? ` from ${points.length} batch size${points.length > 1 ? 's' : ''}` : ''} (the σ²/B law says −1).{' '}
        {sigma2 !== null ? (
          <>
            σ² = tr Σ = <strong data-figure="sigma2">{sig(sigma2, 4)}</strong>, the variance of one example&apos;s gradient at θ = 0.
          </>
        ) : null}
      </p>
      {points.length ? (
        <details>
          <summary>The measured values</summary>
          <table className="figures-table scaling-table" aria-label="Measured gradient variance by batch size">
            <thead>
              <tr>
                <th scope="col">B</th>
                <th scope="col">measured</th>
                <th scope="col">σ²/B</th>
                <th scope="col">exact, with (N − B)/(N − 1)</th>
                <th scope="col">measured / exact</th>
              </tr>
            </thead>
            <tbody>
              {points.map((p) => (
                <tr key={p.batch}>
                  <th scope="row">{p.batch.toLocaleString('en-US')}</th>
                  <td>{sig(p.variance, 4)}</td>
                  <td>{sig(p.traceCovariance / p.batch, 4)}</td>
                  <td>{sig(p.theory, 4)}</td>
                  <td>{sig(p.variance / p.theory, 3)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      ) : null}
      <WhereNote placement={slice.placement} how="typed arrays, whatever backend the page uses" />
    </div>
  );
}
