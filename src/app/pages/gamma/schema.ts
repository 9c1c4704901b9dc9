// The gamma page's settings, all in the URL so that a link reproduces a run. They are declared
// once, with the command line's, in src/engine/notebooks/gamma/settings.ts.

import { GAMMA_SETTINGS } from '../../../engine/notebooks/gamma/settings';
import { pageSettings } from '../../../engine/settings';
import type { Values } from '../../urlState';

export const GAMMA_SCHEMA = pageSettings(GAMMA_SETTINGS);

export type GammaSettings = Values<typeof GAMMA_SCHEMA>;
