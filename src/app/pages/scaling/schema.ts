// The scaling page's settings, all in the URL so that a link reproduces every experiment. They
// are declared once, with the command line's, in src/engine/notebooks/scaling/settings.ts.

import { SCALING_SETTINGS, checkScalingSettings } from '../../../engine/notebooks/scaling/settings';
import { pageSettings } from '../../../engine/settings';
import type { Values } from '../../urlState';

export { SGD_BATCHES, accumulationMicros, ksUpTo, powersOfTwo, varianceBatchSizes } from '../../../engine/notebooks/scaling/sizes';

export const SCALING_SCHEMA = pageSettings(SCALING_SETTINGS);

export type ScalingSettings = Values<typeof SCALING_SCHEMA>;

/** Problems that involve more than one setting (each setting alone is checked by the schema). */
export const crossCheck = (s: ScalingSettings): string[] => checkScalingSettings(s);
