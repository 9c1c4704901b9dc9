/**
 * The svgp notebook's settings (full-batch against mini-batch SVGP training), declared once: the
 * page's URL, `npm run notebook -- svgp` and the model's defaults (SVGP_DEFAULTS) read them.
 */
import { canonicalName, cliOnly, enumSetting, exceedsData, floatSetting, intSetting, pageOnly, pathSetting, seedSetting } from '../../settings';
import type { NameOf, SharedSettings, Values } from '../../settings';

export const SVGP_SETTINGS = {
  n: intSetting({ label: 'Data points N', help: 'number of generated points N', default: 10_000, min: 100, max: 100_000 }),
  batch: intSetting({ label: 'Batch size B', help: 'mini-batch size B, at most N', default: 200, min: 1, max: 100_000, aliases: ['b'] }),
  m: intSetting({ label: 'Inducing inputs M', help: 'number of inducing inputs M', default: 50, min: 4, max: 200 }),
  learningRate: floatSetting({ label: 'Learning rate', help: 'Adam learning rate', default: 0.05, min: 1e-5, max: 1, aliases: ['lr'] }),
  // 0 steps skip a run (the command line prints null for it; on the page it ends at once).
  fullSteps: intSetting({ label: 'Full-batch steps', help: 'full-batch Adam steps (0 skips the run)', default: 300, min: 0, max: 10_000 }),
  miniSteps: intSetting({ label: 'Mini-batch steps', help: 'mini-batch Adam steps (0 skips the run)', default: 15_000, min: 0, max: 1_000_000 }),
  // The command line draws the data and the batches from one seed.
  dataSeed: pageOnly(seedSetting({ label: 'Data seed' })),
  seed: seedSetting({ label: 'Batch seed', help: 'seed of the data and of the mini-batch draws' }),
  dtype: cliOnly(enumSetting({ label: 'Precision', help: 'floating-point precision', default: 'f64', values: ['f64', 'f32'] })),
  data: pathSetting({ label: 'Data file', help: 'CSV with header x1,x2,y replacing the generated data' }),
};

/** Problems that involve more than one setting; `name` shows a setting as the reader writes it. */
export function checkSvgpSettings(
  v: Pick<Values<SharedSettings<typeof SVGP_SETTINGS>>, 'batch' | 'n'>,
  name: NameOf<typeof SVGP_SETTINGS> = canonicalName,
): string[] {
  return v.batch > v.n ? [exceedsData(name('batch'), v.batch, v.n)] : [];
}
