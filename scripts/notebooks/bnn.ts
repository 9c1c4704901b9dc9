/** `npm run notebook -- bnn`: a Bayesian neural network on two moons, trained with SVI. */
import type { BnnNotebookResult } from '../../src/engine/experiments/bnnNotebook';
import { runBnnNotebook } from '../../src/engine/experiments/bnnNotebook';
import type { ClassificationData } from '../../src/engine/data/twoMoons';
import { BNN_SETTINGS } from '../../src/engine/notebooks/bnn/settings';
import { cliSettings } from '../../src/engine/settings';
import { defineNotebook } from './types';
import { loadOwnData, pointRows } from './loadCsv';

export const bnnNotebook = defineNotebook({
  id: 'bnn',
  summary: 'Bayesian neural network on two moons: SVI, early stopping, test AUC',
  settings: cliSettings(BNN_SETTINGS),
  async run(o): Promise<BnnNotebookResult> {
    const data = loadOwnData(o.data, ['x1', 'x2', 'label'], (t): ClassificationData | { problem: string } => {
      const bad = t.columns.label.findIndex((label) => label !== 0 && label !== 1);
      if (bad >= 0) return { problem: `row ${bad + 1} has label ${t.columns.label[bad]}; labels must be 0 or 1` };
      return { x: pointRows(t.columns.x1, t.columns.x2), y: t.columns.label, n: t.rows };
    });
    const r = await runBnnNotebook({ optimizer: o.optimizer, steps: o.steps, patience: o.patience, seed: o.seed, data });
    return {
      notebook: r.notebook,
      nTrain: r.nTrain,
      nVal: r.nVal,
      nTest: r.nTest,
      stepsRun: r.stepsRun,
      earlyStopStep: r.earlyStopStep,
      stepsPerSecond: r.stepsPerSecond,
      trainLoss: r.trainLoss,
      valLoss: r.valLoss,
      testAuc: r.testAuc,
    };
  },
  format(r) {
    const f = (x: number, digits = 4) => Number(x.toPrecision(digits)).toString();
    return [
      `Bayesian MLP 2-4-3-1 on ${r.nTrain} training, ${r.nVal} validation and ${r.nTest} test points`,
      `${r.stepsRun} steps at ${f(r.stepsPerSecond, 4)} steps/s (validation loss every step); ` +
        (r.earlyStopStep === null ? 'no early stop' : `stopped early at step ${r.earlyStopStep}`),
      `final loss per point: train ${f(r.trainLoss)}, validation ${f(r.valLoss)}`,
      `test AUC of the posterior predictive mean ${f(r.testAuc)}`,
    ].join('\n');
  },
});
