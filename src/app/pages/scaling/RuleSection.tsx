// Experiment 3: the linear scaling rule, its stability limit 2/L, and what warm-up does.

import { useMemo } from 'react';
import { SERIES_COLOURS } from '../../charts';
import { ParamFields } from '../../controls';
import { int, sig } from '../../format';
import { LayerChart } from './LayerChart';
import type { Layer, PointLabel } from './LayerChart';
import { rampColours } from './colours';
import { ExperimentPanel, WhereNote } from './common';
import { baseRateToBreak, largestStableK, limitK, runName, stoppedLabel, warmupVerdict } from './figures';
import { SCALING_SCHEMA, ksUpTo } from './schema';
import { epochTicks } from './ticks';
import type { SectionProps } from './section';
import { useScalingStore } from './scalingStore';
import type { RuleSlice } from './scalingStore';
import type { RuleRun } from '../../../workers/scaling/protocol';

export const RULE_CHART = 'Full loss against epoch for each pair of batch size kB and learning rate k eta';
export const BREAKDOWN_CHART = 'Final loss against k, with and without warm-up, and the stability limit';

const FIELDS = ['baseBatch', 'baseLearningRate', 'maxK', 'ruleEpochs', 'warmupEpochs', 'warmup'] as const;
const HINTS: Partial<Record<(typeof FIELDS)[number], string>> = {
  baseBatch: 'runs use k B',
  baseLearningRate: 'runs use k η; try 0.05 to see the rule break',
  maxK: 'k = 1, 2, 4, … up to this',
  warmupEpochs: 'from η to k η, linearly',
  warmup: 'both are always computed; this picks the curves drawn',
};

const lastOf = (xs: readonly number[]) => xs[xs.length - 1];
const list = (ks: readonly number[]) => ks.map((k) => `k = ${k}`).join(', ');

/** Where each diverged run was stopped: its last recorded loss, with a label. */
function stopPoints(runs: readonly RuleRun[], warmup: boolean): PointLabel[] {
  return runs
    .filter((r) => (warmup ? r.warmup : r.plain).diverged)
    .map((r) => {
      const v = warmup ? r.warmup : r.plain;
      return { x: v.losses.length - 1, y: lastOf(v.losses), text: `k=${r.k} stopped: ${stoppedLabel(v)}` };
    });
}

function BreakdownChart({ slice }: { slice: RuleSlice }) {
  const layers = useMemo((): Layer[] => {
    const pick = (warm: boolean, diverged: boolean) => {
      const rs = slice.runs.filter((r) => (warm ? r.warmup : r.plain).diverged === diverged);
      return { x: rs.map((r) => r.k), y: rs.map((r) => lastOf((warm ? r.warmup : r.plain).losses)) };
    };
    return [
      { name: 'constant rate', ...pick(false, false), mark: 'dots', colour: SERIES_COLOURS[0] },
      { name: `warm-up over ${slice.warmupEpochs} epochs`, ...pick(true, false), mark: 'rings', colour: SERIES_COLOURS[1] },
      { name: 'constant rate, diverged (loss when stopped)', ...pick(false, true), mark: 'crosses', colour: SERIES_COLOURS[0] },
      { name: 'warm-up, diverged (loss when stopped)', ...pick(true, true), mark: 'crosses', colour: SERIES_COLOURS[1] },
    ];
  }, [slice.runs, slice.warmupEpochs]);
  const start = slice.start;
  const rules = start ? [{ x: limitK(start.stabilityLimit, slice.baseLearningRate), label: `k η = 2/L (k ≈ ${sig(limitK(start.stabilityLimit, slice.baseLearningRate), 3)})` }] : [];
  return (
    <LayerChart
      layers={layers}
      rules={rules}
      x={{ label: 'k (batch k B, rate k η)', type: 'log' }}
      xTicks={slice.start?.runs.map((r) => r.k)}
      y={{ label: `full loss after ${slice.epochs} epochs`, type: 'log' }}
      ariaLabel={BREAKDOWN_CHART}
      title="Where the rule breaks: final loss against k"
      height={300}
      legend={
        <>
          <span style={{ color: SERIES_COLOURS[0] }}>●</span> constant rate k η <span style={{ color: SERIES_COLOURS[1] }}>○</span> linear warm-up over{' '}
          {slice.warmupEpochs} epochs <span className="legend-cross">✕</span> diverged: the loss when the run was stopped
        </>
      }
    />
  );
}

