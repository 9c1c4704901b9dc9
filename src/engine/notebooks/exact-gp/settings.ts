/**
 * The exact-gp notebook's settings (exact GP regression, its two gradient paths and its cost
 * against N), declared once: the page's URL, `npm run notebook -- exact-gp` and the model's
 * defaults (EXACT_GP_DEFAULTS) read them.
 */
import { enumSetting, floatSetting, intListSetting, intSetting, pageOnly, pathSetting, seedSetting } from '../../settings';

/** The largest N anywhere: an N x N matrix in float64 takes 8 N^2 bytes (200 MB at 5,000). */
export const EXACT_GP_MAX_N = 5000;

export const EXACT_GP_SETTINGS = {
  n: intSetting({ label: 'Data points N', help: 'number of generated points N', default: 200, min: 2, max: EXACT_GP_MAX_N }),
  steps: intSetting({ label: 'Adam steps', help: 'full-batch Adam steps', default: 50, min: 1, max: 1000 }),
  learningRate: floatSetting({ label: 'Learning rate', help: 'Adam learning rate', default: 0.1, min: 1e-4, max: 1, aliases: ['lr'] }),
  seed: seedSetting({ label: 'Data seed', help: 'seed of the generated data (and of the data of every size in the sweep)' }),
  path: enumSetting({
    label: 'Gradient path',
    help: 'how the gradient of the training run is computed: the hand-written op or reverse mode through the factorisation',
    default: 'fused',
    values: ['fused', 'generic'],
  }),
  sizes: intListSetting({
    label: 'Sweep sizes N',
    help: 'data sizes whose time per training step the size sweep measures, both paths',
    default: [50, 100, 200, 500, 1000, 2000],
    min: 2,
    max: EXACT_GP_MAX_N,
    maxLength: 12,
  }),
  // On the page it applies to the cpu; WebGPU computes in float32 whatever is chosen.
  dtype: enumSetting({ label: 'Precision', help: 'floating-point precision', default: 'f64', values: ['f64', 'f32'] }),
  sweepBudget: pageOnly(
    intSetting({ label: 'Timing per figure (ms)', help: 'milliseconds of timed steps the sweep aims for per figure (a step slower than that is timed once)', default: 1000, min: 10, max: 10_000 }),
  ),
  data: pathSetting({ label: 'Data file', help: 'CSV with header x,y replacing the generated data' }),
};

/** Which gradient computation a run uses. */
export type GradientPath = (typeof EXACT_GP_SETTINGS.path.values)[number];
