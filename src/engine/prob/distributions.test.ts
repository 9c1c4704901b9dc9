import { describe, expect, it } from 'vitest';
import type { Tensor } from '../tensor';
import * as E from '../ops';
import { key } from '../random';
import { erf } from '../special';
import { checkGradients } from '../testing/finiteDifferences';
import { valueAndGrad } from '../grad';
import { Bernoulli, Gamma, HalfNormal, LogNormal, Normal, Poisson, SoftLaplace } from './distributions';

const t = (v: number[]): Tensor => E.tensor(v);
const values = (x: Tensor): number[] => Array.from(x.dataSync());

function expectClose(actual: number[], expected: number[], rel = 1e-13): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((a, i) => expect(Math.abs(a - expected[i]), `entry ${i}: ${a} vs ${expected[i]}`).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(expected[i]))));
}

function expectGradients<P extends Record<string, Tensor>>(f: (p: P) => Tensor, params: P): void {
  const r = checkGradients(f, params, 1e-6);
  expect(r.maxError, r.worst).toBeLessThan(1e-7);
}

/** A scalar depending on every entry with distinct weights, so a wrong entry cannot hide. */
function weighted(y: Tensor): Tensor {
  const w = E.tensor(Array.from({ length: y.size }, (_, i) => 0.7 + 0.37 * i), [...y.shape]);
  return E.sum(E.mul(y, w));
}

function moments(x: ArrayLike<number>): { mean: number; variance: number } {
  let m = 0;
  for (let i = 0; i < x.length; i++) m += x[i];
  m /= x.length;
  let v = 0;
  for (let i = 0; i < x.length; i++) v += (x[i] - m) ** 2;
  return { mean: m, variance: v / (x.length - 1) };
}

/** Mean and variance of n draws agree with theory within 5 standard errors (fourth moment given for the variance's error). */
function expectMoments(x: ArrayLike<number>, mean: number, variance: number, fourthCentral: number): void {
  const n = x.length;
  const s = moments(x);
  expect(Math.abs(s.mean - mean)).toBeLessThan(5 * Math.sqrt(variance / n));
  const varSe = Math.sqrt((fourthCentral - variance * variance) / n);
  expect(Math.abs(s.variance - variance)).toBeLessThan(5 * varSe);
}

describe('log-densities against closed forms', () => {
  it('Normal', () => {
    const x = [-3.2, -0.4, 0, 1.1, 7.5];
    const loc = [0.3, -1, 2, 0, 5];
    const scale = [0.5, 1, 2.5, 0.01, 3];
    const expected = x.map((xi, i) => Math.log(Math.exp(-0.5 * ((xi - loc[i]) / scale[i]) ** 2) / (scale[i] * Math.sqrt(2 * Math.PI))));
    expectClose(values(new Normal(t(loc), t(scale)).logProb(t(x))), expected);
    // Number parameters broadcast against the value and give the same as tensors.
    expectClose(values(new Normal(0.3, 0.5).logProb(t(x))), x.map((xi) => -0.5 * ((xi - 0.3) / 0.5) ** 2 - Math.log(0.5 * Math.sqrt(2 * Math.PI))));
  });

  it('HalfNormal', () => {
    const x = [0, 0.2, 1.5, 4];
    const s = 1.7;
    const expected = x.map((xi) => Math.log((Math.sqrt(2) / (s * Math.sqrt(Math.PI))) * Math.exp(-0.5 * (xi / s) ** 2)));
    expectClose(values(new HalfNormal(s).logProb(t(x))), expected);
    expectClose(values(new HalfNormal(t([s, s, s, s])).logProb(t(x))), expected);
  });

  it('LogNormal', () => {
    const x = [0.05, 0.7, 1, 3.3];
    const [mu, s] = [0.4, 0.8];
    const expected = x.map((xi) => Math.log(Math.exp(-((Math.log(xi) - mu) ** 2) / (2 * s * s)) / (xi * s * Math.sqrt(2 * Math.PI))));
    expectClose(values(new LogNormal(mu, s).logProb(t(x))), expected);
  });

  it('Gamma (rate parameterisation), against 30-digit values', () => {
    // mpmath: a log b - loggamma(a) + (a - 1) log x - b x at 30 digits.
    const cases: [number, number, number, number][] = [
      [2, 1, 0.5, -1.1931471805599453094],
      [0.3, 2, 1.7, -4.6592936163936111516],
      [7.5, 0.5, 12, -2.5810748673363207593],
      [1, 3, 0.01, 1.0686122886681096908],
      [150, 1, 140, -3.7047495865410876254],
    ];
    for (const [a, b, x, v] of cases) {
      expectClose(values(new Gamma(a, b).logProb(t([x]))), [v], 1e-13);
      expectClose(values(new Gamma(E.scalar(a), E.scalar(b)).logProb(t([x]))), [v], 1e-13);
    }
  });

  it('SoftLaplace, including |z| far beyond where e^z overflows', () => {
    const x = [-2, 0, 0.3, 5];
    const [loc, s] = [0.5, 1.5];
    const expected = x.map((xi) => {
      const z = (xi - loc) / s;
      return Math.log(2 / Math.PI / (s * (Math.exp(z) + Math.exp(-z))));
    });
    expectClose(values(new SoftLaplace(loc, s).logProb(t(x))), expected);
    // log p = log(2/pi) - |z| - log(1 + e^{-2|z|}); the last term is below 1e-300 here.
    expectClose(values(new SoftLaplace().logProb(t([800, -1000]))), [Math.log(2 / Math.PI) - 800, Math.log(2 / Math.PI) - 1000]);
  });

  it('Bernoulli from logits, stable for large |logit|', () => {
    const l = [-2.5, -0.1, 0, 0.7, 4];
    const y = [1, 0, 1, 1, 0];
    const expected = l.map((li, i) => {
      const p = 1 / (1 + Math.exp(-li));
      return y[i] === 1 ? Math.log(p) : Math.log(1 - p);
    });
    expectClose(values(new Bernoulli(t(l)).logProb(t(y))), expected);
    // sigmoid(+-800) rounds to 1 or 0, but the log-mass is still exact: -log1p(e^-800) = -0 to double precision.
    expectClose(values(new Bernoulli(t([800, 800, -800, -800])).logProb(t([1, 0, 1, 0]))), [0, -800, -800, 0]);
    expect(values(new Bernoulli(t([40])).logProb(t([1])))[0]).toBeCloseTo(-Math.exp(-40), 30);
  });

  it('Poisson, from the rate and from the log-rate, against 30-digit values', () => {
    const cases: [number, number, number][] = [
      [0, 0.5, -0.5],
      [3, 2.5, -1.5428872736055898053],
      [17, 20, -2.5776247997190419956],
      [250, 230, -4.5254045600541169253],
    ];
    for (const [k, r, v] of cases) {
      expectClose(values(Poisson.fromRate(r).logProb(t([k]))), [v]);
      expectClose(values(Poisson.fromLogRate(E.scalar(Math.log(r))).logProb(t([k]))), [v], 1e-12);
    }
  });
});

