/**
 * SVI against a conjugate model whose posterior, evidence and ELBO are known in closed form:
 * theta ~ N(mu0, tau0^2), y_i | theta ~ N(theta, sigma^2), with two independent latent sites
 * ("a", a scalar, and "b", a vector of 3, each with its own data) so the guide's flat layout
 * and its slicing are exercised too.
 */
import { describe, expect, it } from 'vitest';
import type { Tensor } from '../tensor';
import * as E from '../ops';
import { valueAndGrad } from '../grad';
import { adamInit, adamUpdate } from '../optim/adam';
import { foldIn, key } from '../random';
import { randomValues } from '../testing/fixtures';
import { Normal } from './distributions';
import type { Model } from './elbo';
import { importanceWeightedElbo, logJoint, miniBatchScale, traceElbo } from './elbo';
import type { MeanFieldParams } from './guides';
import { MeanFieldNormalGuide } from './guides';
import { softplusTransform } from './transforms';

const MU0 = 0.5;
const TAU0 = 1.5;
const SIGMA = 0.8;

interface Data {
  ya: Tensor; // [na]
  yb: Tensor; // [3, nb]
}

const model: Model<Data> = (z, d) => {
  const prior = new Normal(MU0, TAU0);
  const logPrior = E.add(E.sum(prior.logProb(z.a)), E.sum(prior.logProb(z.b)));
  const logLikelihood = E.add(E.sum(new Normal(z.a, SIGMA).logProb(d.ya)), E.sum(new Normal(E.reshape(z.b, [3, 1]), SIGMA).logProb(d.yb)));
  return { logPrior, logLikelihood };
};

const guide = new MeanFieldNormalGuide([
  { name: 'a', shape: [] },
  { name: 'b', shape: [3] },
]);

const NA = 6;
const NB = 4;
const ya = Array.from(randomValues(NA, 11, -1, 3));
const ybRows = [0, 1, 2].map((j) => Array.from(randomValues(NB, 20 + j, -2 + j, 1 + 2 * j)));
const data: Data = { ya: E.tensor(ya), yb: E.tensor(ybRows.flat(), [3, NB]) };

/** Exact posterior N(mean, sd^2) of one conjugate component with data y. */
function posterior(y: number[]): { mean: number; sd: number } {
  const precision = 1 / TAU0 ** 2 + y.length / SIGMA ** 2;
  const sum = y.reduce((s, v) => s + v, 0);
  return { mean: (MU0 / TAU0 ** 2 + sum / SIGMA ** 2) / precision, sd: Math.sqrt(1 / precision) };
}

const logNormal = (x: number, m: number, s: number) => -0.5 * ((x - m) / s) ** 2 - Math.log(s) - 0.5 * Math.log(2 * Math.PI);

/** log p(y) = log p(y | theta) + log p(theta) - log p(theta | y) at any theta (here the posterior mean). */
function logEvidence(y: number[]): number {
  const { mean, sd } = posterior(y);
  return y.reduce((s, v) => s + logNormal(v, mean, SIGMA), 0) + logNormal(mean, MU0, TAU0) - logNormal(mean, mean, sd);
}

/** The exact ELBO of one component for q = N(m, s^2), and its derivatives in m and s. */
function exactElbo(y: number[], m: number, s: number): { value: number; dm: number; ds: number } {
  const ePrior = -0.5 * Math.log(2 * Math.PI * TAU0 ** 2) - ((m - MU0) ** 2 + s * s) / (2 * TAU0 ** 2);
  const eLik = y.reduce((acc, v) => acc - 0.5 * Math.log(2 * Math.PI * SIGMA ** 2) - ((v - m) ** 2 + s * s) / (2 * SIGMA ** 2), 0);
  const entropy = 0.5 * Math.log(2 * Math.PI * Math.E * s * s);
  const dm = -(m - MU0) / TAU0 ** 2 + y.reduce((acc, v) => acc + (v - m), 0) / SIGMA ** 2;
  const ds = -s / TAU0 ** 2 - (y.length * s) / SIGMA ** 2 + 1 / s;
  return { value: ePrior + eLik + entropy, dm, ds };
}

const components = [ya, ...ybRows];

function paramsFor(ms: number[], ss: number[]): MeanFieldParams {
  return { loc: E.tensor(ms), rawScale: E.tensor(ss.map((s) => softplusTransform.inverseNumber(s))) };
}