function Verdict({ slice, maxK, rerunWith }: { slice: RuleSlice; maxK: number; rerunWith: (baseLr: number) => void }) {
  const start = slice.start;
  if (!start || slice.status !== 'done') return null;
  const limit = start.stabilityLimit;
  const eta = slice.baseLearningRate;
  const above = start.runs.filter((r) => r.aboveStabilityLimit).map((r) => r.k);
  const stable = largestStableK(start.runs, limit);
  const largestRate = Math.max(...start.runs.map((r) => r.learningRate));
  const plainDiverged = slice.runs.filter((r) => r.plain.diverged);
  const verdicts = slice.runs.map((r) => ({ r, v: warmupVerdict(r.plain, r.warmup) }));
  const rescued = verdicts.filter((x) => x.v === 'rescued');
  const postponed = verdicts.filter((x) => x.v === 'postponed');
  const notHelped = verdicts.filter((x) => x.v === 'not helped');
  const belowButDiverged = plainDiverged.filter((r) => !r.aboveStabilityLimit);
  const suggestion = baseRateToBreak(limit, maxK);
  return (
    <div className="verdict" data-testid="rule-verdict">
      {above.length === 0 ? (
        <p>
          <strong>No run reaches the limit.</strong> The largest rate here is k η = {sig(largestRate)}, below 2/L = {sig(limit, 4)}; that would take k ≈{' '}
          {sig(limitK(limit, eta), 3)}. {plainDiverged.length === 0 ? 'Nothing diverges, so warm-up has nothing to rescue: all it does here is slow the first epochs of the larger k. ' : ''}
          The curves part only because one big step makes more progress than k small ones when k η L is no longer small. To find the break-down point, raise the base learning
          rate: with η = {sig(suggestion)} the k = {maxK} run has k η = {sig(suggestion * maxK)}, past the limit.{' '}
          {suggestion !== eta ? (
            <button type="button" className="button" onClick={() => rerunWith(suggestion)}>
              Run again with η = {sig(suggestion)}
            </button>
          ) : null}
        </p>
      ) : (
        <p>
          <strong>
            Break-down point: {stable === null ? 'no k of this set is below the limit' : `k = ${stable} is the largest k here with k η below 2/L`}.
          </strong>{' '}
          From k = {above[0]} on, k η ≥ 2/L = {sig(limit, 4)}. Without warm-up,{' '}
          {plainDiverged.length ? `${list(plainDiverged.map((r) => r.k))} diverged and ${plainDiverged.length > 1 ? 'were' : 'was'} stopped` : `no run diverged within ${slice.epochs} epochs`}
          {above.some((k) => !plainDiverged.some((r) => r.k === k)) && plainDiverged.length
            ? ` (${list(above.filter((k) => !plainDiverged.some((r) => r.k === k)))} grew too slowly to be stopped in ${slice.epochs} epochs)`
            : ''}
          . With warm-up over {slice.warmupEpochs} epochs:{' '}
          {rescued.length
            ? `${list(rescued.map((x) => x.r.k))} finished without diverging${rescued.some((x) => x.r.aboveStabilityLimit) ? ', but only because the run ended first: above 2/L the divergence is merely delayed' : ''}; `
            : 'no run was rescued; '}
          {postponed.length
            ? `${postponed.map((x) => `k = ${x.r.k} diverged in epoch ${x.r.warmup.divergedAtEpoch} instead of ${x.r.plain.divergedAtEpoch}`).join(', ')}`
            : ''}
          {notHelped.length ? `${postponed.length ? '; ' : ''}${list(notHelped.map((x) => x.r.k))} diverged as early as without it` : ''}.
        </p>
      )}
      {belowButDiverged.length ? (
        <p>
          {list(belowButDiverged.map((r) => r.k))} diverged although k η &lt; 2/L: a mini-batch&apos;s own curvature can exceed the full-data L.
        </p>
      ) : null}
      <p>
        Why warm-up cannot help here: this loss has the same curvature at every θ, so once the rate passes 2/L the error along the steepest direction is multiplied by |1 − k η L| &gt; 1
        at every step, and warm-up only decides when that starts. In deep networks the curvature is highest early in training and falls as the weights settle, so a rate
        that is too large at the start becomes safe a few epochs later; warm-up bridges exactly that gap.
      </p>
    </div>
  );
}

