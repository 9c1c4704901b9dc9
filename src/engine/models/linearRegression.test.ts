import { describe, expect, it } from 'vitest';
import * as E from '../ops';
import { valueAndGrad } from '../grad';
import { key } from '../random';
import { checkGradients } from '../testing/finiteDifferences';
import { randomValues } from '../testing/fixtures';
import type { LinearData, LinearParams } from './linearRegression';
import {
  batchTensors,
  fullLoss,
  generateLinearData,
  hessian,
  leastSquares,
  linearRegressionLoss,
  lossAndGradient,
  permutation,
  smoothness,
  symmetricEigenvalues,
} from './linearRegression';

/** Small hand-made data set: x = [[1, 2], [3, 4], [0, 1]], y = [1, 2, 3]. */
const tiny: LinearData = {
  x: Float64Array.of(1, 2, 3, 4, 0, 1),
  y: Float64Array.of(1, 2, 3),
  n: 3,
  d: 2,
  thetaTrue: Float64Array.of(0, 0),
  noise: 0,
};

describe('generateLinearData', () => {
  const data = generateLinearData({ seed: 7 });

  it('has the notebook shape and is a function of the seed', () => {
    expect([data.n, data.d, data.x.length, data.y.length]).toEqual([10_000, 5, 50_000, 10_000]);
    expect(Array.from(data.thetaTrue)).toEqual([1, -2, 0.5, 3, -1.5]);
    const again = generateLinearData({ seed: 7 });
    expect(again.x).toEqual(data.x);
    expect(again.y).toEqual(data.y);
    expect(generateLinearData({ seed: 8 }).x[0]).not.toBe(data.x[0]);
  });

  it('inputs are standard normal and the residuals have sd 0.1', () => {
    const { x, y, n, d } = data;
    for (let j = 0; j < d; j++) {
      let m = 0;
      let v = 0;
      for (let i = 0; i < n; i++) m += x[i * d + j] / n;
      for (let i = 0; i < n; i++) v += (x[i * d + j] - m) ** 2 / (n - 1);
      expect(Math.abs(m)).toBeLessThan(0.04); // 4 standard errors of 0.01
      expect(Math.abs(v - 1)).toBeLessThan(0.06); // 4 standard errors of sqrt(2 / n)
    }
    let ss = 0;
    for (let i = 0; i < n; i++) {
      let r = y[i];
      for (let j = 0; j < d; j++) r -= x[i * d + j] * data.thetaTrue[j];
      ss += r * r;
    }
    expect(Math.abs(Math.sqrt(ss / n) / 0.1 - 1)).toBeLessThan(0.03); // sd of the ratio ~ 0.007
  });
});

describe('the engine loss', () => {
  const xt = E.tensor(tiny.x, [3, 2]);
  const yt = E.tensor(tiny.y, [3]);
  const params: LinearParams = { theta: E.tensor([0.5, -1]) };

  it('is half the mean squared residual, with the mean-residual-weighted inputs as gradient', () => {
    // Residuals x.theta - y: -2.5, -4.5, -4. Loss (6.25 + 20.25 + 16) / 6.
    // Gradient 1/3 [(-2.5)(1) + (-4.5)(3) + (-4)(0), (-2.5)(2) + (-4.5)(4) + (-4)(1)] = [-16/3, -9].
    const { value, grads } = valueAndGrad(linearRegressionLoss)(params, xt, yt);
    expect(value.item()).toBeCloseTo(42.5 / 6, 14);
    const g = grads.theta.dataSync();
    expect(g[0]).toBeCloseTo(-16 / 3, 13);
    expect(g[1]).toBeCloseTo(-9, 13);
  });

  it('autodiff agrees with central differences', () => {
    const x = E.tensor(randomValues(40 * 5, 1), [40, 5]);
    const y = E.tensor(randomValues(40, 2, -3, 3), [40]);
    const check = checkGradients((p: LinearParams) => linearRegressionLoss(p, x, y), { theta: E.tensor(randomValues(5, 3)) });
    expect(check.maxError).toBeLessThan(1e-8);
  });
});

