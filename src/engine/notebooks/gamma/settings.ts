/**
 * The gamma notebook's settings (SVI for a Gamma concentration), declared once: the page's URL,
 * `npm run notebook -- gamma` and the model's defaults (GAMMA_DEFAULTS) read them.
 */
import { floatSetting, intSetting, pageOnly, pathSetting, seedSetting } from '../../settings';

export const GAMMA_SETTINGS = {
  concentration: floatSetting({ label: 'True concentration', help: 'true concentration a of the generated data', default: 2, min: 0.1, max: 10, aliases: ['a'] }),
  n: intSetting({ label: 'Sample size', help: 'number of generated observations', default: 1000, min: 10, max: 10_000 }),
  particles: intSetting({ label: 'Particles K', help: 'Trace ELBO particles per step', default: 10, min: 1, max: 1000 }),
  steps: intSetting({ label: 'Steps', help: 'Adam steps', default: 1000, min: 1, max: 100_000 }),
  learningRate: floatSetting({ label: 'Learning rate', help: 'Adam learning rate', default: 0.005, min: 1e-5, max: 1, aliases: ['lr'] }),
  // The command line draws the data and the particles from one seed (split in two, as the page does).
  dataSeed: pageOnly(seedSetting({ label: 'Data seed' })),
  seed: seedSetting({ label: 'Particle seed', help: 'seed of the data and of the particles' }),
  data: pathSetting({ label: 'Data file', help: 'CSV with header z (positive values) replacing the generated data' }),
};
