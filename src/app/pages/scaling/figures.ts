// Pure helpers behind the scaling page's printed figures and verdicts.

import { sig } from '../../format';
import { fitLine } from '../../../engine/experiments/scaling/common';

/** Least-squares slope of ln y against ln x over the points with positive x and y; null below two. */
export function logLogSlope(xs: readonly number[], ys: readonly number[]): number | null {
  const lx: number[] = [];
  const ly: number[] = [];
  for (let i = 0; i < Math.min(xs.length, ys.length); i++) {
    if (xs[i] > 0 && ys[i] > 0 && Number.isFinite(xs[i]) && Number.isFinite(ys[i])) {
      lx.push(Math.log(xs[i]));
      ly.push(Math.log(ys[i]));
    }
  }
  if (lx.length < 2 || lx.every((v) => v === lx[0])) return null;
  return fitLine(lx, ly).slope;
}

/** The k at which k η reaches the stability limit 2/L (not necessarily a power of two). */
export function limitK(stabilityLimit: number, baseLearningRate: number): number {
  return stabilityLimit / baseLearningRate;
}

/** The largest k of the list whose rate k η is below the limit, or null when none is. */
export function largestStableK(runs: readonly { k: number; learningRate: number }[], stabilityLimit: number): number | null {
  const stable = runs.filter((r) => r.learningRate < stabilityLimit).map((r) => r.k);
  return stable.length ? Math.max(...stable) : null;
}

/** The smallest of 1, 2, 5 times a power of ten that is at least x (x > 0). */
export function niceAtLeast(x: number): number {
  const p = 10 ** Math.floor(Math.log10(x));
  for (const m of [1, 2, 5, 10]) {
    // A little slack so that exact values such as 0.05 are not pushed up by rounding.
    if (m * p >= x * (1 - 1e-9)) return Number((m * p).toPrecision(12));
  }
  return 10 * p;
}

/** A base rate at which the largest k lands clearly past the limit: a round number above 1.25 (2/L) / k_max. */
export function baseRateToBreak(stabilityLimit: number, maxK: number): number {
  return niceAtLeast((1.25 * stabilityLimit) / maxK);
}

export interface RunOutcome {
  diverged: boolean;
  divergedAtEpoch: number | null;
}

export type WarmupVerdict = 'both stable' | 'rescued' | 'postponed' | 'not helped' | 'broken by warm-up';

/** What linear warm-up did to one (k B, k η) run. */
export function warmupVerdict(plain: RunOutcome, warm: RunOutcome): WarmupVerdict {
  if (!plain.diverged && !warm.diverged) return 'both stable';
  if (plain.diverged && !warm.diverged) return 'rescued';
  if (!plain.diverged) return 'broken by warm-up';
  return (warm.divergedAtEpoch ?? 0) > (plain.divergedAtEpoch ?? 0) ? 'postponed' : 'not helped';
}

/** A short label for a stopped run, e.g. "diverged in epoch 3". */
export function stoppedLabel(r: RunOutcome): string {
  return r.divergedAtEpoch === null ? 'diverged' : `diverged in epoch ${r.divergedAtEpoch}`;
}

/** The legend name of one (k B, k η) run. */
export function runName(k: number, batch: number, learningRate: number): string {
  return `k=${k}: B=${batch.toLocaleString('en-US')}, η=${sig(learningRate, 3)}`;
}

export interface RuleReach {
  /** The largest k such that every run up to it ended within the tolerance of k = 1. */
  holdsUpTo: number;
  /** The first k that finished outside the tolerance (or diverged); null if none did. */
  partsAt: number | null;
}

/**
 * Where the rule holds on a noisy objective, judged on the mean loss of the last epochs of each
 * run against the k = 1 run. Runs that did not finish (stopped, tailMean null and not diverged)
 * end the scan without a verdict. Null without a finished k = 1.
 */
export function ruleReach(runs: readonly { k: number; tailMean: number | null; diverged: boolean }[], tolerance = 0.1): RuleReach | null {
  const sorted = [...runs].sort((a, b) => a.k - b.k);
  const base = sorted.find((r) => r.k === 1)?.tailMean ?? null;
  if (base === null) return null;
  let holdsUpTo = 1;
  for (const r of sorted) {
    if (r.k === 1) continue;
    if (r.diverged || (r.tailMean !== null && r.tailMean > base * (1 + tolerance))) return { holdsUpTo, partsAt: r.k };
    if (r.tailMean === null) break;
    holdsUpTo = r.k;
  }
  return { holdsUpTo, partsAt: null };
}

/** The exponent form used for the tiny differences of the accumulation experiment. */
export function exponential(x: number | null | undefined, digits = 2): string {
  if (x === null || x === undefined || Number.isNaN(x)) return '–';
  if (x === 0) return '0';
  return x.toExponential(digits).replace('e-', 'e−');
}

/** Parses what `exponential` prints (for tests and walkthroughs): "2.2e−16" -> 2.2e-16. */
export function parseExponential(text: string): number {
  return Number(text.trim().replace('−', '-'));
}