describe('typed-array helpers', () => {
  const data = generateLinearData({ seed: 3, n: 2000 });
  const theta = randomValues(5, 11, -2, 2);

  it('lossAndGradient equals the autodiff loss and gradient on a shuffled batch', () => {
    const idx = permutation(key(5), data.n);
    const grad = new Float64Array(5);
    const loss = lossAndGradient(data, theta, grad, idx, 100, 237);
    const b = batchTensors(data, idx, 100, 237);
    const ref = valueAndGrad(linearRegressionLoss)({ theta: E.tensor(theta) }, b.x, b.y);
    expect(Math.abs(loss - ref.value.item())).toBeLessThan(1e-12 * ref.value.item());
    const g = ref.grads.theta.dataSync();
    for (let j = 0; j < 5; j++) expect(Math.abs(grad[j] - g[j])).toBeLessThan(1e-12 * Math.max(1, Math.abs(g[j])));
  });

  it('fullLoss is the loss over all rows', () => {
    const all = batchTensors(data, Int32Array.from({ length: data.n }, (_, i) => i));
    const ref = linearRegressionLoss({ theta: E.tensor(theta) }, all.x, all.y).item();
    expect(Math.abs(fullLoss(data, theta) - ref)).toBeLessThan(1e-12 * ref);
    const g = new Float64Array(5);
    expect(lossAndGradient(data, theta, g)).toBeCloseTo(ref, 12);
  });

  it('hessian is X^T X / N', () => {
    // X^T X = [[1+9+0, 2+12+0], [2+12+0, 4+16+1]] = [[10, 14], [14, 21]].
    expect(Array.from(hessian(tiny))).toEqual([10 / 3, 14 / 3, 14 / 3, 7]);
  });

  it('leastSquares zeroes the full gradient and recovers theta exactly without noise', () => {
    const thetaHat = leastSquares(data);
    const g = new Float64Array(5);
    lossAndGradient(data, thetaHat, g);
    for (const v of g) expect(Math.abs(v)).toBeLessThan(1e-12);
    const clean = generateLinearData({ seed: 4, n: 50, noise: 0 });
    const exact = leastSquares(clean);
    for (let j = 0; j < 5; j++) expect(exact[j]).toBeCloseTo(clean.thetaTrue[j], 12);
  });
});

describe('symmetricEigenvalues and the stability limit', () => {
  it('finds the eigenvalues of small matrices with known spectra', () => {
    expect(Array.from(symmetricEigenvalues([2, 1, 1, 2], 2)).map((v) => Number(v.toFixed(13)))).toEqual([1, 3]);
    expect(Array.from(symmetricEigenvalues([4, 0, 0, 0, -1, 0, 0, 0, 2], 3))).toEqual([-1, 2, 4]);
  });

  it('recovers a prescribed spectrum from Q diag(l) Q^T with Q a Householder reflection', () => {
    const l = [7, 0.5, 3, 1, 2];
    const v = [1, -2, 0.5, 3, 1];
    const vv = v.reduce((s, a) => s + a * a, 0);
    const q = (i: number, j: number) => (i === j ? 1 : 0) - (2 * v[i] * v[j]) / vv;
    const a = new Float64Array(25);
    for (let i = 0; i < 5; i++) for (let j = 0; j < 5; j++) for (let k = 0; k < 5; k++) a[i * 5 + j] += q(i, k) * l[k] * q(j, k);
    const ev = symmetricEigenvalues(a, 5);
    const want = [0.5, 1, 2, 3, 7];
    for (let i = 0; i < 5; i++) expect(ev[i]).toBeCloseTo(want[i], 12);
  });

  it('full-batch gradient descent converges below 2/L and diverges above it', () => {
    const data = generateLinearData({ seed: 9, n: 300 });
    const L = smoothness(data);
    const run = (eta: number) => {
      const theta = new Float64Array(5);
      const g = new Float64Array(5);
      for (let t = 0; t < 400; t++) {
        lossAndGradient(data, theta, g);
        for (let j = 0; j < 5; j++) theta[j] -= eta * g[j];
      }
      return fullLoss(data, theta);
    };
    expect(run(1.95 / L)).toBeLessThan(0.01); // converges, slowly along the top direction
    expect(run(2.05 / L)).toBeGreaterThan(1e3); // |1 - eta L| = 1.05 per step on the top direction
  });
});

describe('permutation', () => {
  it('is a permutation and a function of the key', () => {
    const p = permutation(key(1), 1000);
    expect(Array.from(p).sort((a, b) => a - b)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(permutation(key(1), 1000)).toEqual(p);
    expect(permutation(key(2), 1000)).not.toEqual(p);
  });

  it('draws the 6 orders of 3 items about equally often', () => {
    const counts = new Map<string, number>();
    for (let s = 0; s < 6000; s++) {
      const k = Array.from(permutation(key(s), 3)).join('');
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    expect(counts.size).toBe(6);
    // Each count is Binomial(6000, 1/6): mean 1000, sd 28.9; 5 sd either side.
    for (const c of counts.values()) expect(Math.abs(c - 1000)).toBeLessThan(145);
  });
});
