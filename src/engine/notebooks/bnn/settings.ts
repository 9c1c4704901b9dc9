/**
 * The bnn notebook's settings (a Bayesian neural network on two moons), declared once: the page's
 * URL, `npm run notebook -- bnn` and the engine's defaults (BNN_DEFAULTS, BNN_NOTEBOOK_DEFAULTS)
 * read them.
 */
import type { BnnOptimizer } from '../../models/bnnRun';
import { boolSetting, enumSetting, intSetting, pageOnly, pathSetting, seedSetting } from '../../settings';

/** Steps of a run when `steps` is 0: the optimiser's own length (for one-cycle, its schedule's). */
export const BNN_DEFAULT_STEPS: Readonly<Record<BnnOptimizer, number>> = { adam: 10_000, onecycle: 8_000 };

const fmt = (v: number) => v.toLocaleString('en-US');

export const BNN_SETTINGS = {
  optimizer: enumSetting<BnnOptimizer>({
    label: 'Optimiser',
    help: 'Adam 0.01, or one-cycle (peak 0.008) with reduce-on-plateau',
    default: 'adam',
    values: ['adam', 'onecycle'],
  }),
  steps: intSetting({
    label: 'Maximum steps',
    help: `maximum steps; 0 = the optimiser's default (${fmt(BNN_DEFAULT_STEPS.adam)} for adam, ${fmt(BNN_DEFAULT_STEPS.onecycle)} for onecycle, which is also the schedule's length)`,
    default: 0,
    min: 0,
    max: 100_000,
  }),
  patience: intSetting({
    label: 'Patience',
    help: 'stop once validation loss > training loss for this many consecutive steps (0: never)',
    default: 200,
    min: 0,
    max: 100_000,
  }),
  fair: pageOnly(boolSetting({ label: 'Fair criterion: compare the likelihood per point only', default: false })),
  // The command line draws the data, the split and the run from one seed.
  dataSeed: pageOnly(seedSetting({ label: 'Data seed' })),
  seed: seedSetting({ label: 'Training seed', help: 'seed of the data, the split, the initial guide and the draws' }),
  priorSeed: pageOnly(seedSetting({ label: 'Prior draws seed' })),
  draws: pageOnly(intSetting({ label: 'Posterior draws', help: 'posterior draws for the predictive mean on the test set', default: 2000, min: 10, max: 20_000 })),
  data: pathSetting({
    label: 'Data file',
    help: 'CSV with header x1,x2,label (label 0 or 1) replacing the two moons; split 30% test, then 30% validation',
  }),
};
