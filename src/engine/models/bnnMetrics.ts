/**
 * Evaluation of the Bayesian network: the posterior predictive over guide draws, and the ROC
 * curve and its area for a score against binary labels.
 */
import type { Tensor } from '../tensor';
import * as E from '../ops';
import type { Key } from '../random';
import { foldIn } from '../random';
import type { MeanFieldNormalGuide, MeanFieldParams } from '../prob/guides';
import { bnnLogits } from './bnn';

export interface PredictiveSummary {
  /** Posterior predictive mean of p(x) = E_q[sigmoid(l(x))], per point. */
  mean: Float64Array;
  /** Standard deviation of sigmoid(l(x)) across the draws, per point. */
  sd: Float64Array;
}

/**
 * Monte Carlo posterior predictive at inputs x [n, 2]: `draws` networks from the guide (draw s
 * uses foldIn(key, s)), and the mean and sd of their probabilities per point.
 */
export function posteriorPredictive(guide: MeanFieldNormalGuide, params: MeanFieldParams, x: Tensor, draws: number, key: Key): PredictiveSummary {
  const n = x.shape[0];
  const s1 = new Float64Array(n);
  const s2 = new Float64Array(n);
  for (let s = 0; s < draws; s++) {
    const draw = guide.sampleWithNoise(params, guide.noise(foldIn(key, s)));
    const p = E.sigmoid(bnnLogits(draw.latents, x)).dataSync();
    for (let i = 0; i < n; i++) {
      s1[i] += p[i];
      s2[i] += p[i] * p[i];
    }
  }
  const mean = new Float64Array(n);
  const sd = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    mean[i] = s1[i] / draws;
    sd[i] = Math.sqrt(Math.max(0, s2[i] / draws - mean[i] * mean[i]));
  }
  return { mean, sd };
}

/**
 * Area under the ROC curve: the probability that a random positive scores above a random
 * negative, ties counting one half (the Mann-Whitney statistic), from average ranks.
 */
export function auc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const n = scores.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a] - scores[b]);
  let rankSumPos = 0;
  let nPos = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && scores[order[j + 1]] === scores[order[i]]) j++;
    const avgRank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) {
      if (labels[order[k]] === 1) {
        rankSumPos += avgRank;
        nPos++;
      }
    }
    i = j + 1;
  }
  const nNeg = n - nPos;
  if (nPos === 0 || nNeg === 0) return NaN;
  return (rankSumPos - (nPos * (nPos + 1)) / 2) / (nPos * nNeg);
}

export interface RocCurve {
  /** False-positive rates, from 0 to 1, one point per distinct threshold. */
  fpr: Float64Array;
  /** True-positive rates at the same thresholds. */
  tpr: Float64Array;
  /** The thresholds: a point is called positive when its score >= threshold (Infinity first). */
  thresholds: Float64Array;
}

/** ROC curve points, lowering the threshold through every distinct score. */
export function rocCurve(scores: ArrayLike<number>, labels: ArrayLike<number>): RocCurve {
  const n = scores.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[b] - scores[a]);
  let nPos = 0;
  for (let i = 0; i < n; i++) if (labels[i] === 1) nPos++;
  const nNeg = n - nPos;
  const fpr = [0];
  const tpr = [0];
  const thresholds = [Infinity];
  let tp = 0;
  let fp = 0;
  for (let i = 0; i < n; ) {
    const s = scores[order[i]];
    while (i < n && scores[order[i]] === s) {
      if (labels[order[i]] === 1) tp++;
      else fp++;
      i++;
    }
    fpr.push(nNeg ? fp / nNeg : 0);
    tpr.push(nPos ? tp / nPos : 0);
    thresholds.push(s);
  }
  return { fpr: Float64Array.from(fpr), tpr: Float64Array.from(tpr), thresholds: Float64Array.from(thresholds) };
}
