import { describe, expect, it } from 'vitest';
import { epochTicks, formatTick, logDomain, logTicks } from './ticks';

describe('log-axis ticks', () => {
  it('labels without SI prefixes', () => {
    expect(formatTick(0.005)).toBe('0.005');
    expect(formatTick(20)).toBe('20');
    expect(formatTick(5000)).toBe('5000');
    expect(formatTick(1024)).toBe('1024');
    expect(formatTick(0.0123456)).toBe('0.01235');
    expect(formatTick(0.00497)).toBe('0.00497');
    expect(formatTick(1e4)).toBe('10⁴');
    expect(formatTick(1e-16)).toBe('10⁻¹⁶');
    expect(formatTick(2e5)).toBe('2×10⁵');
    expect(formatTick(1e-4)).toBe('10⁻⁴');
    expect(formatTick(0)).toBe('0');
  });

  it('uses 1-2-5 for short ranges and thinned powers of ten for long ones', () => {
    expect(logTicks(0.004, 0.3)).toEqual([0.005, 0.01, 0.02, 0.05, 0.1, 0.2]);
    expect(logTicks(0.003, 8e5)).toEqual([0.01, 0.1, 1, 10, 100, 1000, 10_000, 100_000]);
    const wide = logTicks(1e-17, 1e-6);
    expect(wide.length).toBeLessThanOrEqual(9);
    expect(wide[wide.length - 1]).toBeCloseTo(1e-6, 20);
    expect(logTicks(0, 1)).toEqual([]);
  });

  it('puts whole-epoch ticks on short runs only', () => {
    expect(epochTicks(2)).toEqual([0, 1, 2]);
    expect(epochTicks(20)).toBeUndefined();
  });

  it('widens a log domain to at least one decade around the data', () => {
    const [lo, hi] = logDomain(0.004956, 0.004982);
    expect(hi / lo).toBeCloseTo(10, 10);
    expect(Math.sqrt(lo * hi)).toBeCloseTo(Math.sqrt(0.004956 * 0.004982), 12);
    expect(logDomain(0.01, 5)).toEqual([0.01, 5]);
  });
});
