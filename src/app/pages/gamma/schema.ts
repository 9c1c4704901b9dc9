// The gamma page's settings, all in the URL so that a link reproduces a run.

import { floatParam, intParam, type Values } from '../../urlState';

export const GAMMA_SCHEMA = {
  a: floatParam('True concentration', 2, 0.1, 10),
  n: intParam('Sample size', 1000, 10, 10_000),
  particles: intParam('Particles K', 10, 1, 1000),
  steps: intParam('Steps', 1000, 1, 100_000),
  lr: floatParam('Learning rate', 0.005, 1e-5, 1),
  dataSeed: intParam('Data seed', 0, 0, 2_147_483_647),
  seed: intParam('Particle seed', 0, 0, 2_147_483_647),
} as const;

export type GammaSettings = Values<typeof GAMMA_SCHEMA>;
