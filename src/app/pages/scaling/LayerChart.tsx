// The scaling page's charts: named layers, each drawn its own way (measured dots, lines with
// dots for runs that grow epoch by epoch, a dashed reference line, crosses for runs that were
// stopped), on axes whose log ticks are labelled as plain numbers or powers of ten.

import * as Plot from '@observablehq/plot';
import { memo } from 'react';
import type { ReactNode } from 'react';
import { PlotFigure, SERIES_COLOURS, axisLabel, readLive } from '../../charts';
import { sourcesOf } from '../../charts/live';
import type { DataSource, Series, XAxis, YAxis } from '../../charts';
import { CHART_FONT_PX } from '../../charts/axes';
import { formatTick, logDomain, logTicks } from './ticks';

export type LayerMark = 'dots' | 'line+dots' | 'dashed' | 'rings' | 'crosses';

export interface Layer {
  readonly name: string;
  readonly x: ArrayLike<number>;
  readonly y: ArrayLike<number>;
  readonly mark: LayerMark;
  readonly colour: string;
}

export interface VerticalRule {
  readonly x: number;
  readonly label: string;
}

export interface PointLabel {
  readonly x: number;
  readonly y: number;
  readonly text: string;
}

export interface LayerChartProps {
  readonly layers?: readonly Layer[];
  /** Series that grow while an experiment runs, drawn as lines with dots (after `layers`). */
  readonly live?: DataSource<readonly Series[]>;
  /** Colours of the live series by name; others take the palette in order. */
  readonly liveColours?: Readonly<Record<string, string>>;
  readonly x: XAxis;
  readonly y: YAxis;
  /** Tick values for the x axis (e.g. the powers of two that were run); computed otherwise. */
  readonly xTicks?: readonly number[];
  readonly ariaLabel: string;
  readonly title?: string;
  readonly height?: number;
  readonly rules?: readonly VerticalRule[];
  /** Text next to a point (e.g. "stopped: diverged"), left of it in the right third of the chart. */
  readonly labels?: readonly PointLabel[];
  /** A legend of one's own (for layers told apart by their symbol), replacing the colour legend. */
  readonly legend?: ReactNode;
}

interface Row {
  readonly series: string;
  readonly x: number;
  readonly y: number;
}

/**
 * Log axes are drawn as linear axes over log10 of the values: Plot's own log axes pass a tick
 * formatter through d3's, which blanks some labels (an 8 among the powers of two, for one).
 */
function toAxis(v: number, type: string | undefined): number {
  if (!Number.isFinite(v)) return NaN;
  if (type === 'log') return v > 0 ? Math.log10(v) : NaN;
  return v;
}

function rowsOf(layer: Layer, x: XAxis, y: YAxis): Row[] {
  const n = Math.min(layer.x.length, layer.y.length);
  const rows: Row[] = [];
  for (let i = 0; i < n; i++) rows.push({ series: layer.name, x: toAxis(layer.x[i], x.type), y: toAxis(layer.y[i], y.type) });
  return rows;
}

function marksFor(mark: LayerMark, rows: Row[]): Plot.Markish[] {
  const xy = { x: 'x', y: 'y' } as const;
  switch (mark) {
    case 'dots':
      return [Plot.dot(rows, { ...xy, fill: 'series', r: 5 })];
    case 'line+dots':
      return [Plot.line(rows, { ...xy, stroke: 'series', strokeWidth: 2.25 }), Plot.dot(rows, { ...xy, fill: 'series', r: 3.5 })];
    case 'dashed':
      return [Plot.line(rows, { ...xy, stroke: 'series', strokeWidth: 2, strokeDasharray: '7,5' })];
    case 'rings':
      return [Plot.dot(rows, { ...xy, stroke: 'series', fill: 'none', r: 7.5, strokeWidth: 2.25 })];
    case 'crosses':
      return [Plot.dot(rows, { ...xy, stroke: 'series', symbol: 'times', r: 7, strokeWidth: 3 })];
  }
}

function extent(values: readonly number[]): [number, number] | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? [lo, hi] : null;
}

