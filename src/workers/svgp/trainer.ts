/** Adapts an SVGP run to the training loop: steps, and snapshots of the posterior on the grid. */
import type { Backend, FloatDType } from '../../engine/tensor';
import { SVGP_DEFAULTS, evaluationGrid, generateSvgpData, targetOnPoints } from '../../engine/models/svgp';
import { SvgpRun } from '../../engine/models/svgpRun';
import { rmsDifference } from '../../engine/experiments/svgpNotebook';
import type { Trainer } from '../../engine/train/trainer';
import type { SvgpRunRequest, SvgpSnapshot } from './protocol';

const GRID_SIZE = SVGP_DEFAULTS.gridSize;

export function createSvgpTrainer(request: SvgpRunRequest, backend: Backend, dtype: FloatDType): Trainer<SvgpSnapshot> {
  const data = generateSvgpData(request.n, request.dataSeed);
  const run = new SvgpRun({
    data,
    batch: request.kind === 'full' ? null : request.batch,
    m: request.m,
    learningRate: request.learningRate,
    seed: request.seed,
    dtype,
    backend,
  });
  const grid = evaluationGrid(GRID_SIZE);
  const truth = targetOnPoints(grid);
  const truthRms = rmsDifference(truth, new Float64Array(truth.length));
  return {
    step: () => ({ loss: run.step() }),
    async snapshot(): Promise<SvgpSnapshot> {
      const { mean, variance } = run.predict(grid);
      const p = run.params;
      try {
        const [gridMean, inducing, lv, ll, ln] = await Promise.all([mean.data(), p.z.data(), p.logVariance.data(), p.logLengthscale.data(), p.logNoise.data()]);
        return {
          gridMean: Float32Array.from(gridMean),
          gridSize: GRID_SIZE,
          inducing: Float32Array.from(inducing),
          variance: Math.exp(lv[0]),
          lengthscale: Math.exp(ll[0]),
          noiseVariance: Math.exp(ln[0]),
          rmse: rmsDifference(gridMean, truth),
          truthRms,
        };
      } finally {
        mean.dispose();
        variance.dispose();
      }
    },
    dispose: () => run.dispose(),
  };
}
