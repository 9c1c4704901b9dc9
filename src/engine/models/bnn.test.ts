import { describe, expect, it } from 'vitest';
import type { Tensor } from '../tensor';
import * as E from '../ops';
import { foldIn, key, split } from '../random';
import { checkGradients } from '../testing/finiteDifferences';
import { MeanFieldNormalGuide } from '../prob/guides';
import type { MeanFieldParams } from '../prob/guides';
import { splitTrainValTest, twoMoons } from '../data/twoMoons';
import { BNN_LAYERS, bnnLogits, bnnModel, bnnPriorDraw, bnnSites, squareGrid } from './bnn';
import { auc, posteriorPredictive, rocCurve } from './bnnMetrics';
import type { BnnStepRecord } from './bnnRun';
import { BnnRun } from './bnnRun';
import { readStepSync } from '../train/trainer';
import { runBnnNotebook } from '../experiments/bnnNotebook';

const guide = new MeanFieldNormalGuide(bnnSites());

/** The network written out with plain numbers: tanh(tanh(x W1 + b1) W2 + b2) W3 + b3. */
function referenceLogits(v: Record<string, Float64Array>, x: number[][]): number[] {
  const layer = (h: number[], w: Float64Array, b: Float64Array, out: number, act: boolean) =>
    Array.from({ length: out }, (_, j) => {
      let s = b[j];
      h.forEach((hi, i) => (s += hi * w[i * out + j]));
      return act ? Math.tanh(s) : s;
    });
  return x.map((xi) => layer(layer(layer(xi, v.w1, v.b1, 4, true), v.w2, v.b2, 3, true), v.w3, v.b3, 1, false)[0]);
}

function latentValues(l: Record<string, Tensor>): Record<string, Float64Array> {
  return Object.fromEntries(Object.entries(l).map(([k, t]) => [k, Float64Array.from(t.dataSync())]));
}

describe('the BNN model', () => {
  const params = guide.init(key(1));
  const draw = guide.sample(params, key(2));
  const xs = [
    [0.3, -1.2],
    [2, 0.5],
    [-1, 1],
  ];
  const ys = [1, 0, 1];
  const data = { x: E.tensor(xs.flat(), [3, 2]), y: E.tensor(ys) };

  it('has the sites of a 2-4-3-1 network (31 latents)', () => {
    expect(bnnSites().map((s) => [s.name, s.shape])).toEqual([
      ['w1', [2, 4]],
      ['b1', [4]],
      ['w2', [4, 3]],
      ['b2', [3]],
      ['w3', [3, 1]],
      ['b3', [1]],
    ]);
    expect(guide.size).toBe(31);
    expect(BNN_LAYERS).toEqual([2, 4, 3, 1]);
  });

  it('computes the logits, the priors and the Bernoulli likelihood of the formulas', () => {
    const v = latentValues(draw.latents);
    const ref = referenceLogits(v, xs);
    const logits = bnnLogits(draw.latents, data.x).dataSync();
    ref.forEach((r, i) => expect(logits[i]).toBeCloseTo(r, 13));
    const terms = bnnModel(draw.latents, data);
    let prior = 0;
    for (const name of ['w1', 'w2', 'w3']) for (const w of v[name]) prior += Math.log(2 / Math.PI / (Math.exp(w) + Math.exp(-w)));
    for (const name of ['b1', 'b2', 'b3']) for (const b of v[name]) prior += -0.5 * b * b - 0.5 * Math.log(2 * Math.PI);
    expect(terms.logPrior.item()).toBeCloseTo(prior, 12);
    const lik = ref.reduce((s, l, i) => {
      const p = 1 / (1 + Math.exp(-l));
      return s + (ys[i] === 1 ? Math.log(p) : Math.log(1 - p));
    }, 0);
    expect(terms.logLikelihood.item()).toBeCloseTo(lik, 12);
  });

  it('the one-particle negative ELBO has exact gradients in the guide parameters', () => {
    const eps = guide.noise(key(3));
    const f = (p: MeanFieldParams) => {
      const d = guide.sampleWithNoise(p, eps);
      const t = bnnModel(d.latents, data);
      return E.neg(E.sub(E.add(t.logPrior, t.logLikelihood), d.logQ));
    };
    const r = checkGradients(f, { loc: params.loc, rawScale: E.affine(params.rawScale, 1, 1.5) });
    expect(r.maxError, r.worst).toBeLessThan(1e-7);
  });

  it('prior draws are networks with finite probabilities on the plotting grid', () => {
    const grid = squareGrid(11, 5);
    expect(grid.length).toBe(242);
    expect([grid[0], grid[1], grid[240], grid[241]]).toEqual([-5, -5, 5, 5]);
    const net = bnnPriorDraw(key(4));
    const p = E.sigmoid(bnnLogits(net, E.tensor(grid, [121, 2]))).dataSync();
    for (const v of p) expect(v >= 0 && v <= 1).toBe(true);
  });
});