function LayerChartImpl(props: LayerChartProps) {
  const { x, y, ariaLabel, title, height = 340, rules = [], labels = [] } = props;
  const build = (width: number): Element => {
    const liveSeries = props.live ? readLive(props.live) : [];
    const liveLayers: Layer[] = liveSeries.map((s, i) => ({
      name: s.name,
      x: s.x,
      y: s.y,
      mark: 'line+dots',
      colour: props.liveColours?.[s.name] ?? SERIES_COLOURS[i % SERIES_COLOURS.length],
    }));
    // Live series keep their legend entry from the start; fixed layers appear once they hold points.
    const layers = [...liveLayers, ...(props.layers ?? []).filter((l) => l.x.length > 0)];
    const all = layers.map((l) => rowsOf(l, x, y));
    const rows = all.flat().filter((r) => Number.isFinite(r.x) && Number.isFinite(r.y));
    const hasData = rows.length > 0;
    const marks: Plot.Markish[] = [Plot.frame({ stroke: '#c8ccd2' })];
    layers.forEach((l, i) => marks.push(...marksFor(l.mark, all[i])));

    const ruleRows = rules.map((r) => ({ x: toAxis(r.x, x.type), label: r.label }));
    const labelRows = labels.map((l) => ({ x: toAxis(l.x, x.type), y: toAxis(l.y, y.type), text: l.text }));
    // Extents in axis coordinates (log10 for log axes).
    const xExtent = extent([...rows.map((r) => r.x), ...ruleRows.map((r) => r.x)]);
    const yExtent = extent([...rows.map((r) => r.y), ...labelRows.map((l) => l.y)]);
    if (rules.length > 0) {
      marks.push(Plot.ruleX(ruleRows, { x: 'x', stroke: '#3b3f45', strokeDasharray: '3,4', strokeWidth: 1.5 }));
      marks.push(Plot.text(ruleRows, { x: 'x', text: 'label', frameAnchor: 'top', textAnchor: 'end', dx: -6, dy: 12, fill: '#3b3f45' }));
    }
    if (labels.length > 0 && xExtent) {
      const cut = xExtent[0] + 0.66 * (xExtent[1] - xExtent[0]);
      const right = labelRows.filter((l) => l.x > cut);
      const left = labelRows.filter((l) => l.x <= cut);
      const style = { x: 'x', y: 'y', text: 'text', fill: '#3b3f45', fontStyle: 'italic' } as const;
      marks.push(Plot.text(left, { ...style, textAnchor: 'start', dx: 10 }));
      marks.push(Plot.text(right, { ...style, textAnchor: 'end', dx: -10 }));
    }
    if (!hasData) marks.push(Plot.text(['No data yet: press the run button above'], { frameAnchor: 'middle', fill: '#5b6169' }));

    const axis = (spec: XAxis | YAxis, range: [number, number] | null, given?: readonly number[]) => {
      // No ticks given (or none yet, as before a run) leaves them to the axis.
      const fixedTicks = given && given.length > 0 ? given : undefined;
      const log = spec.type === 'log';
      const wide = log && range ? logDomain(10 ** range[0], 10 ** range[1]).map((v) => Math.log10(v)) : null;
      const widened = wide && range && wide[0] < range[0] ? wide : undefined;
      // Before any data, an axis with fixed ticks spans them (its ticks would otherwise fall outside the frame).
      const tickSpan = fixedTicks ? extent(fixedTicks.map((v) => toAxis(v, spec.type))) : null;
      const domain = spec.domain ? spec.domain.map((v) => toAxis(v, spec.type)) : hasData ? widened : (tickSpan ?? [0, 1]);
      const lo = domain ? domain[0] : range?.[0];
      const hi = domain ? domain[1] : range?.[1];
      const ticks = fixedTicks
        ? fixedTicks.map((v) => toAxis(v, spec.type))
        : log && lo !== undefined && hi !== undefined
          ? logTicks(10 ** lo, 10 ** hi).map((v) => Math.log10(v))
          : undefined;
      return {
        type: 'linear' as const,
        label: axisLabel(spec),
        labelArrow: 'none' as const,
        labelAnchor: 'center' as const,
        grid: true,
        domain,
        inset: 10,
        ...(ticks && ticks.length >= 2 ? { ticks } : {}),
        ...(log ? { tickFormat: (v: number) => formatTick(Number((10 ** v).toPrecision(12))) } : fixedTicks ? { tickFormat: formatTick } : {}),
      };
    };
    const figure = Plot.plot({
      width,
      height,
      marginLeft: 88,
      marginRight: 24,
      marginBottom: 48,
      style: { fontSize: `${CHART_FONT_PX}px`, fontFamily: 'inherit', overflow: 'visible' },
      x: axis(x, xExtent, props.xTicks),
      y: axis(y, yExtent),
      color: { type: 'categorical', domain: layers.map((l) => l.name), range: layers.map((l) => l.colour), legend: props.legend === undefined && layers.length > 1 },
      marks,
    });
    // Measured points only (reference lines do not count): lets walkthroughs watch the chart fill.
    const measured = layers.filter((l) => l.mark !== 'dashed').reduce((s, l) => s + Math.min(l.x.length, l.y.length), 0);
    figure.setAttribute('data-points', String(measured));
    return figure;
  };
  return (
    <figure className="chart">
      {title ? <figcaption className="chart-title">{title}</figcaption> : null}
      {props.legend ? <div className="chart-legend">{props.legend}</div> : null}
      <PlotFigure build={build} sources={sourcesOf(props.live)} ariaLabel={ariaLabel} minHeight={height} />
    </figure>
  );
}

/** Layers of dots, lines and markers; redrawn when its props change or its live series grow. */
export const LayerChart = memo(LayerChartImpl);
