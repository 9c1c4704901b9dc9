// The data: the three sets drawn by class, a button for fresh moons, and bring-your-own data.

import * as Plot from '@observablehq/plot';
import { useMemo } from 'react';
import { PlotFigure } from '../../charts';
import type { BnnSplit } from '../../../workers/bnn/protocol';
import { OwnDataInput } from '../../components/OwnDataInput';
import { parseBnnCsv } from './csvData';
import { useBnnStore, type BnnState } from './bnnStore';

const chartStyle = { fontSize: '15px', fontFamily: 'inherit', overflow: 'visible' } as const;
export const CLASS_COLOURS = ['#0072b2', '#d55e00'] as const;
const SETS = [
  { key: 'train', label: 'training', symbol: 'circle', fill: true },
  { key: 'val', label: 'validation', symbol: 'triangle', fill: false },
  { key: 'test', label: 'test', symbol: 'square', fill: false },
] as const;

interface Row {
  x: number;
  y: number;
  label: number;
  set: string;
}

function rowsOf(split: BnnSplit): Row[] {
  const rows: Row[] = [];
  for (const s of SETS) {
    const d = split[s.key];
    for (let i = 0; i < d.n; i++) rows.push({ x: d.x[2 * i], y: d.x[2 * i + 1], label: d.y[i], set: s.label });
  }
  return rows;
}

function Scatter({ split }: { split: BnnSplit }) {
  const rows = useMemo(() => rowsOf(split), [split]);
  const build = (available: number): Element => {
    const width = Math.min(available, 620);
    return Plot.plot({
      width,
      aspectRatio: 1,
      marginLeft: 52,
      marginBottom: 44,
      style: chartStyle,
      x: { label: 'x₁', labelAnchor: 'center', labelArrow: 'none', grid: true },
      y: { label: 'x₂', labelAnchor: 'center', labelArrow: 'none', grid: true },
      color: { domain: [0, 1], range: [...CLASS_COLOURS], type: 'categorical' },
      symbol: { domain: SETS.map((s) => s.label), range: SETS.map((s) => s.symbol), legend: true },
      marks: [
        Plot.frame({ stroke: '#c8ccd2' }),
        ...SETS.map((s) =>
          Plot.dot(
            rows.filter((r) => r.set === s.label),
            s.fill
              ? { x: 'x', y: 'y', symbol: 'set', fill: 'label', r: 2.6, fillOpacity: 0.75 }
              : { x: 'x', y: 'y', symbol: 'set', stroke: 'label', r: 3, strokeWidth: 1.1 },
          ),
        ),
      ],
    });
  };
  return (
    <figure className="chart">
      <figcaption className="chart-title">
        The data by class (<span style={{ color: CLASS_COLOURS[0] }}>label 0</span>, <span style={{ color: CLASS_COLOURS[1] }}>label 1</span>) and by set
      </figcaption>
      <PlotFigure build={build} ariaLabel="Scatter plot of the data by class and set" minHeight={420} />
    </figure>
  );
}

/** A CSV file's labelled points as the learner's own data. */
const parseOwn = (text: string, name: string) => ({ name, data: parseBnnCsv(text) });
const updateStore = (patch: Partial<BnnState>): void => useBnnStore.getState().update(patch);

export function BnnData({ dataSeed, onNewData }: { dataSeed: number; onNewData: () => void }) {
  const split = useBnnStore((s) => s.split);
  const own = useBnnStore((s) => s.own);
  const csvError = useBnnStore((s) => s.csvError);
  return (
    <div>
      <div className="run-line">
        <button type="button" className="button" onClick={onNewData} disabled={own !== null}>
          New data
        </button>
        <span className="data-note" data-testid="data-summary">
          {split
            ? `${own ? `${own.name}` : `Two moons, data seed ${dataSeed}`}: ${split.train.n.toLocaleString('en-US')} training, ${split.val.n.toLocaleString('en-US')} validation and ${split.test.n.toLocaleString('en-US')} test points.`
            : 'Drawing the data…'}
        </span>
      </div>
      {split ? <Scatter split={split} /> : null}
      <OwnDataInput header="x1,x2,label" example={'x1,x2,label\n0.53,-0.31,1\n-0.88,0.42,0\n1.74,-0.05,1'} own={own} error={csvError} rows={(d) => d.data.n} parse={parseOwn} update={updateStore} />
    </div>
  );
}
