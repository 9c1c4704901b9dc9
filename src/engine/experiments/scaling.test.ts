import { describe, expect, it } from 'vitest';
import * as E from '../ops';
import { valueAndGrad } from '../grad';
import { foldIn, key } from '../random';
import { sgdInit, sgdUpdate } from '../optim/sgd';
import { constant, linearWarmup } from '../optim/schedules';
import type { LinearParams } from '../models/linearRegression';
import { batchTensors, generateLinearData, linearRegressionLoss, lossAndGradient, permutation, smoothness } from '../models/linearRegression';
import type { BnnRuleEpoch, RuleEpochPoint, RuleStart, SgdEpochPoint, VariancePoint } from './scaling';
import {
  accumulationSweep,
  bnnScalingRule,
  fitLine,
  gradientAccumulation,
  gradientVariance,
  maxAbsDifference,
  miniBatchSgd,
  runScalingNotebook,
  runSgd,
  scalingRule,
  tailMean,
} from './scaling';

const allFinite = (xs: readonly number[]) => xs.every((v) => Number.isFinite(v));

describe('fitLine', () => {
  it('recovers an exact line', () => {
    const f = fitLine([0, 1, 2, 5], [3, 1, -1, -7]);
    expect(f.slope).toBeCloseTo(-2, 14);
    expect(f.intercept).toBeCloseTo(3, 14);
  });
});

describe('gradient variance against B', () => {
  const data = generateLinearData({ seed: 0 });
  const r = gradientVariance({ seed: 0, data });

  it('falls as 1/B: ln-ln slope within 0.1 of -1', () => {
    expect(r.batchSizes).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024]);
    expect(Math.abs(r.slope + 1)).toBeLessThan(0.1);
  });

  it('each measured point is near the exact expectation (trace Sigma / B) (N - B) / (N - 1)', () => {
    // 1000 batches: a few percent of Monte Carlo error, more at B = 1 where |g_i|^2 is heavy-tailed.
    r.batchSizes.forEach((b, i) => expect(Math.abs(r.variances[i] / r.theory[i] - 1)).toBeLessThan(b <= 4 ? 0.25 : 0.1));
  });

  it('is exact in the two limits: B = 1 over one whole epoch, and B = N', () => {
    // With B = 1 and N batches, every point is visited once: the mean of |g_i - g|^2 is trace Sigma.
    const one = gradientVariance({ seed: 1, n: 500, batchSizes: [1], batches: 500 });
    expect(one.variances[0]).toBeCloseTo(one.traceCovariance, 10);
    // With B = N every batch is the whole data set: no noise at all.
    const all = gradientVariance({ seed: 1, n: 500, batchSizes: [500], batches: 3 });
    expect(all.variances[0]).toBeLessThan(1e-24);
    expect(all.theory[0]).toBe(0);
  });

  it('refuses impossible batch sizes', () => {
    expect(() => gradientVariance({ seed: 0, n: 100, batchSizes: [200] })).toThrow(RangeError);
  });
});

describe('runSgd', () => {
  const data = generateLinearData({ seed: 2, n: 500 });

  it('is the engine SGD (autodiff + sgdUpdate) on the same shuffles, last partial batch kept', () => {
    const shuffleKey = key(42);
    const schedule = linearWarmup({ start: 0.01, peak: 0.2, warmupSteps: 10 });
    const fast = runSgd(data, { batch: 64, schedule, epochs: 3, shuffleKey });
    // 500 = 7 * 64 + 52: eight updates per epoch.
    expect(fast.steps).toBe(24);
    const vg = valueAndGrad(linearRegressionLoss);
    let params: LinearParams = { theta: E.zeros([5]) };
    let state = sgdInit();
    for (let e = 0; e < 3; e++) {
      const perm = permutation(foldIn(shuffleKey, e), data.n);
      for (let s = 0; s < data.n; s += 64) {
        const b = batchTensors(data, perm, s, Math.min(s + 64, data.n));
        ({ params, state } = sgdUpdate(params, vg(params, b.x, b.y).grads, state, { learningRate: schedule }));
      }
    }
    const slow = params.theta.dataSync();
    for (let j = 0; j < 5; j++) expect(Math.abs((fast.theta as number[])[j] - slow[j])).toBeLessThan(1e-12);
  });

  it('detects divergence above the stability limit instead of returning NaN', () => {
    const L = smoothness(data);
    const ok = runSgd(data, { batch: data.n, schedule: constant(1.8 / L), epochs: 100, shuffleKey: key(0) });
    expect(ok.diverged).toBe(false);
    expect(ok.losses).toHaveLength(101);
    const bad = runSgd(data, { batch: data.n, schedule: constant(2.2 / L), epochs: 100, shuffleKey: key(0) });
    expect(bad.diverged).toBe(true);
    expect(bad.theta).toBeNull();
    // |1 - 2.2| = 1.2 per step: the loss grows by 1.44 per epoch past 1000 x the start within ~40.
    expect(bad.divergedAtEpoch).toBeGreaterThan(10);
    expect(bad.divergedAtEpoch).toBeLessThan(60);
    expect(allFinite(bad.losses)).toBe(true);
    const wild = runSgd(data, { batch: 1, schedule: constant(1e6), epochs: 5, shuffleKey: key(0) });
    expect(wild.diverged).toBe(true);
    expect(wild.divergedAtEpoch).toBe(1);
    expect(allFinite(wild.losses)).toBe(true);
  });
});

