/**
 * The `bnn` notebook end to end, headless: two-moons data and its split, SVI training with
 * validation every step and early stopping, then the test AUC of the posterior predictive mean.
 * Used by the CLI and by tests.
 */
import * as E from '../ops';
import { foldIn, key, split } from '../random';
import type { ClassificationData } from '../data/twoMoons';
import { splitTrainValTest, twoMoons } from '../data/twoMoons';
import type { BnnOptimizer, BnnStepRecord, StoppingCriterion } from '../models/bnnRun';
import { BnnRun } from '../models/bnnRun';
import type { RocCurve } from '../models/bnnMetrics';
import { auc, posteriorPredictive, rocCurve } from '../models/bnnMetrics';
import { BNN_DEFAULT_STEPS, BNN_SETTINGS } from '../notebooks/bnn/settings';
import type { Trainer } from '../train/trainer';
import { trainToEnd } from '../train/collect';

export interface BnnNotebookOptions {
  optimizer: BnnOptimizer;
  /** Maximum number of steps; 0 means the optimiser's default (10,000 for Adam, 8,000 for one-cycle). */
  steps: number;
  /** Early-stopping patience in steps; 0 disables it. */
  patience: number;
  criterion: StoppingCriterion;
  seed: number;
  /** Number of generated two-moons points and their noise (ignored when `data` is given). */
  n: number;
  noise: number;
  /** Posterior draws for the predictive mean on the test set. */
  predictiveDraws: number;
  /** Data replacing the generated set (split the same way). */
  data?: ClassificationData;
  /** Called after every step (the page's live charts); return true to stop. */
  onStep?: (r: BnnStepRecord) => boolean | void;
}

export const BNN_NOTEBOOK_DEFAULTS: BnnNotebookOptions = {
  optimizer: BNN_SETTINGS.optimizer.default,
  steps: BNN_SETTINGS.steps.default,
  patience: BNN_SETTINGS.patience.default,
  criterion: BNN_SETTINGS.fair.default ? 'fair' : 'biased',
  seed: BNN_SETTINGS.seed.default,
  n: 2000,
  noise: 0.25,
  predictiveDraws: BNN_SETTINGS.draws.default,
};

export interface BnnNotebookResult {
  notebook: 'bnn';
  nTrain: number;
  nVal: number;
  nTest: number;
  stepsRun: number;
  earlyStopStep: number | null;
  stepsPerSecond: number;
  /** Normalised losses of the last step run. */
  trainLoss: number;
  valLoss: number;
  /** AUC of the posterior predictive mean of p(x) on the test set. */
  testAuc: number;
}

export interface BnnNotebookDetails {
  history: BnnStepRecord[];
  roc: RocCurve;
  seconds: number;
}

export function defaultBnnSteps(optimizer: BnnOptimizer): number {
  return BNN_DEFAULT_STEPS[optimizer];
}

export async function runBnnNotebook(options: Partial<BnnNotebookOptions> = {}): Promise<BnnNotebookResult & { details: BnnNotebookDetails }> {
  const o = { ...BNN_NOTEBOOK_DEFAULTS, ...options };
  const steps = o.steps > 0 ? o.steps : defaultBnnSteps(o.optimizer);
  const [dataKey, splitKey, runKey] = split(key(o.seed), 3);
  const data = o.data ?? twoMoons(o.n, o.noise, dataKey);
  const { train, val, test } = splitTrainValTest(data, splitKey);
  const run = new BnnRun({ train, val, key: runKey, optimizer: o.optimizer, scheduleSteps: steps, patience: o.patience, criterion: o.criterion });
  const history: BnnStepRecord[] = [];
  let asked = false;
  // The run's own stopping rule, or the caller's, ends it; its parameters are read afterwards.
  const trainer: Trainer = {
    step: () => run.step(),
    observe(r) {
      const record = run.observe(r);
      history.push(record);
      if (o.onStep?.(record) === true) asked = true;
    },
    verdict: () => (asked ? { end: 'finished' } : run.verdict()),
    dispose: () => undefined,
  };
  const r = await trainToEnd(trainer, steps);
  if (r.status !== 'finished') {
    const last = history[history.length - 1];
    throw new Error(r.status === 'diverged' ? `the run diverged at step ${r.losses.length} (loss ${last?.trainLoss ?? r.losses[r.losses.length - 1] / train.n})` : `the run failed: ${r.message}`);
  }
  const seconds = r.seconds;
  const last = history[history.length - 1];
  const xTest = E.tensor(test.x, [test.n, 2]);
  const predictive = posteriorPredictive(run.guide, run.params, xTest, o.predictiveDraws, foldIn(runKey, 0x7e57));
  return {
    notebook: 'bnn',
    nTrain: train.n,
    nVal: val.n,
    nTest: test.n,
    stepsRun: run.steps,
    earlyStopStep: run.earlyStopStep,
    stepsPerSecond: run.steps / seconds,
    trainLoss: last.trainLoss,
    valLoss: last.valLoss,
    testAuc: auc(predictive.mean, test.y),
    details: { history, roc: rocCurve(predictive.mean, test.y), seconds },
  };
}
