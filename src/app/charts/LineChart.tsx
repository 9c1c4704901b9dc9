// Named series as lines (and optionally dots): losses against step or time,
// milliseconds per step against batch size, and so on.

import * as Plot from '@observablehq/plot';
import { memo } from 'react';
import { axisLabel, chartStyle, SERIES_COLOURS, symlogTicks, formatSymlogTick, type AxisSpec } from './axes';
import { readLive, sourcesOf, type Live } from './live';
import { PlotFigure } from './PlotFigure';
import type { Series } from './series';
import { thinIndices } from './thin';

export type XScale = 'linear' | 'log';
export type YScale = 'linear' | 'log' | 'symlog';

export interface XAxis extends AxisSpec {
  readonly type?: XScale;
}

export interface YAxis extends AxisSpec {
  readonly type?: YScale;
  /**
   * For 'symlog': the width of the linear region around zero (default 1). A
   * loss that runs from 5e5 to -7e3 reads well with a constant near 1e3.
   */
  readonly constant?: number;
}

export interface VerticalMarker {
  readonly x: number;
  readonly label?: string;
}

export interface TextNote {
  readonly x: number;
  readonly y: number;
  readonly text: string;
}

export interface LineChartProps {
  readonly series: Live<readonly Series[]>;
  readonly x: XAxis;
  readonly y: YAxis;
  /** Describes the chart for screen readers, e.g. "Negative ELBO against step for both runs". */
  readonly ariaLabel: string;
  readonly title?: string;
  readonly height?: number;
  /** Dashed vertical lines, e.g. the full-batch size. */
  readonly markers?: readonly VerticalMarker[];
  /** Text placed at data coordinates, e.g. naming a region of the chart. */
  readonly notes?: Live<readonly TextNote[]>;
  /** Draw a dot at each point as well as the line (for short series such as a sweep). */
  readonly points?: boolean;
  /** Fixed colours by series name; others take the palette in order. */
  readonly colours?: Readonly<Record<string, string>>;
  /** Points kept per series after thinning. */
  readonly maxPointsPerSeries?: number;
  /** Show the legend; by default when there is more than one series. */
  readonly legend?: boolean;
}

interface Row {
  readonly series: string;
  readonly x: number;
  readonly y: number;
}

/** Values a scale cannot show become NaN, which Plot draws as a gap instead of a broken domain. */
/**
 * Tick labels of a log axis as plain numbers (0.4, 2, 10,000). Plot's default for log scales
 * uses SI prefixes, which on an axis already in ms reads "400m" for 0.4 ms. A specifier keeps
 * d3's thinning of the labels between powers of ten.
 */
const LOG_TICK_FORMAT = ',~g';

function usable(v: number, type: XScale | YScale | undefined): number {
  if (!Number.isFinite(v)) return NaN;
  if (type === 'log' && v <= 0) return NaN;
  return v;
}

function toRows(series: readonly Series[], x: XAxis, y: YAxis, maxPoints: number): Row[] {
  const rows: Row[] = [];
  for (const s of series) {
    const n = Math.min(s.x.length, s.y.length);
    for (const i of thinIndices(s.y, maxPoints, n)) {
      rows.push({ series: s.name, x: usable(s.x[i]!, x.type), y: usable(s.y[i]!, y.type) });
    }
  }
  return rows;
}

function emptyDomain(type: XScale | YScale | undefined): [number, number] {
  return type === 'log' ? [1, 10] : [0, 1];
}

/**
 * A linear y domain for data that all hold one value (a constant learning rate): from zero to
 * twice the value. Left to itself the axis would span nothing and print one long tick ("0.010000").
 */
function flatDomain(rows: readonly Row[], type: YScale | undefined): [number, number] | undefined {
  if (type !== undefined && type !== 'linear') return undefined;
  let lo = Infinity;
  let hi = -Infinity;
  for (const r of rows) {
    if (!Number.isFinite(r.y)) continue;
    lo = Math.min(lo, r.y);
    hi = Math.max(hi, r.y);
  }
  if (!(lo === hi)) return undefined;
  return lo > 0 ? [0, 2 * lo] : lo < 0 ? [2 * lo, 0] : [-1, 1];
}

