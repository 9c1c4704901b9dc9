import { describe, expect, it } from 'vitest';
import { axisLabel, formatSymlogTick, symlogTicks } from './axes';

describe('axisLabel', () => {
  it('adds the unit in parentheses', () => {
    expect(axisLabel({ label: 'wall-clock time', unit: 's' })).toBe('wall-clock time (s)');
    expect(axisLabel({ label: 'step' })).toBe('step');
  });
});

describe('symlogTicks', () => {
  it('marks zero and powers of ten on both sides', () => {
    expect(symlogTicks(-7e3, 5e5, 1000)).toEqual([-1000, 0, 1000, 10000, 100000]);
  });

  it('handles one-sided and degenerate ranges', () => {
    expect(symlogTicks(5, 500, 1)).toEqual([10, 100]);
    expect(symlogTicks(0, 0)).toEqual([0]);
    expect(symlogTicks(NaN, 1)).toEqual([]);
  });

  it('thins the exponents when there would be too many ticks', () => {
    const ticks = symlogTicks(-1e6, 1e6, 1, 9);
    expect(ticks.length).toBeLessThanOrEqual(9);
    expect(ticks).toContain(1e6);
    expect(ticks).toContain(-1e6);
    expect(ticks).toContain(0);
  });
});

describe('formatSymlogTick', () => {
  it('writes powers of ten with SI prefixes and a true minus sign', () => {
    expect([0, 1, -10, 1000, -1e4, 1e5, 1e6].map(formatSymlogTick)).toEqual([
      '0',
      '1',
      '\u221210',
      '1k',
      '\u221210k',
      '100k',
      '1M',
    ]);
  });
});
