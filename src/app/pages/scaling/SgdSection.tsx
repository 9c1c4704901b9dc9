// Experiment 2: plain mini-batch SGD for three batch sizes, and where each ends.

import { LayerChart } from './LayerChart';
import { epochTicks } from './ticks';
import { ParamFields } from '../../controls';
import { int, sig } from '../../format';
import { ExperimentPanel, WhereNote } from './common';
import { SCALING_SCHEMA, SGD_BATCHES } from './schema';
import type { SectionProps } from './section';
import { useScalingStore } from './scalingStore';

export const SGD_LOSS_CHART = 'Full loss against epoch for mini-batch SGD with three batch sizes';
export const SGD_ERROR_CHART = 'Distance to the true coefficients against epoch for three batch sizes';

const SGD_FIELDS = ['sgdLearningRate', 'sgdEpochs'] as const;
const SGD_HINTS = { sgdLearningRate: 'the same for every batch size' };

export function SgdSection({ values, setParams, blocked, onRun }: SectionProps) {
  const slice = useScalingStore((s) => s.sgd);
  const n = values.n;
  return (
    <div>
      <ExperimentPanel settingsLabel="Experiment 2 settings" error={slice.error} id="sgd" label={`Train with B = ${SGD_BATCHES.join(', ')}`} status={slice.status} blocked={blocked} onRun={onRun} seconds={slice.placement?.seconds}>
        <ParamFields schema={SCALING_SCHEMA} names={SGD_FIELDS} values={values} onChange={setParams} hints={SGD_HINTS} />
      </ExperimentPanel>
      <div className="chart-row">
        {[
          { live: slice.loss, yLabel: 'full loss F(θ)', ariaLabel: SGD_LOSS_CHART, title: 'Loss against epochs' },
          { live: slice.distance, yLabel: '‖θ − θ_true‖', ariaLabel: SGD_ERROR_CHART, title: 'Parameter error against epochs' },
        ].map((c) => (
          // Both against the epoch, one layer per batch size.
          <LayerChart key={c.title} live={c.live} x={{ label: 'epoch' }} xTicks={epochTicks(values.sgdEpochs)} y={{ label: c.yLabel, type: 'log' }} ariaLabel={c.ariaLabel} title={c.title} />
        ))}
      </div>
      <table className="figures-table scaling-table" aria-label="Final parameter error by batch size">
        <thead>
          <tr>
            <th scope="col">batch size</th>
            <th scope="col">updates per epoch</th>
            <th scope="col">updates in all</th>
            <th scope="col">final loss</th>
            <th scope="col">final ‖θ − θ_true‖</th>
          </tr>
        </thead>
        <tbody>
          {SGD_BATCHES.map((b) => {
            const run = slice.runs.find((r) => r.batch === b);
            return (
              <tr key={b} data-sgd-batch={b}>
                <th scope="row">B = {b}</th>
                <td>{int(Math.ceil(n / b))}</td>
                <td>{run ? int(run.steps) : '–'}</td>
                <td>{run ? (run.diverged ? '–' : sig(run.losses[run.losses.length - 1], 4)) : '–'}</td>
                <td data-figure="final-error">{run ? (run.diverged ? `stopped: diverged after ${int(run.steps)} updates` : sig(run.finalError, 3)) : '–'}</td>
              </tr>
            );
          })}
          <tr>
            <th scope="row">exact least squares</th>
            <td colSpan={3} className="note">
              the best any run can do on these data
            </td>
            <td data-figure="least-squares">{sig(slice.result?.leastSquaresError ?? null, 3)}</td>
          </tr>
        </tbody>
      </table>
      <WhereNote placement={slice.placement} how="typed arrays, whatever backend the page uses" />
    </div>
  );
}