/** Ticks for a symlog y axis over the data (or the fixed domain). */
function symlogYTicks(rows: readonly Row[], y: YAxis): number[] {
  let lo = Infinity;
  let hi = -Infinity;
  if (y.domain) [lo, hi] = y.domain;
  else
    for (const r of rows) {
      if (r.y < lo) lo = r.y;
      if (r.y > hi) hi = r.y;
    }
  return symlogTicks(lo, hi, y.constant ?? 1);
}

function LineChartImpl(props: LineChartProps) {
  const { series, x, y, ariaLabel, title, height = 320, markers = [], notes, points = false } = props;

  const build = (width: number): Element => {
    const all = readLive(series);
    const rows = toRows(all, x, y, props.maxPointsPerSeries ?? 1000);
    const hasData = rows.some((r) => Number.isFinite(r.x) && Number.isFinite(r.y));
    const names = all.map((s) => s.name);
    const colours = names.map((n, i) => props.colours?.[n] ?? SERIES_COLOURS[i % SERIES_COLOURS.length]!);
    const noteRows = notes === undefined ? [] : readLive(notes);

    const marks: Plot.Markish[] = [
      Plot.frame({ stroke: '#c8ccd2' }),
      Plot.line(rows, { x: 'x', y: 'y', stroke: 'series', strokeWidth: 2.25 }),
    ];
    if (points) marks.push(Plot.dot(rows, { x: 'x', y: 'y', fill: 'series', r: 4 }));
    if (markers.length > 0) {
      marks.push(Plot.ruleX(markers, { x: 'x', stroke: '#3b3f45', strokeDasharray: '6,4', strokeWidth: 1.5 }));
      marks.push(
        Plot.text(
          markers.filter((m) => m.label),
          { x: 'x', text: 'label', frameAnchor: 'top', textAnchor: 'end', dx: -6, dy: 10, fill: '#3b3f45' },
        ),
      );
    }
    if (noteRows.length > 0) {
      marks.push(Plot.text(noteRows, { x: 'x', y: 'y', text: 'text', fill: '#3b3f45', fontStyle: 'italic' }));
    }
    if (!hasData) marks.push(Plot.text(['No data yet'], { frameAnchor: 'middle', fill: '#5b6169' }));

    const figure = Plot.plot({
      width,
      height,
      marginLeft: 76,
      marginRight: 24,
      marginBottom: 48,
      style: chartStyle,
      x: {
        type: x.type ?? 'linear',
        ...(x.type === 'log' ? { tickFormat: LOG_TICK_FORMAT } : {}),
        label: axisLabel(x),
        labelArrow: 'none',
        labelAnchor: 'center',
        grid: true,
        domain: x.domain ? [...x.domain] : hasData ? undefined : emptyDomain(x.type),
      },
      y: {
        type: y.type ?? 'linear',
        ...(y.type === 'symlog' && hasData
          ? { constant: y.constant ?? 1, ticks: symlogYTicks(rows, y), tickFormat: formatSymlogTick }
          : y.type === 'log'
            ? { tickFormat: LOG_TICK_FORMAT }
            : {}),
        label: axisLabel(y),
        labelArrow: 'none',
        labelAnchor: 'center',
        grid: true,
        domain: y.domain ? [...y.domain] : hasData ? flatDomain(rows, y.type) : emptyDomain(y.type),
      },
      color: {
        type: 'categorical',
        domain: names,
        range: colours,
        legend: props.legend ?? names.length > 1,
      },
      marks,
    });
    // How many points the chart holds (before thinning): lets walkthroughs watch a curve grow.
    figure.setAttribute('data-points', String(all.reduce((n, s) => n + Math.min(s.x.length, s.y.length), 0)));
    return figure;
  };

  return (
    <figure className="chart">
      {title ? <figcaption className="chart-title">{title}</figcaption> : null}
      <PlotFigure build={build} sources={sourcesOf(series, notes)} ariaLabel={ariaLabel} minHeight={height} />
    </figure>
  );
}

/** A line chart; re-renders only when its props change, and redraws live data at most four times a second. */
export const LineChart = memo(LineChartImpl);
