import { describe, expect, it } from 'vitest';
import { StreakTracker, progressBar, resolvedSteps, scheduleSeries } from './stopping';

describe('bnn page helpers', () => {
  it('fires at the step that completes a streak of patience worse steps, once', () => {
    const t = new StreakTracker(3);
    const worse = [true, true, false, true, true, true, true, false];
    worse.forEach((w, i) => t.push(i + 1, w));
    expect(t.firedAt).toBe(6);
    const off = new StreakTracker(0);
    off.push(1, true);
    expect(off.firedAt).toBeNull();
  });

  it('plots the one-cycle schedule through its knots and Adam as a flat line', () => {
    const s = scheduleSeries('onecycle', 8000, 8000);
    expect(s.x[0]).toBe(1);
    expect(s.x[s.x.length - 1]).toBe(8000);
    expect(s.y[0]).toBeCloseTo(0.008 / 3, 12);
    expect(s.y[1600]).toBeCloseTo(0.008, 12);
    expect(s.y[6400]).toBeCloseTo(0.008 / 3, 12);
    expect(s.y[7999]).toBeCloseTo(0.008 / 12, 5);
    const a = scheduleSeries('adam', 10_000);
    expect(a.x.length).toBe(400);
    expect(new Set(a.y)).toEqual(new Set([0.01]));
    expect(scheduleSeries('adam', 1)).toEqual({ x: [1], y: [0.01] });
    expect([resolvedSteps('adam', 0), resolvedSteps('onecycle', 0), resolvedSteps('adam', 50)]).toEqual([10_000, 8000, 50]);
  });

  it('draws a progress bar in eighths', () => {
    expect(progressBar(0, 4)).toBe('░░░░');
    expect(progressBar(1, 4)).toBe('████');
    expect(progressBar(0.5, 4)).toBe('██░░');
    expect(progressBar(0.53125, 4)).toBe('██▏░');
    expect(progressBar(0.5625, 4)).toBe('██▎░');
    expect(progressBar(NaN, 2)).toBe('░░');
  });
});
