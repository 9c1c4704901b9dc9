// What a page hands its settings-and-run panel: the URL-held settings, how to change them, the
// page's run actions, and why running is not possible yet (or null).

import type { Schema, Values } from '../urlState';

export interface PageControlsProps<S extends Schema, Actions> {
  readonly values: Values<S>;
  readonly setParams: (patch: Partial<Values<S>>) => void;
  readonly actions: Actions;
  readonly blockedReason: string | null;
}
