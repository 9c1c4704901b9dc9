// A function on a rectangle, drawn as a raster with a fixed colour scale.
// The colour domain is fixed by the caller, never fitted to the data, so that
// the target and every posterior mean share one scale and can be compared by
// eye while they change.

import * as Plot from '@observablehq/plot';
import { memo } from 'react';
import { chartStyle } from './axes';
import { readLive, sourcesOf, type Live } from './live';
import { PlotFigure } from './PlotFigure';

export interface Grid {
  /** Row-major values: `values[j * width + i]` is the cell at column i, row j; row 0 is the lowest y. */
  readonly values: Float64Array | Float32Array | readonly number[];
  readonly width: number;
  readonly height: number;
}

export interface PointSet {
  readonly x: ArrayLike<number>;
  readonly y: ArrayLike<number>;
}

export interface Extent {
  readonly x: readonly [number, number];
  readonly y: readonly [number, number];
}

/** Diverging schemes suit signed functions; sequential ones suit probabilities and spreads. */
export type HeatmapScheme = 'RdBu' | 'BuRd' | 'PuOr' | 'PiYG' | 'BrBG' | 'Viridis' | 'Magma' | 'Blues' | 'Greys';

export interface HeatmapProps {
  /** The values; null draws an empty frame (for example before the first snapshot). */
  readonly grid: Live<Grid | null>;
  /** The rectangle the grid covers: cell i spans x0 + [i, i+1] (x1 - x0) / width. */
  readonly extent: Extent;
  /** The colour domain, e.g. [-0.8, 0.8]; values outside take the end colours. */
  readonly domain: readonly [number, number];
  readonly scheme?: HeatmapScheme;
  readonly title?: string;
  /** The quantity shown by colour, e.g. "f(x)". */
  readonly colourLabel: string;
  readonly xLabel?: string;
  readonly yLabel?: string;
  readonly ariaLabel: string;
  /** Data points drawn as small dots. */
  readonly points?: Live<PointSet | null>;
  /** Special locations (e.g. inducing inputs) drawn as crosses. */
  readonly markers?: Live<PointSet | null>;
  /** A rectangle outline, e.g. the data's bounding box. */
  readonly box?: Extent;
  /** Largest width of the plotting area in pixels (the chart is square in data units). */
  readonly maxWidth?: number;
  /** Smooth between cells instead of showing them as blocks. */
  readonly smooth?: boolean;
}

function pointRows(p: PointSet | null): { x: number; y: number }[] {
  if (!p) return [];
  const n = Math.min(p.x.length, p.y.length);
  const rows: { x: number; y: number }[] = [];
  for (let i = 0; i < n; i++) rows.push({ x: p.x[i]!, y: p.y[i]! });
  return rows;
}

function HeatmapImpl(props: HeatmapProps) {
  const { grid, extent, domain, ariaLabel, title, points, markers, box } = props;
  const maxWidth = props.maxWidth ?? 420;

  const build = (available: number): Element => {
    const g = readLive(grid);
    const width = Math.min(available, maxWidth);
    const marks: Plot.Markish[] = [];
    if (g) {
      if (g.values.length !== g.width * g.height) {
        throw new Error(`grid has ${g.values.length} values, expected ${g.width} × ${g.height}`);
      }
      marks.push(
        Plot.raster(g.values, {
          width: g.width,
          height: g.height,
          x1: extent.x[0],
          x2: extent.x[1],
          y1: extent.y[0],
          y2: extent.y[1],
          imageRendering: props.smooth ? 'auto' : 'pixelated',
        }),
      );
    } else {
      marks.push(Plot.text(['No data yet'], { frameAnchor: 'middle', fill: '#5b6169' }));
    }
    const pts = pointRows(points === undefined ? null : readLive(points));
    if (pts.length > 0) {
      marks.push(Plot.dot(pts, { x: 'x', y: 'y', r: 1.8, fill: '#111', fillOpacity: 0.65, stroke: 'none', clip: true }));
    }
    const crosses = pointRows(markers === undefined ? null : readLive(markers));
    if (crosses.length > 0) {
      // A white halo under each black cross keeps it visible on dark red and dark blue alike.
      marks.push(Plot.dot(crosses, { x: 'x', y: 'y', symbol: 'times', r: 5, stroke: '#fff', strokeWidth: 4, clip: true }));
      marks.push(Plot.dot(crosses, { x: 'x', y: 'y', symbol: 'times', r: 5, stroke: '#111', strokeWidth: 2, clip: true }));
    }
    if (box) {
      marks.push(
        Plot.rect([box], {
          x1: (b: Extent) => b.x[0],
          x2: (b: Extent) => b.x[1],
          y1: (b: Extent) => b.y[0],
          y2: (b: Extent) => b.y[1],
          fill: 'none',
          stroke: '#111',
          strokeWidth: 1.5,
          strokeDasharray: '6,4',
        }),
      );
    }
    marks.push(Plot.frame({ stroke: '#6b7178' }));

    return Plot.plot({
      width,
      aspectRatio: 1,
      marginLeft: 52,
      marginRight: 12,
      marginTop: 12,
      marginBottom: 44,
      style: chartStyle,
      x: { domain: [...extent.x], label: props.xLabel ?? 'x₁', labelArrow: 'none', labelAnchor: 'center', ticks: 5 },
      y: { domain: [...extent.y], label: props.yLabel ?? 'x₂', labelArrow: 'none', labelAnchor: 'center', ticks: 5 },
      color: {
        type: 'linear',
        domain: [...domain],
        scheme: props.scheme ?? 'BuRd',
        clamp: true,
        legend: true,
        label: props.colourLabel,
        ticks: 5,
      },
      marks,
    });
  };

  return (
    <figure className="chart heatmap" style={{ maxWidth }}>
      {title ? <figcaption className="chart-title">{title}</figcaption> : null}
      <PlotFigure
        build={build}
        sources={sourcesOf(grid, points, markers)}
        ariaLabel={ariaLabel}
        minHeight={Math.round(maxWidth * 0.9)}
      />
    </figure>
  );
}

/** A raster heatmap with a fixed colour domain and optional overlays. */
export const Heatmap = memo(HeatmapImpl);
