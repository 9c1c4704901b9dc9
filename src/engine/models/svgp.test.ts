import { describe, expect, it } from 'vitest';
import * as E from '../ops';
import { valueAndGrad } from '../grad';
import { randomValues } from '../testing/fixtures';
import type { SvgpParams } from './svgp';
import { evaluationGrid, generateSvgpData, initialInducingInputs, targetOnPoints, svgpNegativeElbo, svgpPredict, svgpTarget } from './svgp';
import { SvgpRun } from './svgpRun';

/**
 * The negative ELBO written directly from the formulas of the notebook with plain loops:
 * A = L^{-1} K_zx, mu = A^T m, var = s2 - colsum(A^2) + colsum((S^T A)^2). Shares no code
 * with the engine (its own kernel, Cholesky and solves).
 */
function referenceNegativeElbo(v: Record<keyof SvgpParams, Float64Array>, x: Float64Array, y: Float64Array, nTotal: number, jitter: number): number {
  const m = v.qMean.length;
  const b = y.length;
  const s2 = Math.exp(v.logVariance[0]);
  const l2 = Math.exp(2 * v.logLengthscale[0]);
  const sigma2 = Math.exp(v.logNoise[0]);
  const k = (a1: number, a2: number, b1: number, b2: number) => s2 * Math.exp((-0.5 * ((a1 - b1) ** 2 + (a2 - b2) ** 2)) / l2);
  const z = v.z;
  const kzz: number[][] = [];
  for (let i = 0; i < m; i++) {
    kzz.push([]);
    for (let j = 0; j < m; j++) kzz[i].push(k(z[2 * i], z[2 * i + 1], z[2 * j], z[2 * j + 1]) + (i === j ? jitter : 0));
  }
  // Cholesky–Crout.
  const L = kzz.map(() => new Array<number>(m).fill(0));
  for (let j = 0; j < m; j++) {
    let d = kzz[j][j];
    for (let p = 0; p < j; p++) d -= L[j][p] ** 2;
    L[j][j] = Math.sqrt(d);
    for (let i = j + 1; i < m; i++) {
      let s = kzz[i][j];
      for (let p = 0; p < j; p++) s -= L[i][p] * L[j][p];
      L[i][j] = s / L[j][j];
    }
  }
  const S = (i: number, j: number) => (j <= i ? v.qScale[i * m + j] : 0);
  let ell = 0;
  for (let n = 0; n < b; n++) {
    // a = L^{-1} k(z, x_n) by forward substitution.
    const a = new Array<number>(m);
    for (let i = 0; i < m; i++) {
      let s = k(z[2 * i], z[2 * i + 1], x[2 * n], x[2 * n + 1]);
      for (let p = 0; p < i; p++) s -= L[i][p] * a[p];
      a[i] = s / L[i][i];
    }
    let mu = 0;
    let a2 = 0;
    for (let i = 0; i < m; i++) {
      mu += a[i] * v.qMean[i];
      a2 += a[i] * a[i];
    }
    let sta2 = 0;
    for (let j = 0; j < m; j++) {
      let c = 0;
      for (let i = 0; i < m; i++) c += S(i, j) * a[i];
      sta2 += c * c;
    }
    const variance = s2 - a2 + sta2;
    ell += -0.5 * Math.log(2 * Math.PI * sigma2) - ((y[n] - mu) ** 2 + variance) / (2 * sigma2);
  }
  let kl = -m;
  for (let i = 0; i < m; i++) {
    kl += v.qMean[i] ** 2 - 2 * Math.log(Math.abs(S(i, i)));
    for (let j = 0; j <= i; j++) kl += S(i, j) ** 2;
  }
  return -((nTotal / b) * ell - 0.5 * kl);
}

function randomParams(m: number, seed: number): Record<keyof SvgpParams, Float64Array> {
  const scale = randomValues(m * m, seed + 5, -0.3, 0.3);
  for (let i = 0; i < m; i++) scale[i * m + i] = 0.5 + Math.abs(scale[i * m + i]);
  return {
    z: randomValues(2 * m, seed, -1.3, 1.3),
    logVariance: Float64Array.of(Math.log(0.8)),
    logLengthscale: Float64Array.of(Math.log(0.6)),
    logNoise: Float64Array.of(Math.log(0.05)),
    qMean: randomValues(m, seed + 3, -1, 1),
    qScale: scale,
  };
}

