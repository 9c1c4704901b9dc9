// Run / Pause / Step / Reset for a training run. Each button is enabled only
// when it can do something, and a disabled Run says why next to it.

import { useId } from 'react';
import { useSpaceToggle } from './useSpaceToggle';
import type { Phase } from '../worker/runState';

export interface RunControlsProps {
  readonly status: Phase;
  readonly onRun: () => void;
  readonly onPause: () => void;
  /** One optimisation step while idle or paused; leave out to hide the Step button. */
  readonly onStep?: () => void;
  readonly onReset: () => void;
  /** When set, Run and Step are disabled and this text says why (e.g. a bad URL parameter). */
  readonly blockedReason?: string | null;
  /** Names the group for screen readers, e.g. "Training". */
  readonly label?: string;
  /** Space runs or pauses this run (default true; turn off when a page has several). */
  readonly spaceToggles?: boolean;
}

const STATUS_TEXT: Record<Phase, string> = {
  idle: 'Ready',
  running: 'Running',
  paused: 'Paused',
  finished: 'Finished',
  failed: 'Failed',
};

export function RunControls({
  status,
  onRun,
  onPause,
  onStep,
  onReset,
  blockedReason = null,
  label = 'Run controls',
  spaceToggles = true,
}: RunControlsProps) {
  const reasonId = useId();
  const blocked = blockedReason !== null && blockedReason !== '';
  const canRun = !blocked && (status === 'idle' || status === 'paused');
  const canPause = status === 'running';
  const canStep = !blocked && (status === 'idle' || status === 'paused');
  const canReset = status !== 'idle';

  useSpaceToggle(() => {
    if (canPause) onPause();
    else if (canRun) onRun();
  }, spaceToggles);

  return (
    <div className="run-controls" role="group" aria-label={label}>
      <button
        type="button"
        className="button primary"
        onClick={onRun}
        disabled={!canRun}
        aria-describedby={blocked ? reasonId : undefined}
      >
        {status === 'paused' ? 'Resume' : 'Run'}
      </button>
      <button type="button" className="button" onClick={onPause} disabled={!canPause}>
        Pause
      </button>
      {onStep ? (
        <button type="button" className="button" onClick={onStep} disabled={!canStep}>
          Step
        </button>
      ) : null}
      <button type="button" className="button" onClick={onReset} disabled={!canReset}>
        Reset
      </button>
      <span className={`run-status run-status-${status}`} aria-live="polite">
        {STATUS_TEXT[status]}
      </span>
      {blocked ? (
        <span id={reasonId} className="run-blocked">
          {blockedReason}
        </span>
      ) : spaceToggles ? (
        <span className="run-hint">
          <kbd>Space</kbd> runs or pauses
        </span>
      ) : null}
    </div>
  );
}
