import { describe, expect, it } from 'vitest';
import { densityHistogram, gammaDensity, sampleMean } from './histogram';

describe('density histogram', () => {
  it('has bars of total area one and puts the largest value in the last bin', () => {
    const v = [0.1, 0.2, 0.9, 1.5, 2, 3.9, 4];
    const h = densityHistogram(v, 4);
    expect(h.map((b) => b.x0)).toEqual([0, 1, 2, 3]);
    expect(h.reduce((s, b) => s + b.density * (b.x1 - b.x0), 0)).toBeCloseTo(1, 14);
    expect(h[3].density).toBeCloseTo(2 / 7, 14);
    expect(densityHistogram([])).toEqual([]);
    expect(densityHistogram(new Array(10_000).fill(1)).length).toBe(60);
  });

  it('Gamma(a, 1) density and the mean', () => {
    expect(gammaDensity(1, 1)).toBeCloseTo(Math.exp(-1), 14);
    expect(gammaDensity(2, 3)).toBeCloseTo((4 * Math.exp(-2)) / 2, 13);
    expect(gammaDensity(0, 2)).toBe(0);
    expect(sampleMean([1, 2, 6])).toBe(3);
  });
});