describe('MeanFieldNormalGuide', () => {
  it('lays the sites out flat and starts at locations in (-2, 2) and scales 0.1', () => {
    expect(guide.size).toBe(4);
    expect(guide.blocks.map((b) => [b.name, b.offset, b.size])).toEqual([
      ['a', 0, 1],
      ['b', 1, 3],
    ]);
    const big = new MeanFieldNormalGuide([{ name: 'w', shape: [50, 40] }]);
    const p = big.init(key(3));
    const loc = p.loc.dataSync();
    expect(Math.min(...loc)).toBeGreaterThan(-2);
    expect(Math.max(...loc)).toBeLessThan(2);
    // Uniform on (-2, 2): mean 0, variance 4/3, over 2000 draws.
    const mean = Array.from(loc).reduce((s, v) => s + v, 0) / loc.length;
    expect(Math.abs(mean)).toBeLessThan(5 * Math.sqrt(4 / 3 / loc.length));
    for (const s of big.scales(p).dataSync()) expect(s).toBeCloseTo(0.1, 15);
    const draw = guide.sample(guide.init(key(4)), key(5));
    expect(draw.latents.a.shape).toEqual([]);
    expect(draw.latents.b.shape).toEqual([3]);
  });

  it('log q and its gradient equal the generic Normal(loc, scale).logProb(z) with z depending on the parameters', () => {
    const params = paramsFor([0.3, -1, 0.2, 1.7], [0.4, 0.05, 1.3, 0.7]);
    const eps = guide.noise(key(9));
    const closed = valueAndGrad((p: MeanFieldParams) => guide.sampleWithNoise(p, eps).logQ)(params);
    const generic = valueAndGrad((p: MeanFieldParams) => {
      const { z } = guide.sampleWithNoise(p, eps);
      return E.sum(new Normal(p.loc, E.softplus(p.rawScale)).logProb(z));
    })(params);
    expect(closed.value.item()).toBeCloseTo(generic.value.item(), 12);
    for (const name of ['loc', 'rawScale'] as const) {
      const a = closed.grads[name].dataSync();
      const b = generic.grads[name].dataSync();
      a.forEach((v, i) => expect(Math.abs(v - b[i])).toBeLessThan(1e-12));
    }
  });
});

