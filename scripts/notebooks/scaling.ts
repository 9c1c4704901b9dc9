/** `npm run notebook -- scaling`: gradient noise, the linear scaling rule, warm-up, gradient accumulation. */
import type { ScalingNotebookResult } from '../../src/engine/experiments/scaling';
import { runScalingNotebook } from '../../src/engine/experiments/scaling';
import { SCALING_SETTINGS, checkScalingSettings } from '../../src/engine/notebooks/scaling/settings';
import { cliSettings } from '../../src/engine/settings';
import { flagName, refuse } from '../cli/args';
import { defineNotebook } from './types';

export const scalingNotebook = defineNotebook({
  id: 'scaling',
  summary: 'batch size, gradient noise, the linear scaling rule and gradient accumulation',
  settings: cliSettings(SCALING_SETTINGS),
  run(o): ScalingNotebookResult {
    refuse(checkScalingSettings(o, flagName));
    return runScalingNotebook(o);
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
