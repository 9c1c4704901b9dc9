// Recovery on generated data at the page's default size (8 categories, 400 products, 26 periods)
// after the default 3,000 steps, for both guides, from one seed (the runs are deterministic).
import { describe, expect, it } from 'vitest';
import { runElasticityNotebook } from './elasticityNotebook';

describe('the elasticity notebook at the page default', () => {
  it('recovers the product elasticities; the structured guide covers far better than the mean-field one', async () => {
    const mf = await runElasticityNotebook({ guide: 'meanfield', seed: 0 });
    const st = await runElasticityNotebook({ guide: 'structured', seed: 0 });
    for (const r of [mf, st]) {
      expect(r.n).toBe(10_400);
      expect(r.steps).toBe(3000);
      // An independent float64 implementation of the recipe reaches RMSE about 0.35 on data of this kind.
      expect(r.betaRmse).toBeLessThanOrEqual(1.2 * 0.35);
      // No shift of the elasticities as a whole: their mean is pinned down by all 10,400 rows.
      const truth = r.details.truth!.betaI;
      const meanError = r.productElasticities.reduce((s, v, i) => s + v - truth[i], 0) / truth.length;
      expect(Math.abs(meanError)).toBeLessThan(0.05);
    }
    // The mean-field intervals are too narrow (the elasticity-intercept correlation is ignored).
    expect(mf.coverage90).toBeGreaterThanOrEqual(0.52);
    expect(mf.coverage90).toBeLessThanOrEqual(0.66);
    expect(st.coverage90).toBeGreaterThanOrEqual(0.8);
    expect(st.lossFinal).toBeLessThan(mf.lossFinal);
  }, 900_000);
});