function asTensors(v: Record<keyof SvgpParams, Float64Array>, m: number): SvgpParams {
  return {
    z: E.tensor(v.z, [m, 2]),
    logVariance: E.tensor(v.logVariance, []),
    logLengthscale: E.tensor(v.logLengthscale, []),
    logNoise: E.tensor(v.logNoise, []),
    qMean: E.tensor(v.qMean, [m, 1]),
    qScale: E.tensor(v.qScale, [m, m]),
  };
}

describe('SVGP negative ELBO', () => {
  const m = 6;
  const b = 15;
  const nTotal = 300;
  const jitter = 1e-4;
  const values = randomParams(m, 11);
  const x = randomValues(2 * b, 12, -1.5, 1.5);
  const y = randomValues(b, 13, -1, 1);

  it('matches a direct implementation of the formulas', () => {
    const engine = svgpNegativeElbo(asTensors(values, m), E.tensor(x, [b, 2]), E.tensor(y, [b]), nTotal, jitter).item();
    const reference = referenceNegativeElbo(values, x, y, nTotal, jitter);
    expect(Math.abs(engine - reference) / Math.abs(reference)).toBeLessThan(1e-10);
  });

  it('has the gradient of the direct implementation (central differences in float64)', () => {
    const { grads } = valueAndGrad(svgpNegativeElbo)(asTensors(values, m), E.tensor(x, [b, 2]), E.tensor(y, [b]), nTotal, jitter);
    const h = 1e-6;
    for (const name of Object.keys(values) as (keyof SvgpParams)[]) {
      const analytic = grads[name].dataSync();
      for (let i = 0; i < values[name].length; i++) {
        const plus = { ...values, [name]: Float64Array.from(values[name]) };
        const minus = { ...values, [name]: Float64Array.from(values[name]) };
        plus[name][i] += h;
        minus[name][i] -= h;
        const numeric = (referenceNegativeElbo(plus, x, y, nTotal, jitter) - referenceNegativeElbo(minus, x, y, nTotal, jitter)) / (2 * h);
        const err = Math.abs(analytic[i] - numeric) / Math.max(1, Math.abs(numeric));
        expect(err, `${name}[${i}]: ${analytic[i]} vs ${numeric}`).toBeLessThan(1e-6);
      }
    }
  });

  it('the mini-batch estimate is unbiased: its mean over many batches approaches the full bound', () => {
    const data = generateSvgpData(400, 3);
    const params = asTensors(values, m);
    const full = svgpNegativeElbo(params, E.tensor(data.x, [400, 2]), E.tensor(data.y, [400]), 400, jitter).item();
    const run = new SvgpRun({ data, batch: 20, m, seed: 4 });
    let total = 0;
    const draws = 600;
    const estimates: number[] = [];
    for (let t = 0; t < draws; t++) {
      const idx = E.getDefaultBackend().randint(Uint32Array.of(9, t), [20], 0, 400);
      const est = svgpNegativeElbo(params, E.gatherRows(E.tensor(data.x, [400, 2]), idx), E.gatherRows(E.tensor(data.y, [400]), idx), 400, jitter).item();
      estimates.push(est);
      total += est;
    }
    const mean = total / draws;
    const sd = Math.sqrt(estimates.reduce((s, e) => s + (e - mean) ** 2, 0) / (draws - 1));
    // Within four standard errors of the full-batch value.
    expect(Math.abs(mean - full)).toBeLessThan((4 * sd) / Math.sqrt(draws));
    run.dispose();
  });
});

