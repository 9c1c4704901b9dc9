/**
 * The scaling notebook's settings (gradient noise, the linear scaling rule, warm-up, gradient
 * accumulation, and the rule on a Bayesian network), declared once: the page's URL,
 * `npm run notebook -- scaling` and the experiments' defaults read them. The command line runs
 * experiments 1 to 4 with one epoch count; the page runs all five, each with its own.
 */
import { boolSetting, canonicalName, cliOnly, enumSetting, exceedsData, floatSetting, intSetting, pageOnly, seedSetting } from '../../settings';
import type { NameOf, SharedSettings, Values } from '../../settings';

const EPOCHS = intSetting({ label: 'Epochs', default: 20, min: 1, max: 200 });

export const SCALING_SETTINGS = {
  // The linear-regression data (experiments 1 to 4).
  n: intSetting({ label: 'Data points N', help: 'number of generated points N', default: 10_000, min: 1_000, max: 100_000 }),
  seed: seedSetting({ label: 'Seed', help: 'seed of the data and of every shuffle' }),
  // 1. Gradient variance.
  batchesPerSize: intSetting({
    label: 'Batches per batch size',
    help: 'batches averaged per batch size in the variance experiment',
    default: 1000,
    min: 10,
    max: 10_000,
    aliases: ['batches'],
  }),
  // 2. Mini-batch SGD.
  sgdLearningRate: floatSetting({
    label: 'SGD learning rate η',
    help: 'learning rate of the mini-batch SGD runs (B = 16, 64, 256)',
    default: 0.1,
    min: 0.0001,
    max: 5,
    aliases: ['sgdLr'],
  }),
  sgdEpochs: pageOnly({ ...EPOCHS, label: 'SGD epochs' }),
  epochs: cliOnly({ ...EPOCHS, help: 'epochs of the SGD and scaling-rule runs' }),
  // 3. The linear scaling rule.
  baseBatch: intSetting({
    label: 'Base batch size B',
    help: 'base batch size B of the scaling rule (runs use kB, k = 1..64)',
    default: 32,
    min: 1,
    max: 4096,
    aliases: ['baseB'],
  }),
  baseLearningRate: floatSetting({
    label: 'Base learning rate η',
    help: 'base learning rate eta of the scaling rule (runs use k eta)',
    default: 0.01,
    min: 0.0001,
    max: 1,
    aliases: ['baseLr'],
  }),
  maxK: pageOnly(enumSetting({ label: 'Largest k', default: '64', values: ['8', '16', '32', '64', '128', '256'] })),
  ruleEpochs: pageOnly({ ...EPOCHS, label: 'Epochs per run' }),
  warmup: pageOnly(boolSetting({ label: 'Show the runs with linear warm-up', default: false })),
  warmupEpochs: intSetting({ label: 'Warm-up epochs', help: 'epochs of linear warm-up from eta to k eta', default: 3, min: 0, max: 50 }),
  // 4. Gradient accumulation.
  micro: intSetting({ label: 'Micro-batches K', help: 'number K of accumulated micro-batches', default: 8, min: 1, max: 1024 }),
  microBatch: intSetting({ label: 'Micro-batch size b', help: 'micro-batch size b (K b must not exceed N)', default: 32, min: 1, max: 4096 }),
  dtype: cliOnly(enumSetting({ label: 'Precision', help: 'precision of the accumulation experiment', default: 'f64', values: ['f64', 'f32'] })),
  // 5. The rule on the Bayesian network's ELBO (the page only: it takes minutes, not a second).
  bnnB: pageOnly(intSetting({ label: 'Network: base batch B', default: 8, min: 1, max: 980 })),
  bnnLr: pageOnly(floatSetting({ label: 'Network: base rate η', default: 0.1, min: 0.00001, max: 10 })),
  bnnOpt: pageOnly(enumSetting({ label: 'Network: optimiser', default: 'sgd', values: ['sgd', 'adam'] })),
  bnnMaxK: pageOnly(enumSetting({ label: 'Network: largest k', default: '64', values: ['4', '8', '16', '32', '64', '128'] })),
  bnnEpochs: pageOnly(intSetting({ label: 'Network: epochs', default: 30, min: 1, max: 200 })),
  bnnWarmup: pageOnly(intSetting({ label: 'Network: warm-up epochs', default: 0, min: 0, max: 50 })),
  bnnGrow: pageOnly(boolSetting({ label: 'Weight draws per step grow with k', default: false })),
};

/** Problems that involve more than one setting; `name` shows a setting as the reader writes it. */
export function checkScalingSettings(
  v: Pick<Values<SharedSettings<typeof SCALING_SETTINGS>>, 'n' | 'micro' | 'microBatch' | 'baseBatch'>,
  name: NameOf<typeof SCALING_SETTINGS> = canonicalName,
): string[] {
  const out: string[] = [];
  if (v.micro * v.microBatch > v.n) {
    out.push(
      `${name('micro')} × ${name('microBatch')} = ${v.micro * v.microBatch} is more than the N = ${v.n} data points: the big batch K b must fit in the data`,
    );
  }
  if (v.baseBatch > v.n) out.push(exceedsData(name('baseBatch'), v.baseBatch, v.n));
  return out;
}