describe('gradients of logProb against central differences', () => {
  it('Normal in value, loc and scale', () => {
    expectGradients((p) => weighted(new Normal(p.loc, p.scale).logProb(p.x)), { x: t([-1.2, 0.4, 2]), loc: t([0.3, -0.2, 1]), scale: t([0.7, 1.3, 2.1]) });
  });

  it('HalfNormal in value and scale', () => {
    expectGradients((p) => weighted(new HalfNormal(p.scale).logProb(p.x)), { x: t([0.1, 0.9, 2.5]), scale: t([0.5, 1, 3]) });
  });

  it('LogNormal in value, loc and scale', () => {
    expectGradients((p) => weighted(new LogNormal(p.loc, p.scale).logProb(p.x)), { x: t([0.2, 1.4, 3]), loc: t([0.1, -0.3, 0.5]), scale: t([0.4, 0.9, 1.2]) });
  });

  it('Gamma in value, concentration (digamma) and rate', () => {
    expectGradients((p) => weighted(new Gamma(p.a, p.b).logProb(p.x)), { x: t([0.3, 1.9, 6]), a: t([0.4, 2.2, 9]), b: t([1.5, 0.7, 1]) });
  });

  it('SoftLaplace in value, loc and scale (the derivative in z is tanh z, smooth through 0)', () => {
    expectGradients((p) => weighted(new SoftLaplace(p.loc, p.scale).logProb(p.x)), { x: t([-3, 0.25, 0.5, 4]), loc: t([0.5, 0.25, -0.1, 1]), scale: t([1, 0.6, 2, 0.8]) });
  });

  it('Bernoulli in the logits and the value', () => {
    expectGradients((p) => weighted(new Bernoulli(p.l).logProb(p.y)), { l: t([-3, -0.2, 0.5, 6]), y: t([1, 0, 0.3, 1]) });
  });

  it('Bernoulli logits broadcast against a batch of labels', () => {
    expectGradients((p) => weighted(new Bernoulli(p.l).logProb(E.tensor([1, 0, 1, 1, 0, 0], [2, 3]))), { l: t([-1, 0.4, 2]) });
  });

  it('Poisson in the rate and the log-rate', () => {
    const k = t([0, 2, 7]);
    expectGradients((p) => weighted(Poisson.fromRate(p.r).logProb(k)), { r: t([0.5, 2.5, 6]) });
    expectGradients((p) => weighted(Poisson.fromLogRate(p.lr).logProb(k)), { lr: t([-0.5, 0.9, 1.8]) });
  });
});

