// The settings-and-run panel of a page with one training run: the page's fields, then the run
// buttons with the link to copy, then why the run stopped, if it did.

import type { ReactNode } from 'react';
import { RunMessage } from './RunMessage';
import { TrainingRunLine, type TrainingRunLineProps } from './TrainingRunLine';

export interface TrainingPanelProps extends TrainingRunLineProps {
  /** The run's message (why it stopped or failed), or null. */
  readonly message?: string | null;
  /** The page's settings: fields, its own-data box. */
  readonly children: ReactNode;
}

export function TrainingPanel({ phase, actions, blockedReason, message = null, children }: TrainingPanelProps) {
  return (
    <section className="controls-panel" aria-label="Settings and run">
      {children}
      <TrainingRunLine phase={phase} actions={actions} blockedReason={blockedReason} />
      <RunMessage message={message} />
    </section>
  );
}

