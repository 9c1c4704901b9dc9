import { describe, expect, it } from 'vitest';
import { bendOf } from './sweepStore';
import { batchesFor, raceBatchesFor } from './schema';

describe('sweep helpers', () => {
  it('finds the end of the flat region', () => {
    const pts = [32, 64, 128, 256, 512, 1024].map((batch, i) => ({ batch, msPerStep: [2, 1.9, 2.1, 2.6, 5, 9][i], pointsPerSecond: 0 }));
    expect(bendOf(pts)).toBe(256);
    expect(bendOf(pts, 3)).toBe(512);
    expect(bendOf([])).toBeNull();
  });

  it('lists the reference batch sizes below N, then N', () => {
    expect(batchesFor(10_000)).toEqual([32, 64, 128, 256, 512, 1024, 2048, 5000, 10_000]);
    expect(batchesFor(2000)).toEqual([32, 64, 128, 256, 512, 1024, 2000]);
    expect(raceBatchesFor(1000)).toEqual([32, 128, 512, 1000]);
  });
});
