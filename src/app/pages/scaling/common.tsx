// Pieces every experiment of the scaling page shares: its run bar and where it ran.

import type { ReactNode } from 'react';
import { CopyLinkButton } from '../../CopyLinkButton';
import { RunMessage } from '../../controls';
import { sig } from '../../format';
import type { Placement } from '../../../workers/scaling/protocol';
import type { Status } from './scalingStore';

export interface RunBarProps {
  /** Used for the status element's test id, e.g. "variance". */
  id: string;
  label: string;
  status: Status;
  /** Why the experiment cannot start now, or null. */
  blocked: string | null;
  onRun: () => void;
  seconds?: number | null;
  /** Extra buttons after the run button (e.g. Stop). */
  extra?: ReactNode;
  /** What is happening while it runs, e.g. "k = 8, epoch 12 of 30". */
  progress?: string | null;
}

function statusText(p: RunBarProps): string {
  if (p.status === 'running') return p.progress ? `Running: ${p.progress}` : 'Running…';
  if (p.status === 'paused') return p.progress ? `Paused: ${p.progress}` : 'Paused';
  if (p.blocked) return p.blocked;
  if (p.status === 'done') return p.seconds === undefined || p.seconds === null ? 'Done' : `Done in ${sig(p.seconds)} s`;
  if (p.status === 'stopped') return 'Stopped';
  if (p.status === 'failed') return 'Failed (see below)';
  return 'Ready';
}

export function RunBar(p: RunBarProps) {
  return (
    <div className="run-both">
      <button type="button" className="button primary" disabled={p.blocked !== null || p.status === 'running' || p.status === 'paused'} onClick={p.onRun}>
        {p.label}
      </button>
      {p.extra}
      <CopyLinkButton />
      <span className={p.status === 'running' ? 'run-status run-status-running' : 'run-status'} aria-live="polite" data-testid={`${p.id}-status`}>
        {statusText(p)}
      </span>
    </div>
  );
}

export interface ExperimentPanelProps extends RunBarProps {
  /** The panel's name for screen readers, e.g. "Experiment 1 settings". */
  settingsLabel: string;
  /** Why the last run failed, or null. */
  error: string | null;
  /** The experiment's settings. */
  children: ReactNode;
}

/** An experiment's settings, its run bar and why its last run failed. */
export function ExperimentPanel({ settingsLabel, error, children, ...bar }: ExperimentPanelProps) {
  return (
    <section className="controls-panel scaling-controls" aria-label={settingsLabel}>
      {children}
      <RunBar {...bar} />
      <RunMessage message={error} />
    </section>
  );
}

export function backendName(p: { backend: 'cpu' | 'webgpu'; dtype: 'f32' | 'f64' }): string {
  return `${p.backend === 'webgpu' ? 'WebGPU' : 'the CPU'} in ${p.dtype === 'f32' ? 'float32' : 'float64'}`;
}

/** "Computed in the page's worker on the CPU in float64 (typed arrays), 0.2 s." */
export function WhereNote({ placement, how }: { placement: Placement | null; how: string }) {
  if (!placement) return null;
  return (
    <p className="where-note">
      Computed in a background worker on {backendName(placement)} ({how}), in {sig(placement.seconds)} s.
    </p>
  );
}
