// The exact-gp page's settings, all in the URL so that a link reproduces a run. They are declared
// once, with the command line's, in src/engine/notebooks/exact-gp/settings.ts.

import { EXACT_GP_SETTINGS } from '../../../engine/notebooks/exact-gp/settings';
import { pageSettings } from '../../../engine/settings';
import type { Values } from '../../urlState';
import type { PageControlsProps } from '../../controls';
import type { RunActions } from '../../worker/useRun';

export const EXACT_GP_SCHEMA = pageSettings(EXACT_GP_SETTINGS);

export type ExactGpSettings = Values<typeof EXACT_GP_SCHEMA>;

/** What each of the page's two run panels (the training run, the size sweep) is handed. */
export interface ExactGpPanelProps extends PageControlsProps<typeof EXACT_GP_SCHEMA, RunActions> {
  /** The worker runs on WebGPU, which computes in float32 and runs the sweep before the CPU's. */
  readonly onGpu: boolean;
}
