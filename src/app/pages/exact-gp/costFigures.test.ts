import { describe, expect, it } from 'vitest';
import { addEvent, costSeries, formatBytes, matrixBytes, reductionRows, slopeThree, sourceFigure, wallOf } from './costFigures';
import type { CostPoints } from './costFigures';
import type { ExactGpSweepEvent } from '../../../workers/exact-gp/protocol';

const exact = (n: number, path: 'generic' | 'fused', ms: number, backend: 'CPU' | 'WebGPU' = 'CPU'): ExactGpSweepEvent => ({ kind: 'exact', backend, dtype: 'f64', n, path, msPerStep: ms });

function collect(events: ExactGpSweepEvent[]): CostPoints {
  return events.reduce<CostPoints>(addEvent, {});
}

describe('exact-gp cost figures', () => {
  it('collects the sweep into a curve per backend and path, in increasing N', () => {
    const before: CostPoints = {};
    const points = collect([exact(200, 'generic', 8), exact(200, 'fused', 4), exact(100, 'generic', 2), exact(100, 'fused', 1.5), exact(100, 'fused', 9, 'WebGPU')]);
    expect(before).toEqual({});
    const series = costSeries(points);
    expect(series.map((s) => s.name)).toEqual(['CPU generic', 'CPU fused', 'WebGPU fused']);
    expect(series[0]).toEqual({ name: 'CPU generic', x: [100, 200], y: [2, 8] });
    expect(reductionRows(points)).toEqual([
      { n: 100, backend: 'CPU', genericMs: 2, fusedMs: 1.5, reduction: 25 },
      { n: 200, backend: 'CPU', genericMs: 8, fusedMs: 4, reduction: 50 },
    ]);
  });

  it('draws the slope-3 line through the slowest point at the largest N, back to the smallest N', () => {
    const line = slopeThree([
      { name: 'a', x: [100, 1000], y: [3, 500] },
      { name: 'b', x: [50, 1000], y: [1, 800] },
    ]);
    expect(line?.x).toEqual([50, 1000]);
    expect(line?.y[1]).toBe(800);
    expect(line?.y[0]).toBeCloseTo(800 / 8000, 12);
    expect(slopeThree([{ name: 'a', x: [100], y: [3] }])).toBeNull();
  });

  it("finds each backend's wall once its SVGP step is measured", () => {
    let points = collect([exact(100, 'fused', 1), exact(1000, 'fused', 100)]);
    expect(wallOf(points.CPU)).toBeNull();
    points = addEvent(points, { kind: 'svgp', backend: 'CPU', dtype: 'f64', msPerStep: 10 });
    // 1 ms at 100, 100 ms at 1000: slope 2 on log-log axes, 10 ms halfway, at N = 316.
    expect(wallOf(points.CPU)).toEqual({ n: 316, kind: 'measured', svgpMs: 10 });
    expect(wallOf(points.WebGPU)).toBeNull();
  });

  it('gives the memory of an N x N matrix in each precision, and the source figure per size', () => {
    expect(matrixBytes(10_000, 'f64')).toBe(800e6);
    expect(matrixBytes(200, 'f32')).toBe(160e3);
    expect(formatBytes(800e6)).toBe('800 MB');
    expect(formatBytes(160e3)).toBe('160 kB');
    expect(formatBytes(320)).toBe('320 bytes');
    expect(formatBytes(8e10)).toBe('80 GB');
    expect(sourceFigure(1000)).toMatch(/342 s → 192 s/);
    expect(sourceFigure(200)).toMatch(/13–44 %/);
    expect(sourceFigure(2000)).toMatch(/54–61 %/);
    expect(sourceFigure(20)).toBe('not measured there');
  });
});