describe('the notebook experiments at their defaults', () => {
  const data = generateLinearData({ seed: 0 });

  it('mini-batch SGD: 20 epochs for B = 16, 64, 256; smaller batches end noisier', () => {
    const r = miniBatchSgd({ seed: 0, data });
    expect(r.runs.map((x) => x.batch)).toEqual([16, 64, 256]);
    expect(r.runs.map((x) => x.steps)).toEqual([20 * 625, 20 * 157, 20 * 40]);
    for (const run of r.runs) {
      expect(run.losses).toHaveLength(21);
      expect(run.finalError as number).toBeGreaterThan(r.leastSquaresError * 0.5);
      expect(run.finalError as number).toBeLessThan(0.05);
    }
    expect(r.runs[0].finalError as number).toBeGreaterThan(r.runs[2].finalError as number);
    // The least-squares error is about noise * sqrt(d / N) = 0.0022.
    expect(r.leastSquaresError).toBeGreaterThan(0.0005);
    expect(r.leastSquaresError).toBeLessThan(0.01);
  });

  it('scaling rule: nothing diverges below 2/L, small-k curves overlap, warm-up is a no-op at k = 1', () => {
    const r = scalingRule({ seed: 0, data });
    expect(r.stabilityLimit).toBeCloseTo(2 / smoothness(data), 14);
    expect(r.runs.map((x) => [x.k, x.batch, x.learningRate])).toEqual([1, 2, 4, 8, 16, 32, 64].map((k) => [k, 32 * k, 0.01 * k]));
    for (const run of r.runs) {
      expect(run.aboveStabilityLimit).toBe(false);
      for (const v of [run.plain, run.warmup]) {
        expect(v.diverged).toBe(false);
        expect(v.losses).toHaveLength(21);
        // The noise floor of the half-MSE is noise^2 / 2 = 0.005.
        expect(v.finalLoss as number).toBeLessThan(0.0052);
      }
    }
    expect(r.runs[0].warmup.losses).toEqual(r.runs[0].plain.losses);
    const first = r.runs.map((x) => x.plain.losses[1]);
    for (const k of [1, 2]) expect(Math.abs(first[k] / first[0] - 1)).toBeLessThan(0.2);
  });

  it('scaling rule: past 2/L the large-k runs diverge, with or without warm-up', () => {
    const r = scalingRule({ seed: 0, data, baseLearningRate: 0.05, ks: [1, 16, 64], epochs: 10 });
    const [k1, k16, k64] = r.runs;
    expect([k1.aboveStabilityLimit, k16.aboveStabilityLimit, k64.aboveStabilityLimit]).toEqual([false, false, true]);
    expect([k1.plain.diverged, k16.plain.diverged, k64.plain.diverged]).toEqual([false, false, true]);
    expect(k64.warmup.diverged).toBe(true);
    // Warm-up postpones the blow-up: it cannot start before the rate passes 2/L.
    expect(k64.warmup.divergedAtEpoch as number).toBeGreaterThan(k64.plain.divergedAtEpoch as number);
    expect(k64.plain.finalLoss).toBeNull();
    expect(allFinite(k64.plain.losses)).toBe(true);
  });

  it('gradient accumulation equals the one-shot gradient to rounding', () => {
    const r = gradientAccumulation({ seed: 0, data });
    expect([r.micro, r.microBatch, r.batch]).toEqual([8, 32, 256]);
    expect(r.maxAbsDifference).toBeLessThanOrEqual(1e-12);
    expect(r.maxAbsGradient).toBeGreaterThan(0.1);
    // The one-shot gradient is the typed-array gradient over the same 256 rows.
    const g = new Float64Array(5);
    lossAndGradient(data, Array.from(data.thetaTrue, (v) => v / 2), g, permutation(foldIn(key(0), 4), data.n), 0, 256);
    for (let j = 0; j < 5; j++) expect(Math.abs(r.oneShot[j] - g[j])).toBeLessThan(1e-12);
    const f32 = gradientAccumulation({ seed: 0, data, dtype: 'f32' });
    expect(f32.maxAbsDifference).toBeLessThan(1e-5);
    expect(() => gradientAccumulation({ seed: 0, n: 100, micro: 8, microBatch: 32 })).toThrow(RangeError);
  });

  it('runScalingNotebook returns JSON-safe figures', () => {
    const r = runScalingNotebook({ seed: 0, batchesPerSize: 200, epochs: 5 });
    const round = JSON.parse(JSON.stringify(r)) as typeof r;
    expect(round.gradientVariance.variances).toEqual(r.gradientVariance.variances);
    expect(round.scalingRule.runs.map((x) => x.plain.finalLoss)).toEqual(r.scalingRule.runs.map((x) => x.plain.finalLoss));
    expect(r.accumulation.maxAbsDifference).toBeLessThanOrEqual(1e-12);
  });
});

