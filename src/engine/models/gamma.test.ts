import { describe, expect, it } from 'vitest';
import * as E from '../ops';
import { key } from '../random';
import { lgamma } from '../special';
import { LogNormal } from '../prob/distributions';
import { traceElbo } from '../prob/elbo';
import { GAMMA_SITES, LogNormalGuide, gammaExactPosterior, gammaModel, gammaStats, generateGammaData, logNormalSummary } from './gamma';
import { GammaRun } from './gammaRun';
import { runGammaNotebook } from '../experiments/gammaNotebook';

describe('exact posterior of the concentration by quadrature', () => {
  it('with no data it is the HalfNormal(1) prior (mpmath values)', () => {
    const p = gammaExactPosterior({ n: 0, sumLog: 0, sum: 0 });
    expect(p.mean).toBeCloseTo(0.79788456080286535588, 9);
    expect(p.sd).toBeCloseTo(0.60281027498908697428, 9);
    // Quantiles of |N(0, 1)|: sqrt(2) erfinv(p).
    expect(p.q05).toBeCloseTo(0.062706777943213784067, 6);
    expect(p.q95).toBeCloseTo(1.9599639845400542355, 6);
  });

  it('agrees with a brute-force midpoint rule written independently', () => {
    const z = generateGammaData(40, 1.3, key(5));
    const s = gammaStats(z);
    const p = gammaExactPosterior(s);
    // Midpoint rule on (0, 8] with 400,000 cells, straight from the formula of the density.
    const cells = 400_000;
    const h = 8 / cells;
    const sumLog = z.reduce((acc, zi) => acc + Math.log(zi), 0);
    const sum = z.reduce((acc, zi) => acc + zi, 0);
    const logp = (a: number) => -0.5 * a * a + (a - 1) * sumLog - sum - z.length * lgamma(a);
    const peak = logp(p.mean);
    let m0 = 0;
    let m1 = 0;
    let m2 = 0;
    for (let j = 0; j < cells; j += 1) {
      const a = (j + 0.5) * h;
      const w = Math.exp(logp(a) - peak);
      m0 += w;
      m1 += w * a;
      m2 += w * a * a;
    }
    const mean = m1 / m0;
    const sd = Math.sqrt(m2 / m0 - mean * mean);
    expect(p.mean).toBeCloseTo(mean, 8);
    expect(p.sd).toBeCloseTo(sd, 8);
    expect(p.q05).toBeLessThan(p.mean);
    expect(p.q95).toBeGreaterThan(p.mean);
    // The plotted density integrates to 1 (trapezoid on the thinned grid, independent of the Simpson weights inside).
    let area = 0;
    for (let j = 1; j < p.grid.length; j++) area += 0.5 * (p.grid[j] - p.grid[j - 1]) * (p.density[j] + p.density[j - 1]);
    expect(p.grid.length).toBeLessThan(2100);
    expect(area).toBeCloseTo(1, 5);
  });
});

describe('model and LogNormal guide', () => {
  it('the joint log-density equals the formula, and log q is the LogNormal density of the draw', () => {
    const z = [0.4, 1.7, 3.2];
    const guide = new LogNormalGuide();
    const params = guide.init({ loc: 0.3, scale: 0.2 });
    const draw = guide.sample(params, key(1));
    const a = draw.latents.concentration.item();
    const terms = gammaModel(draw.latents, E.tensor(z));
    const prior = Math.log(Math.sqrt(2 / Math.PI)) - 0.5 * a * a;
    const lik = z.reduce((s, zi) => s + (a - 1) * Math.log(zi) - zi - lgamma(a), 0);
    expect(terms.logPrior.item()).toBeCloseTo(prior, 13);
    expect(terms.logLikelihood.item()).toBeCloseTo(lik, 12);
    expect(draw.logQ.item()).toBeCloseTo(new LogNormal(0.3, 0.2).logProb(E.scalar(a)).item(), 13);
    expect(GAMMA_SITES.map((s) => s.name)).toEqual(['concentration']);
    // The ELBO of one particle is log p(a, z) - log q(a).
    const elbo = traceElbo({ model: gammaModel, guide, params, data: E.tensor(z), key: key(1) }).elbo.item();
    expect(elbo).toBeCloseTo(prior + lik - draw.logQ.item(), 12);
  });

  it('LogNormal summary: mean exp(mu + s^2/2), sd mean sqrt(e^{s^2} - 1)', () => {
    const { mean, sd } = logNormalSummary(0.686, 0.023);
    expect(mean).toBeCloseTo(Math.exp(0.686 + 0.5 * 0.023 ** 2), 14);
    expect(sd).toBeCloseTo(mean * Math.sqrt(Math.exp(0.023 ** 2) - 1), 14);
  });

  it('refuses non-positive data', () => {
    expect(() => new GammaRun({ data: Float64Array.of(1, 0, 2), key: key(0) })).toThrow(/positive/);
  });
});

describe('SVI fit', () => {
  it('moves q(a) onto the exact posterior (short run, faster learning rate)', () => {
    const z = generateGammaData(200, 3, key(9));
    const exact = gammaExactPosterior(gammaStats(z));
    const run = new GammaRun({ data: z, key: key(10), particles: 10, learningRate: 0.03 });
    const first = run.step().item();
    let last = 0;
    for (let i = 0; i < 700; i++) last = run.step().item();
    const q = run.summary();
    expect(last).toBeLessThan(first);
    expect(Math.abs(q.mean - exact.mean)).toBeLessThan(0.5 * exact.sd);
    expect(Math.abs(q.sd / exact.sd - 1)).toBeLessThan(0.35);
  });

  it('returns each loss as a tensor, and reads the guide back asynchronously as it does synchronously', async () => {
    const z = generateGammaData(30, 2, key(2));
    const run = new GammaRun({ data: z, key: key(3) });
    const loss = run.step();
    expect(loss.shape).toEqual([]);
    expect(Number.isFinite((await loss.data())[0])).toBe(true);
    run.step();
    expect(await run.read()).toEqual(run.summary());
    expect(run.steps).toBe(2);
  });

  it('the notebook reports exactly the documented fields, reproducibly', async () => {
    const a = await runGammaNotebook({ n: 50, steps: 60, seed: 3 });
    const b = await runGammaNotebook({ n: 50, steps: 60, seed: 3 });
    expect(Object.keys(a).filter((k) => k !== 'details')).toEqual(['notebook', 'n', 'q', 'exact', 'lossFinal']);
    expect(Object.keys(a.q)).toEqual(['loc', 'scale', 'mean', 'sd']);
    expect(Object.keys(a.exact)).toEqual(['mean', 'sd', 'q05', 'q95']);
    expect(a.q).toEqual(b.q);
    expect(a.lossFinal).toBe(b.lossFinal);
    expect((await runGammaNotebook({ n: 50, steps: 60, seed: 4 })).lossFinal).not.toBe(a.lossFinal);
  });
});