describe('two moons and the split', () => {
  it('puts half the points on each noiseless half-circle, labelled 0 (upper) and 1 (lower, shifted)', () => {
    const d = twoMoons(200, 0, key(5));
    let ones = 0;
    for (let i = 0; i < d.n; i++) {
      const [x, y] = [d.x[2 * i], d.x[2 * i + 1]];
      if (d.y[i] === 0) {
        expect(Math.hypot(x, y)).toBeCloseTo(1, 12);
        expect(y).toBeGreaterThanOrEqual(-1e-12);
      } else {
        ones++;
        expect(Math.hypot(x - 1, y - 0.5)).toBeCloseTo(1, 12);
        expect(y).toBeLessThanOrEqual(0.5 + 1e-12);
      }
    }
    expect(ones).toBe(100);
  });

  it('adds N(0, noise^2) to each coordinate', () => {
    const clean = twoMoons(4000, 0, key(6));
    const noisy = twoMoons(4000, 0.25, key(6));
    let s2 = 0;
    for (let i = 0; i < clean.x.length; i++) s2 += (noisy.x[i] - clean.x[i]) ** 2;
    expect(Math.sqrt(s2 / clean.x.length)).toBeCloseTo(0.25, 2);
  });

  it('splits 2,000 points 980 / 420 / 600, disjoint and complete', () => {
    const d = twoMoons(2000, 0.25, key(7));
    const s = splitTrainValTest(d, key(8));
    expect([s.train.n, s.val.n, s.test.n]).toEqual([980, 420, 600]);
    const key2 = (x: Float64Array, i: number) => `${x[2 * i]},${x[2 * i + 1]}`;
    const all = new Set(Array.from({ length: d.n }, (_, i) => key2(d.x, i)));
    const seen = new Set<string>();
    for (const part of [s.train, s.val, s.test]) for (let i = 0; i < part.n; i++) seen.add(key2(part.x, i));
    expect(seen).toEqual(all);
    expect(splitTrainValTest(d, key(9)).test.x).not.toEqual(s.test.x);
  });
});

describe('AUC and ROC', () => {
  it('AUC equals the fraction of correctly ordered (positive, negative) pairs, ties counting half', () => {
    const scores = [0.1, 0.4, 0.35, 0.8, 0.4, 0.2, 0.9, 0.4];
    const labels = [0, 1, 0, 1, 0, 0, 1, 1];
    let good = 0;
    let pairs = 0;
    for (let i = 0; i < scores.length; i++) {
      for (let j = 0; j < scores.length; j++) {
        if (labels[i] !== 1 || labels[j] !== 0) continue;
        pairs++;
        good += scores[i] > scores[j] ? 1 : scores[i] === scores[j] ? 0.5 : 0;
      }
    }
    expect(auc(scores, labels)).toBeCloseTo(good / pairs, 15);
    // The trapezoidal area under the ROC points is the same number.
    const roc = rocCurve(scores, labels);
    let area = 0;
    for (let i = 1; i < roc.fpr.length; i++) area += (roc.fpr[i] - roc.fpr[i - 1]) * (roc.tpr[i] + roc.tpr[i - 1]) * 0.5;
    expect(area).toBeCloseTo(good / pairs, 15);
    expect([roc.fpr[0], roc.tpr[0], roc.fpr[roc.fpr.length - 1], roc.tpr[roc.tpr.length - 1]]).toEqual([0, 0, 1, 1]);
    expect(auc([1, 2], [1, 1])).toBeNaN();
  });
});