describe('progress callbacks (for live charts) report what the results hold', () => {
  const data = generateLinearData({ seed: 3, n: 2000 });

  it('gradientVariance reports every batch size once, in order', () => {
    const seen: VariancePoint[] = [];
    const r = gradientVariance({ seed: 3, data, batchSizes: [1, 4, 16], batches: 50, onPoint: (p) => seen.push(p) });
    expect(seen.map((p) => p.batch)).toEqual([1, 4, 16]);
    expect(seen.map((p) => p.variance)).toEqual(r.variances);
    expect(seen.map((p) => p.theory)).toEqual(r.theory);
    expect(seen.every((p) => p.traceCovariance === r.traceCovariance)).toBe(true);
  });

  it('miniBatchSgd reports the start and every epoch of every run, then the run', () => {
    const epochs: SgdEpochPoint[] = [];
    const ends: number[] = [];
    const r = miniBatchSgd({ seed: 3, data, epochs: 3, onEpoch: (p) => epochs.push(p), onRun: (run) => ends.push(run.batch) });
    expect(epochs).toHaveLength(3 * 4);
    expect(ends).toEqual([16, 64, 256]);
    for (const run of r.runs) {
      const mine = epochs.filter((p) => p.batch === run.batch);
      expect(mine.map((p) => p.epoch)).toEqual([0, 1, 2, 3]);
      expect(mine.map((p) => p.loss)).toEqual(run.losses);
      expect(mine[3].error).toBeCloseTo(run.finalError as number, 14);
    }
  });

  it('scalingRule announces L and the runs, then streams epochs; a diverged run streams only finite losses', () => {
    let start: RuleStart | null = null;
    const points: RuleEpochPoint[] = [];
    const r = scalingRule({ seed: 3, data, baseLearningRate: 0.05, ks: [1, 64], epochs: 6, onStart: (s) => (start = s), onEpoch: (p) => points.push(p) });
    const s = start as RuleStart | null;
    expect(s?.stabilityLimit).toBe(r.stabilityLimit);
    expect(s?.runs.map((x) => [x.k, x.batch, x.aboveStabilityLimit])).toEqual(r.runs.map((x) => [x.k, x.batch, x.aboveStabilityLimit]));
    for (const run of r.runs) {
      for (const warmup of [false, true]) {
        const mine = points.filter((p) => p.k === run.k && p.warmup === warmup).map((p) => p.loss);
        expect(mine).toEqual((warmup ? run.warmup : run.plain).losses);
        expect(allFinite(mine)).toBe(true);
      }
    }
    expect(r.runs[1].plain.diverged).toBe(true);
  });

  it('runSgd reports epoch 0 and each completed epoch', () => {
    const seen: number[] = [];
    const r = runSgd(data, { batch: 100, schedule: constant(0.1), epochs: 2, shuffleKey: key(1), onEpoch: (e, loss) => seen.push(e, loss) });
    expect(seen).toEqual([0, r.losses[0], 1, r.losses[1], 2, r.losses[2]]);
  });
});

