// The run buttons of a page with one training run, with the reminder that new settings wait for
// the next run and the button that copies the page's link.

import { CopyLinkButton } from '../CopyLinkButton';
import { RunControls } from './RunControls';
import type { Phase } from '../worker/runState';

export interface TrainingRunLineProps {
  readonly phase: Phase;
  readonly actions: { readonly run: () => void; readonly pause: () => void; readonly step: () => void; readonly reset: () => void };
  readonly blockedReason: string | null;
}

export function TrainingRunLine({ phase, actions, blockedReason }: TrainingRunLineProps) {
  return (
    <>
      {phase !== 'idle' ? <p className="run-hint">New settings take effect when a run is started again.</p> : null}
      <div className="run-line">
        <RunControls label="Training" status={phase} onRun={actions.run} onPause={actions.pause} onStep={actions.step} onReset={actions.reset} blockedReason={blockedReason} />
        <CopyLinkButton />
      </div>
    </>
  );
}
