import { describe, expect, it } from 'vitest';
import { thinIndices } from './thin';

describe('thinIndices', () => {
  it('keeps every point of a short series', () => {
    expect(thinIndices([3, 1, 2], 1000)).toEqual([0, 1, 2]);
    expect(thinIndices([], 10)).toEqual([]);
  });

  it('keeps first, last, extremes and the limit on a long noisy series', () => {
    const n = 15000;
    const y = Float64Array.from({ length: n }, (_, i) => Math.exp(-i / 3000) + 0.1 * Math.sin(i * 12.9898));
    y[7777] = 50; // a spike that striding would likely miss
    y[4242] = -50;
    const idx = thinIndices(y, 1000);
    expect(idx.length).toBeLessThanOrEqual(1000);
    expect(idx.length).toBeGreaterThan(900);
    expect(idx[0]).toBe(0);
    expect(idx[idx.length - 1]).toBe(n - 1);
    expect(idx).toContain(7777);
    expect(idx).toContain(4242);
    for (let i = 1; i < idx.length; i++) expect(idx[i]!).toBeGreaterThan(idx[i - 1]!);
  });

  it('does not pick NaN as an extreme but keeps an all-NaN stretch visible', () => {
    const y = Array.from({ length: 100 }, (_, i) => (i >= 40 && i < 60 ? NaN : i));
    const idx = thinIndices(y, 20);
    expect(idx.some((i) => i >= 40 && i < 60)).toBe(true);
    expect(idx.length).toBeLessThanOrEqual(20);
  });
});

describe('thinIndices length limit', () => {
  it('only considers the first `length` points', () => {
    expect(thinIndices([1, 2, 3, 4, 5], 1000, 3)).toEqual([0, 1, 2]);
  });
});
