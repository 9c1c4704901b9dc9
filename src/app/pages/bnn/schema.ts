// The bnn page's settings, all in the URL so that a link reproduces a run. They are declared
// once, with the command line's, in src/engine/notebooks/bnn/settings.ts.

import { BNN_SETTINGS } from '../../../engine/notebooks/bnn/settings';
import { pageSettings } from '../../../engine/settings';
import type { Values } from '../../urlState';

export const BNN_SCHEMA = pageSettings(BNN_SETTINGS);

export type BnnSettings = Values<typeof BNN_SCHEMA>;

/** The predictive heatmaps: a 50 x 50 grid over [-5, 5]^2, 32 guide draws per picture. */
export const GRID = { size: 50, extent: 5, draws: 32 } as const;

/** Prior predictive check: this many networks on a coarser grid. */
export const PRIOR = { count: 6, size: 40 } as const;