export function RuleSection({ values, setParams, blocked, onRun, onRunWith }: SectionProps) {
  const slice = useScalingStore((s) => s.rule);
  const names = useMemo(() => (slice.start ? slice.start.runs.map((r) => runName(r.k, r.batch, r.learningRate)) : []), [slice.start]);
  const colours = useMemo(() => rampColours(names), [names]);
  const stops = useMemo(() => stopPoints(slice.runs, values.warmup), [slice.runs, values.warmup]);
  const stopLayer = useMemo(
    (): Layer[] => [{ name: 'stopped: diverged', x: stops.map((s) => s.x), y: stops.map((s) => s.y), mark: 'crosses', colour: '#b3261e' }],
    [stops],
  );
  const start = slice.start;
  const runByK = new Map(slice.runs.map((r) => [r.k, r]));
  const plannedK = ksUpTo(values.maxK);
  return (
    <div>
      <ExperimentPanel
        settingsLabel="Experiment 3 settings"
        error={slice.error}
        id="rule"
        label={`Run k = 1 to ${plannedK[plannedK.length - 1]}, with and without warm-up`}
        status={slice.status}
        blocked={blocked}
        onRun={onRun}
        seconds={slice.placement?.seconds}
      >
        <ParamFields schema={SCALING_SCHEMA} names={FIELDS} values={values} onChange={setParams} hints={HINTS} />
      </ExperimentPanel>
      {start ? (
        <p className="figures">
          L = λ<sub>max</sub>(XᵀX/N) = <strong data-figure="smoothness">{sig(start.smoothness, 4)}</strong>, so the stability limit is 2/L ={' '}
          <strong data-figure="stability-limit">{sig(start.stabilityLimit, 4)}</strong>; with η = {sig(slice.baseLearningRate)} it is reached at k ≈{' '}
          {sig(limitK(start.stabilityLimit, slice.baseLearningRate), 3)}.
        </p>
      ) : null}
      <LayerChart
        live={values.warmup ? slice.warm : slice.plain}
        liveColours={colours}
        layers={stopLayer}
        labels={stops}
        x={{ label: 'epoch' }}
        xTicks={epochTicks(slice.epochs || values.ruleEpochs)}
        y={{ label: 'full loss F(θ)', type: 'log' }}
        height={380}
        ariaLabel={RULE_CHART}
        title={values.warmup ? `Loss against epochs, with linear warm-up over the first ${slice.warmupEpochs || values.warmupEpochs} epochs` : 'Loss against epochs, constant rate k η'}
      />
      <BreakdownChart slice={slice} />
      <Verdict slice={slice} maxK={Number(values.maxK)} rerunWith={(v) => onRunWith({ baseLearningRate: v })} />
      {start ? (
        <>
          <table className="figures-table scaling-table" aria-label="Scaling-rule runs">
            <thead>
              <tr>
                <th scope="col" rowSpan={2}>
                  k
                </th>
                <th scope="col" rowSpan={2}>
                  B
                </th>
                <th scope="col" rowSpan={2}>
                  η
                </th>
                <th scope="col" rowSpan={2}>
                  updates per epoch
                </th>
                <th scope="col" rowSpan={2}>
                  k η vs 2/L
                </th>
                <th scope="colgroup" colSpan={2}>
                  loss after epoch 1
                </th>
                <th scope="colgroup" colSpan={2}>
                  loss after epoch {slice.epochs}
                </th>
                <th scope="col" rowSpan={2}>
                  what warm-up did
                </th>
              </tr>
              <tr>
                <th scope="col">constant</th>
                <th scope="col">warm-up</th>
                <th scope="col">constant</th>
                <th scope="col">warm-up</th>
              </tr>
            </thead>
            <tbody>
              {start.runs.map((s) => {
                const r = runByK.get(s.k);
                const cell = (v: RuleRun['plain'] | undefined, epoch: number | null) =>
                  !v ? '–' : epoch === null ? (v.diverged ? `✕ epoch ${v.divergedAtEpoch ?? '?'}` : sig(v.finalLoss, 4)) : v.losses.length > epoch ? sig(v.losses[epoch], 3) : '✕';
                return (
                  <tr key={s.k} data-k={s.k} className={s.aboveStabilityLimit ? 'above-limit' : undefined}>
                    <th scope="row">{s.k}</th>
                    <td>{int(s.batch)}</td>
                    <td>{sig(s.learningRate, 3)}</td>
                    <td>{int(s.stepsPerEpoch)}</td>
                    <td>{s.aboveStabilityLimit ? 'above' : 'below'}</td>
                    <td>{cell(r?.plain, 1)}</td>
                    <td>{cell(r?.warmup, 1)}</td>
                    <td>{cell(r?.plain, null)}</td>
                    <td>{cell(r?.warmup, null)}</td>
                    <td className="note">{r ? warmupVerdict(r.plain, r.warmup) : '–'}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <p className="where-note">✕ epoch e: the loss blew up in epoch e and the run was stopped there. Rows in orange have k η ≥ 2/L.</p>
        </>
      ) : null}
      <WhereNote placement={slice.placement} how="typed arrays, whatever backend the page uses" />
    </div>
  );
}
