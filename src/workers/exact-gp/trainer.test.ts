import { describe, expect, it } from 'vitest';
import { cpu } from '../../engine/cpu/backend';
import type { Backend } from '../../engine/tensor';
import { runExactGpNotebook } from '../../engine/experiments/exactGpNotebook';
import { RunControl } from '../../engine/train/control';
import { TrainingLoop } from '../../engine/train/loop';
import type { Progress } from '../../engine/train/loop';
import { inverseAndLogAbsDet, matVec } from '../../engine/testing/dense';
import { createExactGpTrainer, curveRange, exactGpDataFor, observationBand, runDtype } from './trainer';
import { exactGpSweep } from './sweep';
import type { ExactGpSnapshot, ExactGpSweepEvent, ExactGpTrainRequest } from './protocol';

const request = (o: Partial<ExactGpTrainRequest> = {}): ExactGpTrainRequest => ({
  kind: 'train',
  data: { kind: 'generated', n: 40, seed: 3 },
  steps: 30,
  learningRate: 0.1,
  path: 'fused',
  dtype: 'f64',
  ...o,
});

async function train(r: ExactGpTrainRequest): Promise<Progress<ExactGpSnapshot>[]> {
  const reports: Progress<ExactGpSnapshot>[] = [];
  const status = await new TrainingLoop(createExactGpTrainer(r, cpu), { totalSteps: r.steps }, (p) => void reports.push(p)).run();
  expect(status).toBe('finished');
  return reports;
}

describe('exact GP in the worker', () => {
  it('trains through the loop to the losses and hyperparameters of the headless notebook, on either path', async () => {
    for (const path of ['fused', 'generic'] as const) {
      const reports = await train(request({ path }));
      const reference = runExactGpNotebook({ n: 40, seed: 3, steps: 30, path, sizes: [] });
      const losses = reports.flatMap((r) => Array.from(r.losses));
      expect(losses).toHaveLength(30);
      expect(losses[0]).toBe(reference.lossFirst);
      expect(losses[29]).toBe(reference.loss50);
      // The hyperparameters after each step come back as the step's extras.
      const last = (name: string) => {
        const column = reports.flatMap((r) => Array.from(r.aux[name] ?? []));
        expect(column).toHaveLength(30);
        return column[29];
      };
      expect(last('outputscale')).toBe(reference.outputscale);
      expect(last('lengthscale')).toBe(reference.lengthscale);
      expect(last('noise')).toBe(reference.noise);
      expect(last('mean')).toBe(reference.mean);
      const snap = reports[reports.length - 1].snapshot;
      expect(snap?.lengthscale).toBe(reference.lengthscale);
      expect(snap?.constant).toBe(reference.mean);
      expect(snap?.rmse).toBeCloseTo(reference.rmse as number, 12);
    }
  });

  it('draws the band from the posterior written out from the formulas (dense inverse, float64)', async () => {
    const x = Float64Array.from([0.05, 0.2, 0.31, 0.5, 0.72, 0.9]);
    const y = Float64Array.from([0.3, 0.9, 1.0, 0.1, -0.9, -0.5]);
    const reports = await train(request({ data: { kind: 'own', x, y }, steps: 5 }));
    const s = reports[reports.length - 1].snapshot as ExactGpSnapshot;
    const n = x.length;
    const k = (a: number, b: number) => s.outputscale * Math.exp(-((a - b) ** 2) / (2 * s.lengthscale ** 2));
    const c = Float64Array.from({ length: n * n }, (_, i) => k(x[Math.floor(i / n)], x[i % n]) + (Math.floor(i / n) === i % n ? s.noise : 0));
    const { inverse } = inverseAndLogAbsDet(c, n);
    const alpha = matVec(inverse, Float64Array.from(y, (v) => v - s.constant), n);
    // Your own data: the curve spans the inputs and a margin, and there is no truth to compare with.
    expect(s.grid[0]).toBeCloseTo(0.05 - 0.05 * 0.85, 12);
    expect(s.grid[s.grid.length - 1]).toBeCloseTo(0.9 + 0.05 * 0.85, 12);
    expect(s.rmse).toBeNull();
    for (const i of [0, 37, 120, 199]) {
      const ks = Float64Array.from(x, (xi) => k(s.grid[i], xi));
      const mean = s.constant + ks.reduce((acc, v, j) => acc + v * alpha[j], 0);
      const latent = s.outputscale - matVec(inverse, ks, n).reduce((acc, v, j) => acc + v * ks[j], 0);
      const sd = Math.sqrt(latent + s.noise);
      expect(Math.abs(s.mean[i] - mean)).toBeLessThan(1e-10);
      expect(Math.abs(s.upper[i] - (mean + 2 * sd))).toBeLessThan(1e-10);
      expect(Math.abs(s.lower[i] - (mean - 2 * sd))).toBeLessThan(1e-10);
    }
  });

  it('computes in float32 on WebGPU whatever the page asks, and in the precision asked for on the cpu', () => {
    expect(runDtype(cpu, 'f64')).toBe('f64');
    expect(runDtype(cpu, 'f32')).toBe('f32');
    expect(runDtype({ ...cpu, name: 'webgpu' } as Backend, 'f64')).toBe('f32');
  });

  it('refuses data it cannot fit with a message, and counts a rounding-negative variance as 0', () => {
    expect(() => exactGpDataFor({ kind: 'own', x: Float64Array.of(0.5), y: Float64Array.of(1) })).toThrow(/cannot be fitted: 1 point: the exact GP needs at least 2/);
    expect(() => exactGpDataFor({ kind: 'own', x: Float64Array.of(0, 1), y: Float64Array.of(1, NaN) })).toThrow(/point 2 is not finite/);
    expect(curveRange({ kind: 'own', x: Float64Array.of(2, 2), y: Float64Array.of(0, 1) }, { x: Float64Array.of(2, 2), y: Float64Array.of(0, 1), n: 2 })).toEqual([1, 3]);
    const band = observationBand([1], [-1e-9], 0.25);
    expect(band.upper[0]).toBe(2);
    expect(band.lower[0]).toBe(0);
  });
});

describe('exact GP size sweep in the worker', () => {
  it('times the SVGP step, then both paths at every size in increasing order', async () => {
    const events: ExactGpSweepEvent[] = [];
    await exactGpSweep({ kind: 'sweep', sizes: [30, 10], seed: 0, learningRate: 0.1, dtype: 'f64', budgetMs: 5 }, cpu, cpu, new RunControl(), (e) => void events.push(e));
    expect(events.map((e) => (e.kind === 'svgp' ? 'svgp' : `${e.n} ${e.path}`))).toEqual(['svgp', '10 generic', '10 fused', '30 generic', '30 fused']);
    for (const e of events) {
      expect(e.backend).toBe('CPU');
      expect(e.dtype).toBe('f64');
      expect(e.msPerStep).toBeGreaterThan(0);
      expect(Number.isFinite(e.msPerStep)).toBe(true);
    }
  });

  it('stops with the figures so far when its control is stopped', async () => {
    const events: ExactGpSweepEvent[] = [];
    const control = new RunControl();
    await exactGpSweep({ kind: 'sweep', sizes: [10, 20, 30], seed: 0, learningRate: 0.1, dtype: 'f64', budgetMs: 5 }, cpu, cpu, control, (e) => {
      events.push(e);
      if (events.length === 2) control.stop();
    });
    expect(events.map((e) => e.kind)).toEqual(['svgp', 'exact']);
  });
});
