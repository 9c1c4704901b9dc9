// The cost chart's figures from the sweep's measured points: one curve per backend and path, the
// slope-3 reference line, the saving per N beside the source's, the wall per backend, and the
// memory of an N x N matrix. No React here (tested in Node).

import type { FloatDType } from '../../../engine/tensor';
import type { Wall } from '../../../engine/experiments/exactGpNotebook';
import { findWall, reductionPercent } from '../../../engine/experiments/exactGpNotebook';
import type { Series } from '../../charts';
import type { BackendLabel, ExactGpSweepEvent, GradientPath } from '../../../workers/exact-gp/protocol';

/** What the sweep measured so far on one backend. */
export interface BackendCost {
  dtype: FloatDType;
  /** ms per exact step by N, per path. */
  exact: Record<GradientPath, Map<number, number>>;
  /** ms per mini-batch SVGP step (M = 50, B = 200), once measured. */
  svgpMs: number | null;
}

export type CostPoints = Partial<Record<BackendLabel, BackendCost>>;

/** The points with one more event taken in (a new object; the old one is left as it was). */
export function addEvent(points: CostPoints, e: ExactGpSweepEvent): CostPoints {
  const old = points[e.backend];
  const next: BackendCost = {
    dtype: e.dtype,
    exact: { generic: new Map(old?.exact.generic), fused: new Map(old?.exact.fused) },
    svgpMs: old?.svgpMs ?? null,
  };
  if (e.kind === 'svgp') next.svgpMs = e.msPerStep;
  else next.exact[e.path].set(e.n, e.msPerStep);
  return { ...points, [e.backend]: next };
}

export const seriesName = (backend: BackendLabel, path: GradientPath): string => `${backend} ${path}`;

/** One curve per backend and path, in increasing N. */
export function costSeries(points: CostPoints): Series[] {
  const out: Series[] = [];
  for (const [backend, cost] of Object.entries(points) as [BackendLabel, BackendCost][]) {
    for (const path of ['generic', 'fused'] as const) {
      const ns = [...cost.exact[path].keys()].sort((a, b) => a - b);
      if (ns.length) out.push({ name: seriesName(backend, path), x: ns, y: ns.map((n) => cost.exact[path].get(n) as number) });
    }
  }
  return out;
}

export const SLOPE_NAME = 'N³ (slope 3)';

/**
 * A line of slope 3 on log-log axes through the slowest measured point at the largest N, drawn
 * back to the smallest N measured: where the curves run parallel to it, the cube rules.
 */
export function slopeThree(series: readonly Series[]): Series | null {
  let anchor: { n: number; ms: number } | null = null;
  let smallest = Infinity;
  for (const s of series) {
    for (let i = 0; i < s.x.length; i++) {
      const n = s.x[i];
      const ms = s.y[i];
      smallest = Math.min(smallest, n);
      if (!anchor || n > anchor.n || (n === anchor.n && ms > anchor.ms)) anchor = { n, ms };
    }
  }
  if (!anchor || !(smallest < anchor.n)) return null;
  const a = anchor;
  const ns = [smallest, a.n];
  return { name: SLOPE_NAME, x: ns, y: ns.map((n) => a.ms * (n / a.n) ** 3) };
}

/** One row of the saving table. */
export interface ReductionRow {
  n: number;
  backend: BackendLabel;
  genericMs: number;
  fusedMs: number;
  /** Percent of the generic path's time the fused path saves. */
  reduction: number;
}

/** The rows where both paths are measured, by N then backend. */
export function reductionRows(points: CostPoints): ReductionRow[] {
  const rows: ReductionRow[] = [];
  for (const [backend, cost] of Object.entries(points) as [BackendLabel, BackendCost][]) {
    for (const [n, genericMs] of cost.exact.generic) {
      const fusedMs = cost.exact.fused.get(n);
      if (fusedMs !== undefined) rows.push({ n, backend, genericMs, fusedMs, reduction: reductionPercent(genericMs, fusedMs) });
    }
  }
  return rows.sort((a, b) => a.n - b.n || a.backend.localeCompare(b.backend));
}

/**
 * What the source reports for a size (CPU, float64, model fitting over many repetitions): a
 * range of savings for N = 50 to 1,000 and 2,000 to 10,000, with the figures it gives exactly.
 */
export function sourceFigure(n: number): string {
  if (n === 1000) return '44 % (342 s → 192 s)';
  if (n === 10_000) return '61 % (739 s → 288 s); GPU 42 % (442 s → 255 s)';
  if (n >= 50 && n < 1000) return '13–44 % over N = 50 to 1,000';
  if (n >= 2000 && n <= 10_000) return '54–61 % over N = 2,000 to 10,000';
  return 'not measured there';
}

/** The wall on one backend: where its fused exact step overtakes its SVGP step (null until both are measured). */
export function wallOf(cost: BackendCost | undefined): Wall | null {
  if (!cost || cost.svgpMs === null) return null;
  return findWall([...cost.exact.fused].map(([n, ms]) => ({ n, ms })), cost.svgpMs);
}

/** Bytes of one N x N matrix in a precision. */
export function matrixBytes(n: number, dtype: FloatDType): number {
  return n * n * (dtype === 'f64' ? 8 : 4);
}

/** Bytes in words: "320 kB", "32 MB", "8 GB". */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'kB', 'MB', 'GB', 'TB'];
  let v = bytes;
  let u = 0;
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  return `${u === 0 ? v : Number(v.toPrecision(3))} ${units[u]}`;
}
