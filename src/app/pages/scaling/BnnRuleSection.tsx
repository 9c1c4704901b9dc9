// Beyond the source: the linear scaling rule on the Bayesian neural network's ELBO.

import { useMemo } from 'react';
import { LayerChart } from './LayerChart';
import { ParamFields } from '../../controls';
import { int, sig } from '../../format';
import { rampColours } from './colours';
import { ExperimentPanel, WhereNote } from './common';
import { ruleReach, runName, stoppedLabel } from './figures';
import { SCALING_SCHEMA } from './schema';
import { epochTicks } from './ticks';
import type { SectionProps } from './section';
import { useScalingStore } from './scalingStore';
import type { BnnSlice } from './scalingStore';

export const BNN_CHART = 'Negative ELBO per training point against epoch for each pair of batch size kB and learning rate k eta';

const FIELDS = ['bnnB', 'bnnLr', 'bnnOpt', 'bnnMaxK', 'bnnEpochs', 'bnnWarmup', 'bnnGrow'] as const;
const HINTS: Partial<Record<(typeof FIELDS)[number], string>> = {
  bnnB: 'of the 980 training points',
  bnnLr: 'SGD: try 0.05 to 0.2; Adam: try 0.005',
  bnnOpt: 'sgd: plain steps, as the rule assumes',
  bnnGrow: 'k draws for the run with k, instead of one',
  bnnWarmup: '0 for none; from η to k η, linearly',
};

const TOLERANCE = 0.1;

function Summary({ slice }: { slice: BnnSlice }) {
  if (slice.runs.length === 0) return null;
  const reach = ruleReach(slice.runs, TOLERANCE);
  const diverged = slice.runs.filter((r) => r.diverged);
  const planned = slice.start?.runs.length ?? 0;
  const unfinished = slice.status === 'stopped' && slice.runs.filter((r) => r.tailMean !== null || r.diverged).length < planned;
  return (
    <p className="figures" data-testid="bnn-verdict">
      {reach === null ? (
        'The k = 1 run has not finished, so there is nothing to compare with yet. '
      ) : (
        <>
          Over the last quarter of the epochs, every run up to <strong data-figure="bnn-holds">k = {reach.holdsUpTo}</strong> ends within {TOLERANCE * 100}% of the k = 1
          run{reach.partsAt !== null ? `; from k = ${reach.partsAt} the curves part` : ''}
          {unfinished ? ' (the experiment was stopped before every run finished)' : ''}.{' '}
        </>
      )}
      {diverged.length ? `${diverged.map((r) => `k = ${r.k}`).join(', ')} ${diverged.length > 1 ? 'were' : 'was'} stopped: the loss blew up. ` : ''}
      One seed and one set of batches: rerun with another seed before reading much into a small difference.
    </p>
  );
}

export function BnnRuleSection({ values, setParams, blocked, onRun, onStop, onPause, onResume }: SectionProps & { onStop: () => void; onPause: () => void; onResume: () => void }) {
  const slice = useScalingStore((s) => s.bnn);
  const start = slice.start;
  const names = useMemo(() => (start ? start.runs.map((r) => runName(r.k, r.batch, r.learningRate)) : []), [start]);
  const colours = useMemo(() => rampColours(names), [names]);
  const base = slice.runs.find((r) => r.k === 1)?.tailMean ?? null;
  const setting = start && slice.current ? start.runs.find((r) => r.k === slice.current?.k) : undefined;
  const progress = slice.current && setting ? `k = ${setting.k} (B = ${setting.batch}, η = ${sig(setting.learningRate)}), epoch ${slice.current.epoch} of ${slice.epochs}` : null;
  return (
    <div>
      <ExperimentPanel
        settingsLabel="Bayesian network experiment settings"
        error={slice.error}
        id="bnn"
        label="Train the network for every k"
        status={slice.status}
        blocked={blocked}
        onRun={onRun}
        seconds={slice.placement?.seconds}
        progress={progress}
        extra={
          <>
            {slice.status === 'paused' ? (
              <button type="button" className="button" onClick={onResume}>
                Resume
              </button>
            ) : (
              <button type="button" className="button" disabled={slice.status !== 'running'} onClick={onPause}>
                Pause
              </button>
            )}
            <button type="button" className="button" disabled={slice.status !== 'running' && slice.status !== 'paused'} onClick={onStop}>
              Stop
            </button>
          </>
        }
      >
        <ParamFields schema={SCALING_SCHEMA} names={FIELDS} values={values} onChange={setParams} hints={HINTS} />
      </ExperimentPanel>
      <LayerChart
        live={slice.loss}
        liveColours={colours}
        x={{ label: 'epoch' }}
        xTicks={epochTicks(slice.epochs || values.bnnEpochs)}
        y={{ label: '−ELBO per training point' }}
        height={380}
        ariaLabel={BNN_CHART}
        title={`Bayesian network: −ELBO per point against epochs (${slice.optimizer === 'adam' ? 'Adam' : 'SGD'}, ${start ? `${start.nTrain} training points` : 'two moons'})`}
      />
      <Summary slice={slice} />
      {start ? (
        <table className="figures-table scaling-table" aria-label="Bayesian network runs">
          <thead>
            <tr>
              <th scope="col">k</th>
              <th scope="col">B</th>
              <th scope="col">η</th>
              <th scope="col">weight draws</th>
              <th scope="col">updates / epoch</th>
              <th scope="col">ms / update</th>
              <th scope="col">−ELBO/N, last quarter</th>
              <th scope="col">vs k = 1</th>
            </tr>
          </thead>
          <tbody>
            {start.runs.map((s) => {
              const r = slice.runs.find((x) => x.k === s.k);
              return (
                <tr key={s.k} data-k={s.k}>
                  <th scope="row">{s.k}</th>
                  <td>{int(s.batch)}</td>
                  <td>{sig(s.learningRate, 3)}</td>
                  <td>{s.particles}</td>
                  <td>{int(s.stepsPerEpoch)}</td>
                  <td>{r && r.steps > 0 ? sig((1000 * r.seconds) / r.steps, 3) : '–'}</td>
                  <td>{!r ? '–' : r.diverged ? stoppedLabel(r) : r.tailMean === null ? 'stopped' : sig(r.tailMean, 4)}</td>
                  <td>
                    {s.k === 1 && r && r.tailMean !== null
                      ? 'reference'
                      : r && r.tailMean !== null && base !== null
                        ? `${r.tailMean >= base ? '+' : '−'}${sig(Math.abs(100 * (r.tailMean / base - 1)), 2)}%`
                        : '–'}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
      <WhereNote
        placement={slice.placement}
        how={`engine tensors with automatic differentiation; the loss after each epoch averages 16 fixed draws of the weights${start ? `, over ${start.parameters} guide parameters` : ''}`}
      />
    </div>
  );
}
