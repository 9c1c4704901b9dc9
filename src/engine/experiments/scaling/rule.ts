/** Experiment 3 of the scaling notebook: the linear scaling rule, its stability limit and warm-up. */
import { constant, linearWarmup } from '../../optim/schedules';
import { smoothness } from '../../models/linearRegression';
import type { DataChoice } from './common';
import { D, dataFor, streamKey } from './common';
import { ksUpTo } from '../../notebooks/scaling/sizes';
import type { SgdRunResult } from './sgd';
import { runSgd } from './sgd';

export interface ScalingRuleOptions extends DataChoice {
  baseBatch?: number;
  baseLearningRate?: number;
  ks?: readonly number[];
  epochs?: number;
  /** Length of the linear warm-up in epochs (default 3). */
  warmupEpochs?: number;
  /** Called once before any run, with L, 2/L and the settings of every run. */
  onStart?: (info: RuleStart) => void;
  /** Called at the start and after every epoch of every run, plain then warmed up, k by k. */
  onEpoch?: (p: RuleEpochPoint) => void;
  /** Called when both runs of a k have ended, with its entry of the result. */
  onRun?: (run: ScalingRuleResult['runs'][number]) => void;
}

/** What is known before the scaling-rule runs start. */
export interface RuleStart {
  smoothness: number;
  stabilityLimit: number;
  runs: { k: number; batch: number; learningRate: number; stepsPerEpoch: number; aboveStabilityLimit: boolean }[];
}

/** One epoch of one scaling-rule run. */
export interface RuleEpochPoint {
  k: number;
  /** True for the run with linear warm-up. */
  warmup: boolean;
  epoch: number;
  loss: number;
}

export interface ScalingRuleRun {
  /** Full loss at the start and after each epoch (shorter if diverged). */
  losses: number[];
  /** Full loss after the last epoch; null if the run diverged. */
  finalLoss: number | null;
  diverged: boolean;
  divergedAtEpoch: number | null;
}

export interface ScalingRuleResult {
  baseBatch: number;
  baseLearningRate: number;
  epochs: number;
  warmupEpochs: number;
  /** L = largest eigenvalue of X^T X / N. */
  smoothness: number;
  /** 2 / L: gradient descent on this loss diverges for a step size above it. */
  stabilityLimit: number;
  runs: {
    k: number;
    /** min(k * baseBatch, N). */
    batch: number;
    /** k * baseLearningRate. */
    learningRate: number;
    stepsPerEpoch: number;
    aboveStabilityLimit: boolean;
    plain: ScalingRuleRun;
    warmup: ScalingRuleRun;
  }[];
}

/**
 * The linear scaling rule (Goyal et al. 2017, "Accurate, large minibatch SGD: training ImageNet
 * in 1 hour", Sec. 2.1): when the batch grows from B to kB, multiply the learning rate by k, so
 * that one step of k eta on kB points moves theta as far, in expectation, as k steps of eta on B
 * points did. Each (kB, k eta) is trained from theta = 0 for `epochs` epochs, once with the
 * constant rate and once with Goyal et al.'s gradual warm-up (Sec. 2.2): linear from eta to
 * k eta over the first `warmupEpochs` epochs.
 *
 * On this quadratic loss the rule breaks where k eta nears the stability limit 2/L, L the
 * largest eigenvalue of the Hessian X^T X / N (here about 1, so 2/L is about 1.9): a gradient
 * step multiplies the error along the top eigenvector by (1 - eta L), whose size exceeds 1 for
 * eta > 2/L. Warm-up only delays that here, since the curvature is the same everywhere; in deep
 * networks it helps because the early iterates sit in sharper regions than the later ones.
 */
export function scalingRule(o: ScalingRuleOptions): ScalingRuleResult {
  const data = dataFor(o);
  const baseBatch = o.baseBatch ?? D.baseBatch;
  const eta = o.baseLearningRate ?? D.baseLearningRate;
  const epochs = o.epochs ?? D.ruleEpochs;
  const warmupEpochs = o.warmupEpochs ?? D.warmupEpochs;
  const L = smoothness(data);
  const shuffleKey = streamKey(o.seed, 3);
  const summary = (r: SgdRunResult): ScalingRuleRun => ({
    losses: r.losses,
    finalLoss: r.diverged ? null : r.losses[r.losses.length - 1],
    diverged: r.diverged,
    divergedAtEpoch: r.divergedAtEpoch,
  });
  const ks = o.ks ?? ksUpTo(D.maxK);
  o.onStart?.({
    smoothness: L,
    stabilityLimit: 2 / L,
    runs: ks.map((k) => {
      const batch = Math.min(k * baseBatch, data.n);
      return { k, batch, learningRate: k * eta, stepsPerEpoch: Math.ceil(data.n / batch), aboveStabilityLimit: k * eta >= 2 / L };
    }),
  });
  const runs = ks.map((k) => {
    const batch = Math.min(k * baseBatch, data.n);
    const learningRate = k * eta;
    const stepsPerEpoch = Math.ceil(data.n / batch);
    const report = (warmup: boolean) => o.onEpoch && ((epoch: number, loss: number) => o.onEpoch?.({ k, warmup, epoch, loss }));
    const plain = runSgd(data, { batch, schedule: constant(learningRate), epochs, shuffleKey, onEpoch: report(false) });
    const warm = runSgd(data, {
      batch,
      schedule: linearWarmup({ start: eta, peak: learningRate, warmupSteps: warmupEpochs * stepsPerEpoch }),
      epochs,
      shuffleKey,
      onEpoch: report(true),
    });
    const run = { k, batch, learningRate, stepsPerEpoch, aboveStabilityLimit: learningRate >= 2 / L, plain: summary(plain), warmup: summary(warm) };
    o.onRun?.(run);
    return run;
  });
  return { baseBatch, baseLearningRate: eta, epochs, warmupEpochs, smoothness: L, stabilityLimit: 2 / L, runs };
}
