// The sweep page's charts: ms per step and throughput against B, and time to target.

import { useMemo } from 'react';
import { LogLogChart } from '../../charts';
import type { AxisSpec, Series, TextNote } from '../../charts';
import { int, sig } from '../../format';
import type { SweepPoint } from '../../../workers/sweep/protocol';
import { bendOf, useSweepStore } from './sweepStore';

function seriesFrom(points: Record<string, SweepPoint[]>, pick: (p: SweepPoint) => number): Series[] {
  return Object.entries(points).map(([name, pts]) => ({ name, x: pts.map((p) => p.batch), y: pts.map(pick) }));
}

/** Names the flat and rising regions on the first backend's curve, once it has both. */
function regionNotes(points: Record<string, SweepPoint[]>): TextNote[] {
  const first = Object.values(points)[0];
  if (!first || first.length < 4) return [];
  const lo = first[0];
  const hi = first[first.length - 1];
  if (hi.msPerStep < 2 * lo.msPerStep) return [];
  return [
    { x: lo.batch * 2, y: lo.msPerStep * 0.7, text: 'flat: fixed costs rule' },
    { x: hi.batch / 2.5, y: hi.msPerStep * 1.15, text: 'rising: time ∝ B' },
  ];
}

interface BatchSizeChartProps {
  /** The full batch, marked on the axis. */
  readonly n: number;
  /** The figure of each measured point that the chart draws. */
  readonly pick: (p: SweepPoint) => number;
  readonly y: AxisSpec;
  /** Text to place on the chart, from the points measured so far. */
  readonly notesFor?: (points: Record<string, SweepPoint[]>) => TextNote[];
  readonly ariaLabel: string;
  readonly title: string;
}

/** One figure of the sweep against the batch size, one line per backend, the full batch marked. */
function BatchSizeChart({ n, pick, y, notesFor, ariaLabel, title }: BatchSizeChartProps) {
  const points = useSweepStore((s) => s.points);
  const series = useMemo(() => seriesFrom(points, pick), [points, pick]);
  const notes = useMemo(() => notesFor?.(points), [points, notesFor]);
  return <LogLogChart series={series} x={{ label: 'batch size B' }} y={y} markers={[{ x: n, label: 'full batch' }]} notes={notes} ariaLabel={ariaLabel} title={title} />;
}

const msPerStep = (p: SweepPoint) => p.msPerStep;
const pointsPerSecond = (p: SweepPoint) => p.pointsPerSecond;

export function MsPerStepChart({ n }: { n: number }) {
  return (
    <BatchSizeChart n={n} pick={msPerStep} y={{ label: 'time per step', unit: 'ms' }} notesFor={regionNotes} ariaLabel="Milliseconds per step against batch size, one line per backend" title="Time per step against batch size (log–log)" />
  );
}

export function ThroughputChart({ n }: { n: number }) {
  return (
    <BatchSizeChart n={n} pick={pointsPerSecond} y={{ label: 'throughput', unit: 'points/s' }} ariaLabel="Data points processed per second against batch size, one line per backend" title="Throughput against batch size" />
  );
}

export function SweepTable() {
  const points = useSweepStore((s) => s.points);
  const timed = useSweepStore((s) => s.timedSteps);
  const names = Object.keys(points);
  const batches = [...new Set(names.flatMap((n) => points[n].map((p) => p.batch)))].sort((a, b) => a - b);
  if (batches.length === 0) return null;
  return (
    <div>
      <table className="figures-table" aria-label="Milliseconds per step by batch size and backend">
        <thead>
          <tr>
            <th scope="col">B</th>
            {names.map((n) => (
              <th key={n} scope="col">
                {n} ms/step
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {batches.map((b) => (
            <tr key={b} data-batch={b}>
              <th scope="row">{b.toLocaleString('en-US')}</th>
              {names.map((n) => (
                <td key={n} data-backend={n}>
                  {sig(points[n].find((p) => p.batch === b)?.msPerStep ?? null)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {names.map((n) => (
        <p key={`time-${n}`} data-testid="sweep-timed" data-backend={n}>
          {n}: {int(points[n].length * timed)} timed steps in <strong data-figure="timed-seconds">{sig(points[n].reduce((s, p) => s + (p.msPerStep * timed) / 1000, 0))}</strong> s of training (each step counted until its loss was back).
        </p>
      ))}
      {names.map((n) => {
        const bend = bendOf(points[n]);
        return bend === null ? null : (
          <p key={n}>
            {n}: the step time stays within 1.5× of its fastest up to <strong>B = {bend.toLocaleString('en-US')}</strong>; that is the end of the flat region on this machine.
          </p>
        );
      })}
    </div>
  );
}

export function TimeToTargetChart() {
  const race = useSweepStore((s) => s.race);
  const backend = useSweepStore((s) => s.raceBackend);
  const reached = race.filter((p) => p.seconds !== null);
  const series: Series[] = [{ name: backend ?? 'time to target', x: reached.map((p) => p.batch), y: reached.map((p) => p.seconds as number) }];
  const best = reached.length ? reached.reduce((a, b) => ((a.seconds as number) <= (b.seconds as number) ? a : b)) : null;
  return (
    <div>
      <LogLogChart
        series={series}
        x={{ label: 'batch size B' }}
        y={{ label: 'training time to target', unit: 's' }}
        ariaLabel="Training time until the full bound reaches the target, against batch size"
        title="Time to reach the target bound"
      />
      {race.length ? (
        <table className="figures-table" aria-label="Time to target by batch size">
          <thead>
            <tr>
              <th scope="col">B</th>
              <th scope="col">time to target</th>
              <th scope="col">training time</th>
              <th scope="col">steps</th>
              <th scope="col">ms per step</th>
              <th scope="col">last bound per point</th>
            </tr>
          </thead>
          <tbody>
            {race.map((p) => (
              <tr key={p.batch} data-race-batch={p.batch}>
                <th scope="row">{p.batch.toLocaleString('en-US')}</th>
                <td>{p.seconds === null ? 'not reached' : `${sig(p.seconds)} s`}</td>
                <td data-figure="training-seconds">{sig(p.trainingSeconds)} s</td>
                <td data-figure="steps">{p.steps.toLocaleString('en-US')}</td>
                <td data-figure="ms-per-step">{p.steps > 0 ? sig((1000 * p.trainingSeconds) / p.steps) : '–'}</td>
                <td>{sig(p.finalPerPoint, 4)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {best ? (
        <p>
          Fastest to the target so far: <strong>B = {best.batch.toLocaleString('en-US')}</strong>, in {sig(best.seconds)} s of training.
        </p>
      ) : null}
    </div>
  );
}
