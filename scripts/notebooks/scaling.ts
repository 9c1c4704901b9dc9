/** `npm run notebook -- scaling`: gradient noise, the linear scaling rule, warm-up, gradient accumulation. */
import type { ScalingNotebookResult } from '../../src/engine/experiments/scaling';
import { SCALING_NOTEBOOK_DEFAULTS, runScalingNotebook } from '../../src/engine/experiments/scaling';
import { UsageError } from '../cli/args';
import { defineNotebook } from './types';

const d = SCALING_NOTEBOOK_DEFAULTS;

export const scalingNotebook = defineNotebook({
  id: 'scaling',
  summary: 'batch size, gradient noise, the linear scaling rule and gradient accumulation',
  specs: {
    seed: { kind: 'int', default: d.seed, min: 0, max: 2 ** 32 - 1, help: 'seed of the data and of every shuffle' },
    n: { kind: 'int', default: d.n, min: 256, max: 1_000_000, help: 'number of generated points N' },
    batchesPerSize: { kind: 'int', default: d.batchesPerSize, min: 2, max: 100_000, help: 'batches averaged per batch size in the variance experiment' },
    epochs: { kind: 'int', default: d.epochs, min: 1, max: 1000, help: 'epochs of the SGD and scaling-rule runs' },
    sgdLr: { kind: 'float', default: d.sgdLearningRate, min: 1e-6, max: 10, help: 'learning rate of the mini-batch SGD runs (B = 16, 64, 256)' },
    baseBatch: { kind: 'int', default: d.baseBatch, min: 1, max: 1_000_000, help: 'base batch size B of the scaling rule (runs use kB, k = 1..64)' },
    baseLr: { kind: 'float', default: d.baseLearningRate, min: 1e-6, max: 10, help: 'base learning rate eta of the scaling rule (runs use k eta)' },
    warmupEpochs: { kind: 'int', default: d.warmupEpochs, min: 0, max: 1000, help: 'epochs of linear warm-up from eta to k eta' },
    micro: { kind: 'int', default: d.micro, min: 1, max: 100_000, help: 'number K of accumulated micro-batches' },
    microBatch: { kind: 'int', default: d.microBatch, min: 1, max: 1_000_000, help: 'micro-batch size b (K b must not exceed N)' },
    dtype: { kind: 'enum', default: d.dtype, values: ['f64', 'f32'], help: 'precision of the accumulation experiment' },
  },
  run(o): ScalingNotebookResult {
    if (o.micro * o.microBatch > o.n) {
      throw new UsageError(`--micro x --micro-batch = ${o.micro * o.microBatch} is out of range: at most N = ${o.n}`);
    }
    return runScalingNotebook({
      seed: o.seed,
      n: o.n,
      batchesPerSize: o.batchesPerSize,
      epochs: o.epochs,
      sgdLearningRate: o.sgdLr,
      baseBatch: o.baseBatch,
      baseLearningRate: o.baseLr,
      warmupEpochs: o.warmupEpochs,
      micro: o.micro,
      microBatch: o.microBatch,
      dtype: o.dtype as 'f64' | 'f32',
    });
  },
  format(r) {
    const g = (x: number | null, digits = 4) => (x === null ? 'n/a' : Number(x.toPrecision(digits)).toString());
    const v = r.gradientVariance;
    const s = r.scalingRule;
    const a = r.accumulation;
    const finalLoss = (run: { finalLoss: number | null; divergedAtEpoch: number | null }) =>
      run.finalLoss === null ? `diverged (epoch ${run.divergedAtEpoch})` : g(run.finalLoss);
    // The loss after the first epoch shows where the curves part; by the end all stable runs sit
    // at the noise floor noise^2 / 2.
    const firstEpoch = (run: { losses: number[] }) => (run.losses.length > 1 ? g(run.losses[1], 3) : 'n/a');
    return [
      `Linear regression, N = ${r.n}, d = ${r.d}, seed ${r.seed} (${g(r.seconds, 3)} s)`,
      '',
      `1. Gradient variance E|g_B - g|^2 at theta = (${v.theta.join(', ')}), ${v.batchesPerSize} batches per B:`,
      ...v.batchSizes.map((b, i) => `   B = ${String(b).padStart(5)}: ${g(v.variances[i])}  (theory ${g(v.theory[i])})`),
      `   slope of ln variance vs ln B: ${g(v.slope)} (sigma^2/B law: -1); trace of the per-example covariance ${g(v.traceCovariance)}`,
      '',
      `2. Mini-batch SGD, lr ${r.sgd.learningRate}, ${r.sgd.epochs} epochs, final |theta - theta_true|:`,
      ...r.sgd.runs.map((x) => `   B = ${String(x.batch).padStart(4)}: ${x.finalError === null ? 'diverged' : g(x.finalError)}  (${x.steps} steps)`),
      `   least-squares fit: ${g(r.sgd.leastSquaresError)}`,
      '',
      `3. Linear scaling rule from B = ${s.baseBatch}, eta = ${s.baseLearningRate}, ${s.epochs} epochs; L = ${g(s.smoothness)}, stability limit 2/L = ${g(s.stabilityLimit)}`,
      `   loss after epoch 1, and final loss, without / with ${s.warmupEpochs}-epoch warm-up:`,
      ...s.runs.map(
        (x) =>
          `   k = ${String(x.k).padStart(2)} (B ${String(x.batch).padStart(6)}, eta ${g(x.learningRate)}${x.aboveStabilityLimit ? ' > 2/L' : ''}): ` +
          `epoch 1 ${firstEpoch(x.plain)} / ${firstEpoch(x.warmup)}; final ${finalLoss(x.plain)} / ${finalLoss(x.warmup)}`,
      ),
      '',
      `4. Gradient accumulation (${a.dtype}): one batch of ${a.batch} vs ${a.micro} x ${a.microBatch}: largest |difference| ${a.maxAbsDifference.toExponential(2)} (largest |gradient| ${g(a.maxAbsGradient)})`,
    ].join('\n');
  },
});
