/**
 * The exact-gp page's run in the worker: the exact GP trained through the training loop, with
 * snapshots of the posterior band over the data; and the data it trains on. No DOM and no
 * Comlink here (tested in Node).
 */
import type { Backend, FloatDType } from '../../engine/tensor';
import type { CurveData } from '../../engine/models/exactGp';
import { checkExactGpData, curveGrid, exactGpTarget, generateExactGpData } from '../../engine/models/exactGp';
import { ExactGpRun } from '../../engine/models/exactGpRun';
import { rmsDifference } from '../../engine/experiments/svgpNotebook';
import type { Trainer } from '../../engine/train/trainer';
import type { ExactGpDataSpec, ExactGpSnapshot, ExactGpTrainRequest } from './protocol';

/** Points of the posterior curve. */
export const CURVE_POINTS = 200;

/** The precision a run computes in: WebGPU has float32 only; the cpu takes the one asked for. */
export function runDtype(backend: Backend, wanted: FloatDType): FloatDType {
  return backend.name === 'webgpu' ? 'f32' : wanted;
}

/** The points of a data request (the same numbers `npm run notebook -- exact-gp --seed S` draws); throws on data that cannot be fitted. */
export function exactGpDataFor(spec: ExactGpDataSpec): CurveData {
  const data = spec.kind === 'own' ? { x: spec.x, y: spec.y, n: spec.x.length } : generateExactGpData(spec.n, spec.seed);
  const problem = checkExactGpData(data);
  if (problem) throw new Error(`These data cannot be fitted: ${problem}.`);
  return data;
}

/** Where the curve is drawn: [0, 1] for generated data, the inputs' range and a margin for your own. */
export function curveRange(spec: ExactGpDataSpec, data: CurveData): [number, number] {
  if (spec.kind === 'generated') return [0, 1];
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < data.n; i++) {
    lo = Math.min(lo, data.x[i]);
    hi = Math.max(hi, data.x[i]);
  }
  const pad = hi > lo ? 0.05 * (hi - lo) : 1;
  return [lo - pad, hi + pad];
}

/** The band of a new observation, mean -/+ 2 sqrt(latent variance + noise); a variance below 0 from rounding counts as 0. */
export function observationBand(mean: ArrayLike<number>, latentVariance: ArrayLike<number>, noise: number): { lower: Float64Array; upper: Float64Array } {
  const lower = new Float64Array(mean.length);
  const upper = new Float64Array(mean.length);
  for (let i = 0; i < mean.length; i++) {
    const sd = Math.sqrt(Math.max(0, latentVariance[i]) + noise);
    lower[i] = mean[i] - 2 * sd;
    upper[i] = mean[i] + 2 * sd;
  }
  return { lower, upper };
}

/** An exact-GP run for the training loop: each step's loss and hyperparameters as extras, snapshots of the band read back asynchronously. */
export function createExactGpTrainer(request: ExactGpTrainRequest, backend: Backend): Trainer<ExactGpSnapshot> {
  const data = exactGpDataFor(request.data);
  const run = new ExactGpRun({ data, path: request.path, learningRate: request.learningRate, dtype: runDtype(backend, request.dtype), backend });
  const [lo, hi] = curveRange(request.data, data);
  const grid = curveGrid(CURVE_POINTS, lo, hi);
  const truth = request.data.kind === 'generated' ? Float64Array.from(grid, exactGpTarget) : null;
  return {
    step() {
      const s = run.step();
      return { loss: s.loss, aux: { outputscale: s.outputscale, lengthscale: s.lengthscale, noise: s.noise, mean: s.mean } };
    },
    async snapshot(): Promise<ExactGpSnapshot> {
      const { mean, variance } = run.predict(grid);
      const h = run.hyperparameters();
      const held = [mean, variance, h.outputscale, h.lengthscale, h.noise];
      try {
        const [m, v, s2, l, noise, c] = await Promise.all([mean.data(), variance.data(), h.outputscale.data(), h.lengthscale.data(), h.noise.data(), run.params.mean.data()]);
        const meanValues = Float64Array.from(m);
        return {
          grid: Float64Array.from(grid),
          mean: meanValues,
          ...observationBand(meanValues, v, noise[0]),
          outputscale: s2[0],
          lengthscale: l[0],
          noise: noise[0],
          constant: c[0],
          rmse: truth ? rmsDifference(meanValues, truth) : null,
        };
      } finally {
        for (const t of held) t.dispose();
      }
    },
    dispose: () => run.dispose(),
  };
}
