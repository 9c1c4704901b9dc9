// Pure helpers of the bnn page: where each stopping rule would fire on the figures of a run, the
// learning-rate schedule to plot, and the text progress bar.

import type { BnnOptimizer } from '../../../engine/models/bnnRun';
import { bnnSchedule } from '../../../engine/models/bnnRun';
import { defaultBnnSteps } from '../../../engine/experiments/bnnNotebook';

/**
 * Counts consecutive steps on which validation is worse than training and remembers the step
 * at which the count first reached `patience` (the rule of BnnRun, replayed on the figures).
 */
export class StreakTracker {
  private streak = 0;
  firedAt: number | null = null;

  constructor(readonly patience: number) {}

  push(step: number, worse: boolean): void {
    if (this.patience <= 0 || this.firedAt !== null) return;
    this.streak = worse ? this.streak + 1 : 0;
    if (this.streak >= this.patience) this.firedAt = step;
  }
}

/** The maximum number of steps a run makes: the setting, or the optimiser's default when it is 0. */
export function resolvedSteps(optimizer: BnnOptimizer, steps: number): number {
  return steps > 0 ? steps : defaultBnnSteps(optimizer);
}

/** The scheduled learning rate at `points` evenly spaced steps from 1 to `steps` (before any plateau cut). */
export function scheduleSeries(optimizer: BnnOptimizer, steps: number, points = 400): { x: number[]; y: number[] } {
  const { schedule } = bnnSchedule(optimizer, steps);
  const x: number[] = [];
  const y: number[] = [];
  const k = Math.min(points, steps);
  for (let i = 0; i < k; i++) {
    const step = k === 1 ? 1 : 1 + Math.round(((steps - 1) * i) / (k - 1));
    x.push(step);
    // Step s (1-based) uses the schedule at update index s - 1.
    y.push(schedule(step - 1));
  }
  return { x, y };
}

const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

/** A bar of `width` characters filled to `fraction` (0 to 1) in eighths on a light-shaded track, like a terminal progress bar. */
export function progressBar(fraction: number, width: number): string {
  const f = Math.min(1, Math.max(0, Number.isFinite(fraction) ? fraction : 0));
  const eighths = Math.round(f * width * 8);
  const full = Math.floor(eighths / 8);
  const part = EIGHTHS[eighths % 8];
  return ('█'.repeat(full) + part).padEnd(width, '░');
}
