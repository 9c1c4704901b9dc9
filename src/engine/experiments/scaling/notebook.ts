/** The four experiments of the scaling notebook on one data set, for the headless runner. */
import type { FloatDType } from '../../tensor';
import { generateLinearData } from '../../models/linearRegression';
import { D } from './common';
import { varianceBatchSizes } from '../../notebooks/scaling/sizes';
import type { GradientVarianceResult } from './variance';
import { gradientVariance } from './variance';
import type { MiniBatchSgdResult } from './sgd';
import { miniBatchSgd } from './sgd';
import type { ScalingRuleResult } from './rule';
import { scalingRule } from './rule';
import type { AccumulationResult } from './accumulation';
import { gradientAccumulation } from './accumulation';

export interface ScalingNotebookOptions {
  seed: number;
  n: number;
  batchesPerSize: number;
  epochs: number;
  sgdLearningRate: number;
  baseBatch: number;
  baseLearningRate: number;
  warmupEpochs: number;
  micro: number;
  microBatch: number;
  dtype: FloatDType;
}

export const SCALING_NOTEBOOK_DEFAULTS: ScalingNotebookOptions = {
  seed: D.seed,
  n: D.n,
  batchesPerSize: D.batchesPerSize,
  epochs: D.epochs,
  sgdLearningRate: D.sgdLearningRate,
  baseBatch: D.baseBatch,
  baseLearningRate: D.baseLearningRate,
  warmupEpochs: D.warmupEpochs,
  micro: D.micro,
  microBatch: D.microBatch,
  dtype: D.dtype,
};

export interface ScalingNotebookResult {
  notebook: 'scaling';
  seed: number;
  n: number;
  d: number;
  gradientVariance: GradientVarianceResult;
  sgd: MiniBatchSgdResult;
  scalingRule: ScalingRuleResult;
  accumulation: AccumulationResult;
  seconds: number;
}

/** All four experiments on one data set. */
export function runScalingNotebook(options: Partial<ScalingNotebookOptions> = {}): ScalingNotebookResult {
  const o = { ...SCALING_NOTEBOOK_DEFAULTS, ...options };
  const t0 = performance.now();
  const data = generateLinearData({ seed: o.seed, n: o.n });
  const common = { seed: o.seed, data };
  const gradientVarianceResult = gradientVariance({ ...common, batchSizes: varianceBatchSizes(o.n), batches: o.batchesPerSize });
  const sgd = miniBatchSgd({ ...common, learningRate: o.sgdLearningRate, epochs: o.epochs });
  const rule = scalingRule({ ...common, baseBatch: o.baseBatch, baseLearningRate: o.baseLearningRate, epochs: o.epochs, warmupEpochs: o.warmupEpochs });
  const accumulation = gradientAccumulation({ ...common, micro: o.micro, microBatch: o.microBatch, dtype: o.dtype });
  return {
    notebook: 'scaling',
    seed: o.seed,
    n: data.n,
    d: data.d,
    gradientVariance: gradientVarianceResult,
    sgd,
    scalingRule: rule,
    accumulation,
    seconds: (performance.now() - t0) / 1000,
  };
}