describe('accumulation against K', () => {
  const data = generateLinearData({ seed: 0 });

  it('matches gradientAccumulation at the same K and agrees to rounding in both precisions', async () => {
    const seen: number[] = [];
    const f64 = await accumulationSweep({ seed: 0, data, onPoint: (p) => void seen.push(p.micro) });
    expect(f64.map((p) => p.micro)).toEqual([2, 4, 8, 16, 32, 64]);
    expect(seen).toEqual([2, 4, 8, 16, 32, 64]);
    const one = gradientAccumulation({ seed: 0, data });
    const at8 = f64[2];
    expect(at8.oneShot).toEqual(one.oneShot);
    expect(at8.accumulated).toEqual(one.accumulated);
    expect(at8.maxAbsDifference).toBe(one.maxAbsDifference);
    for (const p of f64) expect(p.maxAbsDifference).toBeLessThan(1e-12);
    const f32 = await accumulationSweep({ seed: 0, data, dtype: 'f32' });
    for (const p of f32) {
      expect(p.maxAbsDifference).toBeLessThan(1e-5);
      expect(p.maxAbsGradient).toBeGreaterThan(0.1);
    }
  });

  it('lists only K with K b <= N, and refuses an explicit K that does not fit', async () => {
    const small = generateLinearData({ seed: 0, n: 300 });
    expect((await accumulationSweep({ seed: 0, data: small, microBatch: 32 })).map((p) => p.micro)).toEqual([2, 4, 8]);
    await expect(accumulationSweep({ seed: 0, data: small, microBatch: 32, micros: [16] })).rejects.toThrow(RangeError);
  });

  it('maxAbsDifference', () => {
    expect(maxAbsDifference([1, -3, 2], [1.5, -3, 2])).toEqual({ difference: 0.5, scale: 3 });
  });
});

describe('tailMean', () => {
  it('averages the last quarter of the epochs, at least one', () => {
    expect(tailMean([9, 4, 3, 2, 1], 4)).toBe(1);
    expect(tailMean([9, 8, 7, 6, 5, 4, 3, 2, 1], 8)).toBe(1.5);
    expect(tailMean([9, 8, 7, 6, 5, 4], 5)).toBe(4.5);
    expect(tailMean([9, 8], 3)).toBeNull();
  });
});

describe('the scaling rule on the Bayesian network', () => {
  it('runs every (kB, k eta) from the same guide, per-point -ELBO falling, and stops when asked', async () => {
    const epochs: BnnRuleEpoch[] = [];
    const r = await bnnScalingRule({ seed: 0, baseBatch: 16, ks: [1, 4], epochs: 2, evalDraws: 4, onEpoch: (p) => void epochs.push(p) });
    expect(r.nTrain).toBe(980);
    expect(r.runs.map((x) => [x.k, x.batch, x.learningRate, x.stepsPerEpoch, x.particles])).toEqual([
      [1, 16, 0.1, 62, 1],
      [4, 64, 0.4, 16, 1],
    ]);
    expect(r.runs.map((x) => x.steps)).toEqual([124, 32]);
    for (const run of r.runs) {
      expect(run.losses).toHaveLength(3);
      expect(allFinite(run.losses)).toBe(true);
      expect(run.losses[2]).toBeLessThan(run.losses[0]);
      expect(run.diverged).toBe(false);
      expect(run.tailMean).toBe(run.losses[2]);
    }
    // Same guide and same evaluation draws: the same starting loss.
    expect(r.runs[0].losses[0]).toBe(r.runs[1].losses[0]);
    expect(epochs.map((p) => p.loss)).toEqual([...r.runs[0].losses, ...r.runs[1].losses]);

    const again = await bnnScalingRule({ seed: 0, baseBatch: 16, ks: [1, 4], epochs: 2, evalDraws: 4 });
    expect(again.runs.map((x) => x.losses)).toEqual(r.runs.map((x) => x.losses));

    const cut = await bnnScalingRule({ seed: 0, baseBatch: 16, ks: [1, 4], epochs: 2, evalDraws: 4, onEpoch: (p) => p.epoch === 1 });
    expect(cut.stopped).toBe(true);
    expect(cut.runs).toHaveLength(1);
    expect(cut.runs[0].losses).toHaveLength(2);
    expect(cut.runs[0].tailMean).toBeNull();
  });

  it('detects a run that blows up instead of carrying NaN', async () => {
    const r = await bnnScalingRule({ seed: 0, baseBatch: 64, baseLearningRate: 1e4, ks: [1], epochs: 3, evalDraws: 2 });
    const run = r.runs[0];
    expect(run.diverged).toBe(true);
    expect(run.divergedAtEpoch).toBe(1);
    expect(allFinite(run.losses)).toBe(true);
    expect(run.tailMean).toBeNull();
  });

  it('grows the weight draws with k when asked, and trains with Adam', async () => {
    const r = await bnnScalingRule({ seed: 1, baseBatch: 64, baseLearningRate: 0.01, ks: [1, 2], epochs: 1, evalDraws: 2, optimizer: 'adam', particlesGrowWithK: true, warmupEpochs: 1 });
    expect(r.runs.map((x) => x.particles)).toEqual([1, 2]);
    for (const run of r.runs) expect(run.losses[1]).toBeLessThan(run.losses[0]);
  });
});
