// The exact-gp page's settings, all in the URL so that a link reproduces a run. They are declared
// once, with the command line's, in src/engine/notebooks/exact-gp/settings.ts.

import { EXACT_GP_SETTINGS } from '../../../engine/notebooks/exact-gp/settings';
import { pageSettings } from '../../../engine/settings';
import type { Values } from '../../urlState';

export const EXACT_GP_SCHEMA = pageSettings(EXACT_GP_SETTINGS);

export type ExactGpSettings = Values<typeof EXACT_GP_SCHEMA>;
