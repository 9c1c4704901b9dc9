// The svgp page's settings, all in the URL so that a link reproduces a run. They are declared
// once, with the command line's, in src/engine/notebooks/svgp/settings.ts.

import { SVGP_SETTINGS, checkSvgpSettings } from '../../../engine/notebooks/svgp/settings';
import { pageSettings } from '../../../engine/settings';
import type { Values } from '../../urlState';

export const SVGP_SCHEMA = pageSettings(SVGP_SETTINGS);

export type SvgpSettings = Values<typeof SVGP_SCHEMA>;

/** Problems that involve more than one setting (each setting alone is checked by the schema). */
export const crossCheck = (s: SvgpSettings): string[] => checkSvgpSettings(s);
