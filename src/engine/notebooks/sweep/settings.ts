/**
 * The sweep notebook's settings (SVGP step time and time to target against the batch size),
 * declared once; the page's URL reads them. The data, the model and the optimiser are the svgp
 * notebook's, so those settings are the svgp notebook's own.
 */
import { floatSetting, intSetting } from '../../settings';
import { SVGP_SETTINGS } from '../svgp/settings';

export const SWEEP_SETTINGS = {
  n: SVGP_SETTINGS.n,
  m: SVGP_SETTINGS.m,
  learningRate: SVGP_SETTINGS.learningRate,
  warmupSteps: intSetting({ label: 'Warm-up steps (not timed)', default: 3, min: 0, max: 100, aliases: ['warmup'] }),
  timedSteps: intSetting({ label: 'Timed steps per batch size', default: 30, min: 1, max: 1000, aliases: ['timed'] }),
  targetPerPoint: floatSetting({ label: 'Target negative ELBO per point', default: -0.6, min: -2, max: 100, aliases: ['target'] }),
  budgetSeconds: floatSetting({ label: 'Time budget per batch size', default: 20, min: 0.5, max: 600, aliases: ['budget'] }),
  dataSeed: SVGP_SETTINGS.dataSeed,
  seed: SVGP_SETTINGS.seed,
};