describe('SVGP data and initialisation', () => {
  it('generates reproducible data in the domain with noise of sd 0.1', () => {
    const a = generateSvgpData(2000, 7);
    const b = generateSvgpData(2000, 7);
    expect(a.x).toEqual(b.x);
    expect(a.x.every((v) => v >= -1.5 && v <= 1.5)).toBe(true);
    let ss = 0;
    for (let i = 0; i < 2000; i++) ss += (a.y[i] - svgpTarget(a.x[2 * i], a.x[2 * i + 1])) ** 2;
    expect(Math.sqrt(ss / 2000)).toBeGreaterThan(0.09);
    expect(Math.sqrt(ss / 2000)).toBeLessThan(0.11);
    expect(generateSvgpData(10, 8).x).not.toEqual(generateSvgpData(10, 7).x.slice(0, 20));
  });

  it('places 50 inducing inputs on the 10 x 5 grid over [-1.3, 1.3]^2', () => {
    const z = initialInducingInputs(50);
    const xs = new Set<number>();
    const ys = new Set<number>();
    for (let i = 0; i < 50; i++) {
      xs.add(+z[2 * i].toFixed(6));
      ys.add(+z[2 * i + 1].toFixed(6));
    }
    expect(xs.size).toBe(10);
    expect(ys.size).toBe(5);
    expect(Math.min(...xs)).toBeCloseTo(-1.3, 12);
    expect(Math.max(...ys)).toBeCloseTo(1.3, 12);
  });
});

describe('SVGP training', () => {
  it('in float32 follows the float64 trajectory to 1e-3 (relative) over 100 steps at the notebook settings', () => {
    // The notebook's jitter (1e-4) makes K_zz ill-conditioned within twenty steps; this is the
    // property that lets a float32 GPU run be compared with a cpu run step by step.
    const data = generateSvgpData(2000, 0);
    const curve = (dtype: 'f32' | 'f64') => {
      const run = new SvgpRun({ data, batch: 200, m: 50, seed: 7, dtype });
      return Array.from({ length: 100 }, () => run.step().item());
    };
    const f64 = curve('f64');
    const f32 = curve('f32');
    let worst = 0;
    // Relative to max(|loss|, 5% of the first loss): the negative ELBO crosses zero.
    for (let i = 0; i < 100; i++) worst = Math.max(worst, Math.abs(f32[i] - f64[i]) / Math.max(Math.abs(f64[i]), 0.05 * Math.abs(f64[0])));
    expect(worst).toBeLessThan(1e-3);
    expect(f64[99]).toBeLessThan(0);
  });

  it('300 full-batch steps on 2,000 points lower the loss and fit the target on the grid', () => {
    const data = generateSvgpData(2000, 1);
    const run = new SvgpRun({ data, batch: null, m: 50 });
    const first = run.step().item();
    let last = first;
    for (let i = 1; i < 300; i++) last = run.step().item();
    expect(first).toBeGreaterThan(1e5);
    expect(last).toBeLessThan(0);
    const grid = evaluationGrid(30);
    const truth = targetOnPoints(grid);
    const { mean, variance } = run.predict(grid);
    const mu = mean.dataSync();
    let se = 0;
    for (let i = 0; i < truth.length; i++) se += (mu[i] - truth[i]) ** 2;
    expect(Math.sqrt(se / truth.length)).toBeLessThan(0.06);
    expect(variance.dataSync().every((v) => v > 0 && v < 1)).toBe(true);
  });

  it('the per-point moments of svgpPredict and the loss describe the same bound', () => {
    // The posterior moments from svgpPredict plugged into the expected log-likelihood reproduce the loss.
    const m = 6;
    const values = randomParams(m, 21);
    const params = asTensors(values, m);
    const x = randomValues(2 * 10, 22, -1.5, 1.5);
    const y = randomValues(10, 23, -1, 1);
    const { mean, variance } = svgpPredict(params, E.tensor(x, [10, 2]), 1e-4);
    const mu = mean.dataSync();
    const vr = variance.dataSync();
    const sigma2 = Math.exp(values.logNoise[0]);
    let ell = 0;
    for (let n = 0; n < 10; n++) ell += -0.5 * Math.log(2 * Math.PI * sigma2) - ((y[n] - mu[n]) ** 2 + vr[n]) / (2 * sigma2);
    const loss = svgpNegativeElbo(params, E.tensor(x, [10, 2]), E.tensor(y, [10]), 10, 1e-4).item();
    expect(loss).toBeCloseTo(referenceNegativeElbo(values, x, y, 10, 1e-4), 8);
    // loss = KL - ell, so loss + ell is the KL and must be positive.
    expect(loss + ell).toBeGreaterThan(0);
  });
});
