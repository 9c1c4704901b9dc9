// The bnn page's settings, all in the URL so that a link reproduces a run.

import { boolParam, enumParam, intParam, type Values } from '../../urlState';

export const BNN_SCHEMA = {
  optimizer: enumParam('Optimiser', 'adam', ['adam', 'onecycle']),
  steps: intParam('Maximum steps', 0, 0, 100_000),
  patience: intParam('Patience', 200, 0, 100_000),
  fair: boolParam('Fair criterion: compare the likelihood per point only', false),
  dataSeed: intParam('Data seed', 0, 0, 2_147_483_647),
  seed: intParam('Training seed', 0, 0, 2_147_483_647),
  priorSeed: intParam('Prior draws seed', 0, 0, 2_147_483_647),
  draws: intParam('Posterior draws', 2000, 10, 20_000),
} as const;

export type BnnSettings = Values<typeof BNN_SCHEMA>;

/** The predictive heatmaps: a 50 x 50 grid over [-5, 5]^2, 32 guide draws per picture. */
export const GRID = { size: 50, extent: 5, draws: 32 } as const;

/** Prior predictive check: this many networks on a coarser grid. */
export const PRIOR = { count: 6, size: 40 } as const;
