// Experiment 4: gradient accumulation against one big batch, on the chosen backend and on the CPU
// in the other precision.

import { useMemo } from 'react';
import { SERIES_COLOURS } from '../../charts';
import { ParamFields } from '../../controls';
import { int, sig } from '../../format';
import { LayerChart } from './LayerChart';
import type { Layer } from './LayerChart';
import { ExperimentPanel, backendName } from './common';
import { exponential } from './figures';
import { SCALING_SCHEMA } from './schema';
import type { SectionProps } from './section';
import { useScalingStore } from './scalingStore';
import type { AccumulationEvent } from '../../../workers/scaling/protocol';

export const ACCUMULATION_CHART = 'Largest difference between the accumulated and the one-batch gradient against the number of micro-batches K';

/** Unit roundoff of each precision: the scale rounding errors are measured in. */
const EPSILON = { f32: 2 ** -23, f64: 2 ** -52 } as const;
const PRECISION = { f32: 'float32', f64: 'float64' } as const;
const ACCUMULATION_FIELDS = ['micro', 'microBatch'] as const;
const ACCUMULATION_HINTS = { micro: 'printed in detail; the chart also tries 2 to 64', microBatch: 'the big batch has K b points' };

function byLabel(events: readonly AccumulationEvent[]): Map<string, AccumulationEvent[]> {
  const out = new Map<string, AccumulationEvent[]>();
  for (const e of events) out.set(e.label, [...(out.get(e.label) ?? []), e]);
  return out;
}

export function AccumulationSection({ values, setParams, blocked, onRun }: SectionProps) {
  const slice = useScalingStore((s) => s.accumulation);
  const groups = useMemo(() => byLabel(slice.events), [slice.events]);
  const layers = useMemo((): Layer[] => {
    const out: Layer[] = [];
    let i = 0;
    for (const [label, es] of groups) {
      out.push({ name: label, x: es.map((e) => e.point.micro), y: es.map((e) => e.point.maxAbsDifference), mark: 'line+dots', colour: SERIES_COLOURS[i] });
      i++;
    }
    i = 0;
    for (const [, es] of groups) {
      const dtype = es[0].point.dtype;
      const scale = Math.max(...es.map((e) => e.point.maxAbsGradient));
      const xs = es.map((e) => e.point.micro);
      out.push({ name: `ε × max|g|, ${PRECISION[dtype]}`, x: xs, y: xs.map(() => EPSILON[dtype] * scale), mark: 'dashed', colour: SERIES_COLOURS[i] });
      i++;
    }
    return out;
  }, [groups]);
  const chosen = [...groups.values()].map((es) => es.find((e) => e.point.micro === slice.micro)).filter((e): e is AccumulationEvent => e !== undefined);
  const detail = chosen.find((e) => e.chosen) ?? null;
  return (
    <div>
      <ExperimentPanel
        settingsLabel="Experiment 4 settings"
        error={slice.error}
        id="accumulation"
        label="Compare accumulated and one-batch gradients"
        status={slice.status}
        blocked={blocked}
        onRun={onRun}
        seconds={slice.placements.length ? slice.placements.reduce((s, p) => s + p.seconds, 0) : null}
      >
        <ParamFields schema={SCALING_SCHEMA} names={ACCUMULATION_FIELDS} values={values} onChange={setParams} hints={ACCUMULATION_HINTS} />
      </ExperimentPanel>
      <LayerChart
        layers={layers}
        x={{ label: 'micro-batches K (big batch K b)', type: 'log' }}
        xTicks={[...new Set(slice.events.map((e) => e.point.micro))].sort((a, b) => a - b)}
        y={{ label: 'largest |one batch − accumulated|', type: 'log' }}
        ariaLabel={ACCUMULATION_CHART}
        title="Accumulation against one big batch: the difference is rounding"
        height={300}
      />
      {chosen.length ? (
        <table className="figures-table scaling-table" aria-label="Agreement of accumulated and one-batch gradients">
          <thead>
            <tr>
              <th scope="col">computed on</th>
              <th scope="col">K × b</th>
              <th scope="col">largest |difference|</th>
              <th scope="col">largest |gradient|</th>
              <th scope="col">in rounding units</th>
            </tr>
          </thead>
          <tbody>
            {chosen.map((e) => (
              <tr key={e.label} data-precision={e.point.dtype}>
                <th scope="row">
                  {e.label}
                  {e.chosen ? ' (the page’s backend)' : ''}
                </th>
                <td>
                  {e.point.micro} × {e.point.microBatch} = {int(e.point.batch)}
                </td>
                <td data-figure={`acc-${e.point.dtype}`}>{exponential(e.point.maxAbsDifference)}</td>
                <td>{sig(e.point.maxAbsGradient, 4)}</td>
                <td>{sig(e.point.maxAbsDifference / (EPSILON[e.point.dtype] * e.point.maxAbsGradient), 2)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {chosen.length ? (
        <p className="figures" data-testid="accumulation-verdict">
          {chosen
            .map(
              (e) =>
                `${PRECISION[e.point.dtype]}: the two gradients differ by at most ${exponential(e.point.maxAbsDifference)}, ${
                  e.point.maxAbsDifference === 0 ? 'not at all' : `about ${sig(e.point.maxAbsDifference / (EPSILON[e.point.dtype] * e.point.maxAbsGradient), 2)} rounding units of the largest entry`
                }${e.point.dtype === 'f32' ? (e.point.maxAbsDifference < 1e-5 ? ' (below 1e−5)' : ' (NOT below 1e−5)') : ''}`,
            )
            .join('; ')}
          . The same numbers, added in a different order. (A rounding unit is ε times the largest gradient entry, with ε = 2⁻⁵² in float64 and 2⁻²³ in float32:
          roughly the spacing of representable numbers near that entry.)
        </p>
      ) : null}
      {detail ? (
        <details>
          <summary>The two gradients at K = {detail.point.micro} ({detail.label})</summary>
          <table className="figures-table scaling-table" aria-label="Gradient components, one batch and accumulated">
            <thead>
              <tr>
                <th scope="col">component</th>
                <th scope="col">one batch of {int(detail.point.batch)}</th>
                <th scope="col">
                  {detail.point.micro} micro-batches, each ÷ {detail.point.micro}
                </th>
              </tr>
            </thead>
            <tbody>
              {detail.point.oneShot.map((g, j) => (
                <tr key={j}>
                  <th scope="row">∂F/∂θ{j + 1}</th>
                  <td>{g.toPrecision(17)}</td>
                  <td>{detail.point.accumulated[j].toPrecision(17)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      ) : null}
      {slice.placements.length ? (
        <p className="where-note">
          Computed in a background worker with the engine&apos;s tensors and automatic differentiation:{' '}
          {slice.placements.map((p, i) => `${i === 0 ? 'first on the page’s backend, ' : 'then on '}${backendName(p)} (${sig(p.seconds)} s)`).join('; ')}.
        </p>
      ) : null}
    </div>
  );
}