describe('training', () => {
  const [dk, sk, rk] = split(key(10), 3);
  const { train, val, test } = splitTrainValTest(twoMoons(400, 0.25, dk), sk);

  it('the posterior predictive is the average of the draws', () => {
    const run = new BnnRun({ train, val, key: rk, patience: 0 });
    const x = E.tensor(test.x.subarray(0, 10), [5, 2]);
    const pp = posteriorPredictive(run.guide, run.params, x, 7, key(11));
    const manual = new Float64Array(5);
    const sq = new Float64Array(5);
    for (let s = 0; s < 7; s++) {
      const p = E.sigmoid(bnnLogits(run.guide.sampleWithNoise(run.params, run.guide.noise(foldIn(key(11), s))).latents, x)).dataSync();
      for (let i = 0; i < 5; i++) {
        manual[i] += p[i] / 7;
        sq[i] += (p[i] * p[i]) / 7;
      }
    }
    for (let i = 0; i < 5; i++) {
      expect(pp.mean[i]).toBeCloseTo(manual[i], 14);
      expect(pp.sd[i]).toBeCloseTo(Math.sqrt(Math.max(0, sq[i] - manual[i] ** 2)), 12);
    }
  });

  it('lowers the loss and separates the moons; the step records are normalised per point', () => {
    const run = new BnnRun({ train, val, key: rk, patience: 0 });
    const first = run.stepSync();
    let last = first;
    for (let i = 0; i < 400; i++) last = run.stepSync();
    expect(last.trainLoss).toBeLessThan(first.trainLoss);
    expect(last.learningRate).toBe(0.01);
    const pp = posteriorPredictive(run.guide, run.params, E.tensor(test.x, [test.n, 2]), 100, key(12));
    expect(auc(pp.mean, test.y)).toBeGreaterThan(0.9);
  });

  it('figures read back late and observed in order equal those read at once', () => {
    const now = new BnnRun({ train, val, key: rk, patience: 3, criterion: 'fair' });
    const late = new BnnRun({ train, val, key: rk, patience: 3, criterion: 'fair' });
    const expected = Array.from({ length: 12 }, () => now.stepSync());
    const figures = Array.from({ length: 12 }, () => late.step());
    expect(late.steps).toBe(12);
    expect(late.observed).toBe(0);
    const got = figures.map((f) => late.observe(readStepSync(f)));
    expect(got).toEqual(expected);
    expect(late.earlyStopStep).toBe(now.earlyStopStep);
    expect(() => late.observe({ loss: 0, aux: {} })).toThrow(/already been observed/);
  });

  it('without synchronous reads, reduce-on-plateau is fed when the figures are observed', () => {
    const run = new BnnRun({ train, val, key: rk, optimizer: 'onecycle', scheduleSteps: 300, patience: 0, syncReads: false });
    const plateau = run.plateau!;
    for (let i = 0; i < 99; i++) run.observe(readStepSync(run.step()));
    const last = run.step();
    // The window of 100 losses is complete only once the 100th is observed.
    expect(plateau.best).toBe(Infinity);
    run.observe(readStepSync(last));
    expect(Number.isFinite(plateau.best)).toBe(true);
  });

  it('one-cycle starts at peak / 3 and reaches the peak at 20% of the steps', () => {
    const run = new BnnRun({ train, val, key: rk, optimizer: 'onecycle', scheduleSteps: 100, patience: 0 });
    const rates: number[] = [];
    for (let i = 0; i < 21; i++) rates.push(run.stepSync().learningRate);
    expect(rates[0]).toBeCloseTo(0.008 / 3, 15);
    expect(rates[20]).toBeCloseTo(0.008, 15);
  });

  for (const criterion of ['biased', 'fair'] as const) {
    it(`early stopping (${criterion}) fires at the first step that completes a streak of 'patience' worse steps`, async () => {
      const history: BnnStepRecord[] = [];
      const r = await runBnnNotebook({ n: 400, steps: 600, patience: 15, criterion, seed: 2, predictiveDraws: 20, onStep: (s) => void history.push(s) });
      let streak = 0;
      let expected: number | null = null;
      for (const s of history) {
        const worse = criterion === 'biased' ? s.valLoss > s.trainLoss : s.valNll > s.trainNll;
        streak = worse ? streak + 1 : 0;
        if (streak >= 15) {
          expected = s.step;
          break;
        }
      }
      expect(r.earlyStopStep).toBe(expected);
      expect(r.stepsRun).toBe(expected ?? 600);
    });
  }

  it('the notebook reports exactly the documented fields', async () => {
    const r = await runBnnNotebook({ n: 200, steps: 30, predictiveDraws: 10 });
    expect(Object.keys(r).filter((k) => k !== 'details')).toEqual([
      'notebook',
      'nTrain',
      'nVal',
      'nTest',
      'stepsRun',
      'earlyStopStep',
      'stepsPerSecond',
      'trainLoss',
      'valLoss',
      'testAuc',
    ]);
    expect([r.nTrain, r.nVal, r.nTest]).toEqual([98, 42, 60]);
  });
});