describe('samplers', () => {
  const n = 100_000;

  it('Normal: moments, and the draw is loc + scale eps (reparameterised)', () => {
    const [mu, s] = [1.5, 2];
    const x = new Normal(mu, s).sample(key(1), [n]).dataSync();
    expectMoments(x, mu, s * s, 3 * s ** 4);
    // d sum(x) / d loc = n and d sum(x) / d scale = sum(eps) = sum((x - loc) / scale).
    const r = valueAndGrad((p: { loc: Tensor; scale: Tensor }) => E.sum(new Normal(p.loc, p.scale).sample(key(1), [n])))({ loc: E.scalar(mu), scale: E.scalar(s) });
    let sumEps = 0;
    for (let i = 0; i < n; i++) sumEps += (x[i] - mu) / s;
    expect(r.grads.loc.item()).toBeCloseTo(n, 6);
    expect(Math.abs(r.grads.scale.item() - sumEps)).toBeLessThan(1e-8 * n);
  });

  it('LogNormal: log of the draws has the Normal moments, the draws the LogNormal mean', () => {
    const [mu, s] = [0.2, 0.5];
    const x = new LogNormal(mu, s).sample(key(2), [n]).dataSync();
    expectMoments(Array.from(x, Math.log), mu, s * s, 3 * s ** 4);
    const m = LogNormal.mean(mu, s);
    const v = LogNormal.sd(mu, s) ** 2;
    expect(Math.abs(moments(x).mean - m)).toBeLessThan(5 * Math.sqrt(v / n));
  });

  it('HalfNormal: mean scale sqrt(2/pi), variance scale^2 (1 - 2/pi)', () => {
    const s = 1.3;
    const x = new HalfNormal(s).sample(key(3), [n]).dataSync();
    const mean = s * Math.sqrt(2 / Math.PI);
    const variance = s * s * (1 - 2 / Math.PI);
    // E[(x - m)^4] for |N(0, s^2)|: 3 s^4 - 4 m E[x^3] + 6 m^2 s^2 - 3 m^4 with E[x^3] = 2 s^3 sqrt(2/pi).
    const fourth = 3 * s ** 4 - 4 * mean * 2 * s ** 3 * Math.sqrt(2 / Math.PI) + 6 * mean ** 2 * s * s - 3 * mean ** 4;
    expectMoments(x, mean, variance, fourth);
    expect(Math.min(...x)).toBeGreaterThanOrEqual(0);
  });

  it('SoftLaplace: mean loc, variance scale^2 pi^2 / 4 (a hyperbolic secant law)', () => {
    const [loc, s] = [-0.5, 0.8];
    const x = new SoftLaplace(loc, s).sample(key(4), [n]).dataSync();
    // Standard hyperbolic secant: variance 1, kurtosis 5; here z = (pi/2) * that variable.
    const variance = (s * s * Math.PI * Math.PI) / 4;
    expectMoments(x, loc, variance, 5 * variance * variance);
  });

  it('Gamma data: moments for a >= 1 and a < 1, and the CDF at a few points', () => {
    for (const [a, b] of [
      [2, 1],
      [0.5, 2],
      [7.5, 0.5],
    ]) {
      const x = new Gamma(a, b).sample(key(5), [n]).dataSync();
      // Central moments of Gamma(a, b): variance a/b^2, fourth 3a(a + 2)/b^4.
      expectMoments(x, a / b, a / (b * b), (3 * a * (a + 2)) / b ** 4);
      expect(Math.min(...x)).toBeGreaterThan(0);
    }
    // Closed-form CDFs: Gamma(2, 1): 1 - e^-x (1 + x); Gamma(1/2, 1): erf(sqrt x).
    const cdfs: [number, (x: number) => number][] = [
      [2, (x) => 1 - Math.exp(-x) * (1 + x)],
      [0.5, (x) => erf(Math.sqrt(x))],
    ];
    for (const [a, cdf] of cdfs) {
      const x = new Gamma(a, 1).sample(key(6), [n]).dataSync();
      for (const q of [0.05, 0.3, 1, 2.5, 5]) {
        let below = 0;
        for (let i = 0; i < n; i++) if (x[i] <= q) below++;
        const p = cdf(q);
        expect(Math.abs(below / n - p), `a = ${a}, x = ${q}`).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / n) + 1e-12);
      }
    }
  });

  it('Bernoulli: frequencies match sigmoid(logits)', () => {
    const l = [-1.5, 0, 2];
    const p = l.map((v) => 1 / (1 + Math.exp(-v)));
    const y = new Bernoulli(E.tensor(l, [1, 3])).sample(key(7), [20_000, 3]).dataSync();
    for (let j = 0; j < 3; j++) {
      let s = 0;
      for (let i = 0; i < 20_000; i++) s += y[3 * i + j];
      expect(Math.abs(s / 20_000 - p[j])).toBeLessThan(5 * Math.sqrt((p[j] * (1 - p[j])) / 20_000));
    }
  });
});