describe('ELBO estimators on the conjugate model', () => {
  const exactPost = components.map(posterior);
  const evidence = components.reduce((s, y) => s + logEvidence(y), 0);

  it('at the exact posterior every particle gives log p(y) exactly (zero-variance estimator)', () => {
    const params = paramsFor(
      exactPost.map((p) => p.mean),
      exactPost.map((p) => p.sd),
    );
    for (let seed = 0; seed < 3; seed++) {
      const trace = traceElbo({ model, guide, params, data, key: key(seed), particles: 3 }).elbo.item();
      const iw = importanceWeightedElbo({ model, guide, params, data, key: key(seed), particles: 5 }).elbo.item();
      expect(Math.abs(trace - evidence)).toBeLessThan(1e-10);
      expect(Math.abs(iw - evidence)).toBeLessThan(1e-10);
    }
  });

  it('Trace ELBO and its gradient are unbiased for the closed-form ELBO and its gradient', () => {
    const ms = [0.1, 1.2, -0.4, 2.5];
    const ss = [0.3, 0.6, 0.2, 0.9];
    const params = paramsFor(ms, ss);
    const exact = components.map((y, i) => exactElbo(y, ms[i], ss[i]));
    const exactValue = exact.reduce((s, e) => s + e.value, 0);
    const f = valueAndGrad((p: MeanFieldParams, k: Uint32Array) => traceElbo({ model, guide, params: p, data, key: k, particles: 50 }).elbo);
    const reps = 40;
    const vals: number[] = [];
    const gl: number[][] = [];
    const gr: number[][] = [];
    for (let r = 0; r < reps; r++) {
      const { value, grads } = f(params, foldIn(key(100), r));
      vals.push(value.item());
      gl.push(Array.from(grads.loc.dataSync()));
      gr.push(Array.from(grads.rawScale.dataSync()));
    }
    const check = (xs: number[], truth: number, what: string) => {
      const mean = xs.reduce((s, v) => s + v, 0) / xs.length;
      const sd = Math.sqrt(xs.reduce((s, v) => s + (v - mean) ** 2, 0) / (xs.length - 1));
      expect(Math.abs(mean - truth), `${what}: ${mean} vs ${truth} (sd ${sd})`).toBeLessThan(5 * (sd / Math.sqrt(xs.length)) + 1e-9);
    };
    check(vals, exactValue, 'ELBO');
    for (let i = 0; i < 4; i++) {
      check(gl.map((g) => g[i]), exact[i].dm, `d/dloc[${i}]`);
      // d/draw = d/ds * sigmoid(raw), the softplus derivative.
      const raw = softplusTransform.inverseNumber(ss[i]);
      check(gr.map((g) => g[i]), exact[i].ds / (1 + Math.exp(-raw)), `d/drawScale[${i}]`);
    }
  });

  it('the importance-weighted bound lies between the ELBO and log p(y) and tightens with K', () => {
    const params = paramsFor([0.1, 1.2, -0.4, 2.5], [0.3, 0.6, 0.2, 0.9]);
    const elbo = components.reduce((s, y, i) => s + exactElbo(y, [0.1, 1.2, -0.4, 2.5][i], [0.3, 0.6, 0.2, 0.9][i]).value, 0);
    const meanBound = (k: number) => {
      let s = 0;
      const reps = 60;
      for (let r = 0; r < reps; r++) s += importanceWeightedElbo({ model, guide, params, data, key: foldIn(key(7), r), particles: k }).elbo.item();
      return s / reps;
    };
    const b1 = meanBound(1);
    const b8 = meanBound(8);
    const b64 = meanBound(64);
    expect(b1).toBeLessThan(b8);
    expect(b8).toBeLessThan(b64);
    expect(elbo).toBeLessThan(b8);
    expect(b64).toBeLessThan(evidence);
    // K = 1 is the Trace ELBO draw for draw.
    const k1 = importanceWeightedElbo({ model, guide, params, data, key: key(1), particles: 1 }).elbo.item();
    expect(k1).toBeCloseTo(traceElbo({ model, guide, params, data, key: key(1) }).elbo.item(), 12);
  });

  it('mini-batch scaling: the N/B-scaled batches of a partition average to the full-data ELBO, draw for draw', () => {
    const single: Model<Tensor> = (z, y) => ({ logPrior: E.sum(new Normal(MU0, TAU0).logProb(z.a)), logLikelihood: E.sum(new Normal(z.a, SIGMA).logProb(y)) });
    const g1 = new MeanFieldNormalGuide([{ name: 'a', shape: [] }]);
    const params = g1.init(key(2));
    const full = traceElbo({ model: single, guide: g1, params, data: E.tensor(ya), key: key(8) }).elbo.item();
    const b = 2;
    let avg = 0;
    for (let start = 0; start < NA; start += b) {
      const batch = E.tensor(ya.slice(start, start + b));
      avg += traceElbo({ model: single, guide: g1, params, data: batch, key: key(8), likelihoodScale: miniBatchScale(NA, b) }).elbo.item();
    }
    avg /= NA / b;
    expect(avg).toBeCloseTo(full, 11);
    expect(logJoint({ logPrior: E.scalar(1), logLikelihood: E.scalar(2) }, 3).item()).toBe(7);
    expect(() => miniBatchScale(10, 0)).toThrow(RangeError);
  });

  it('Adam on the negative Trace ELBO recovers the exact posterior means and sds', () => {
    let params = guide.init(key(21));
    let state = adamInit(params);
    const loss = valueAndGrad((p: MeanFieldParams, k: Uint32Array) => E.neg(traceElbo({ model, guide, params: p, data, key: k, particles: 4 }).elbo));
    const steps = 3000;
    const avgLoc = new Float64Array(4);
    const avgScale = new Float64Array(4);
    for (let s = 0; s < steps; s++) {
      const { grads } = loss(params, foldIn(key(22), s));
      const lr = s < 2000 ? 0.02 : 0.004;
      ({ params, state } = adamUpdate(params, grads, state, { learningRate: lr }));
      if (s >= steps - 500) {
        const l = params.loc.dataSync();
        const sc = guide.scales(params).dataSync();
        for (let i = 0; i < 4; i++) {
          avgLoc[i] += l[i] / 500;
          avgScale[i] += sc[i] / 500;
        }
      }
    }
    exactPost.forEach((p, i) => {
      expect(Math.abs(avgLoc[i] - p.mean), `mean ${i}`).toBeLessThan(0.05 * p.sd);
      expect(Math.abs(avgScale[i] / p.sd - 1), `sd ${i}`).toBeLessThan(0.05);
    });
  });
});
