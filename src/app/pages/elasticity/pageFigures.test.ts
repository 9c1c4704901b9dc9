import { describe, expect, it } from 'vitest';
import { crossCheck, speedShardCounts } from './schema';
import { hoursFor } from './SpeedSection';
import { shrinkageRatio } from './RecoveryCharts';
import { ELASTICITY_SCHEMA, type ElasticitySettings } from './schema';
import type { ElasticitySnapshot } from '../../../workers/elasticity/protocol';

const defaults = Object.fromEntries(Object.entries(ELASTICITY_SCHEMA).map(([k, s]) => [k, s.default])) as ElasticitySettings;

describe('the elasticity page’s figures', () => {
  it('measures 1, 2 and 4 shards as far as the browser reports cores, always 1', () => {
    expect(speedShardCounts(1)).toEqual([1]);
    expect(speedShardCounts(2)).toEqual([1, 2]);
    expect(speedShardCounts(3)).toEqual([1, 2]);
    expect(speedShardCounts(16)).toEqual([1, 2, 4]);
  });

  it('refuses more shards than cores, naming the range', () => {
    expect(crossCheck(2)({ ...defaults, shards: 2 })).toEqual([]);
    expect(crossCheck(2)({ ...defaults, shards: 4 })).toEqual(['shards = 4 is more than the 2 cores this browser reports: allowed 1 to 2 here']);
  });

  it('projects a million steps: 1,000 steps/s take 1,000 s', () => {
    expect(hoursFor(1000)).toBeCloseTo(1000 / 3600, 12);
  });

  it('measures shrinkage as the posterior spread around the categories over the true spread', () => {
    // Two categories; the posterior keeps half of each product's true distance from its category.
    const snap: ElasticitySnapshot = {
      betaG: -2,
      categoryMeans: Float64Array.from([-1, -3]),
      mean: Float64Array.from([-0.5, -1.5, -2.5, -3.5]),
      sd: Float64Array.from([0.1, 0.1, 0.1, 0.1]),
      productCategory: Int32Array.from([0, 0, 1, 1]),
      truthProducts: Float64Array.from([0, -2, -2, -4]),
      truthCategories: Float64Array.from([-1, -3]),
      truthGlobal: -2,
      betaRmse: null,
      coverage90: null,
    };
    expect(shrinkageRatio(snap)).toBeCloseTo(0.5, 12);
    expect(shrinkageRatio({ ...snap, truthProducts: null, truthCategories: null })).toBeNull();
  });
});
