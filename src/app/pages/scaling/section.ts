// What each experiment's section receives from the page.

import type { ScalingSettings } from './schema';

export interface SectionProps {
  values: ScalingSettings;
  setParams: (patch: Partial<ScalingSettings>) => void;
  /** Why the experiment cannot start now (bad settings, worker starting), or null. */
  blocked: string | null;
  onRun: () => void;
  /** Changes some settings in the URL and runs at once with them. */
  onRunWith: (patch: Partial<ScalingSettings>) => void;
}
