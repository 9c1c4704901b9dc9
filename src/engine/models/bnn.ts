/**
 * A Bayesian neural network for binary classification (the `bnn` notebook).
 *
 *   MLP 2 -> 4 -> 3 -> 1, tanh hidden layers, logit output l(x);  y ~ Bernoulli(sigmoid(l(x)))
 *   priors: every weight SoftLaplace(0, 1), every bias Normal(0, 1)
 *   guide:  the generic mean-field Normal guide over all weights and biases
 *
 * The model is a plain function of named latents and the data; the guide is built from
 * `bnnSites(layers)` alone. The likelihood works on logits throughout (the fused
 * Bernoulli-logits op), so confident predictions cost no precision.
 */
import type { FloatDType, Tensor } from '../tensor';
import type { Shape } from '../shape';
import * as E from '../ops';
import type { Key } from '../random';
import { split } from '../random';
import { Bernoulli, Normal, SoftLaplace } from '../prob/distributions';
import type { ElboEstimate, Model } from '../prob/elbo';
import type { LatentSite, Latents, MeanFieldNormalGuide, MeanFieldParams } from '../prob/guides';

/** Layer widths of the notebook's network. */
export const BNN_LAYERS: readonly number[] = [2, 4, 3, 1];

/** Latent sites w1 [2,4], b1 [4], w2 [4,3], b2 [3], w3 [3,1], b3 [1] for the given widths. */
export function bnnSites(layers: readonly number[] = BNN_LAYERS): LatentSite[] {
  const sites: LatentSite[] = [];
  for (let l = 1; l < layers.length; l++) {
    sites.push({ name: `w${l}`, shape: [layers[l - 1], layers[l]] });
    sites.push({ name: `b${l}`, shape: [layers[l]] });
  }
  return sites;
}

function layerCount(latents: Latents): number {
  let l = 0;
  while (latents[`w${l + 1}`] !== undefined) l++;
  if (l === 0) throw new Error('bnn: the latents hold no layer w1');
  return l;
}

/** Logits l(x) [n] of inputs x [n, d0]: tanh on every hidden layer, identity on the last. */
export function bnnLogits(latents: Latents, x: Tensor): Tensor {
  const layers = layerCount(latents);
  let h = x;
  for (let l = 1; l <= layers; l++) h = E.dense(h, latents[`w${l}`], latents[`b${l}`], l < layers ? 'tanh' : 'linear');
  return E.reshape(h, [x.shape[0]]);
}

const weightPrior = new SoftLaplace(0, 1);
const biasPrior = new Normal(0, 1);

/** log prior of the weights and biases []. */
export function bnnLogPrior(latents: Latents): Tensor {
  const layers = layerCount(latents);
  let acc: Tensor | null = null;
  for (let l = 1; l <= layers; l++) {
    const term = E.add(E.sum(weightPrior.logProb(latents[`w${l}`])), E.sum(biasPrior.logProb(latents[`b${l}`])));
    acc = acc === null ? term : E.add(acc, term);
  }
  return acc as Tensor;
}

/** Inputs [n, 2] and labels 0 / 1 [n] as tensors. */
export interface BnnData {
  x: Tensor;
  y: Tensor;
}

/** sum_i log Bernoulli(y_i | sigmoid(l(x_i))) []. */
export function bnnLogLikelihood(latents: Latents, data: BnnData): Tensor {
  return E.sum(new Bernoulli(bnnLogits(latents, data.x)).logProb(data.y));
}

export const bnnModel: Model<BnnData> = (latents, data) => ({
  logPrior: bnnLogPrior(latents),
  logLikelihood: bnnLogLikelihood(latents, data),
});

/** Layer widths of a network from its latent sites (w1 [d0,d1], b1, w2 [d1,d2], ...). */
function widthsOf(guide: MeanFieldNormalGuide): number[] {
  const widths: number[] = [];
  guide.blocks.forEach((b, i) => {
    const l = (i >> 1) + 1;
    if (b.name !== (i % 2 === 0 ? `w${l}` : `b${l}`)) throw new Error(`bnnTraceElbo: the guide's sites must be bnnSites(layers) (w1, b1, w2, ...), found ${b.name} at ${i}`);
    if (i % 2 === 0) {
      if (widths.length === 0) widths.push(b.shape[0]);
      widths.push(b.shape[1]);
    }
  });
  return widths;
}

export interface BnnElboOptions {
  guide: MeanFieldNormalGuide;
  params: MeanFieldParams;
  data: BnnData;
  key: Key;
  /** Weight draws K (default 1). */
  particles?: number;
  /** Factor on the log-likelihood (N / B for a mini-batch; default 1). */
  likelihoodScale?: number;
}

/**
 * The Trace ELBO of this model under the mean-field guide through the fused whole-network op
 * (ops/bnnElbo): the estimate traceElbo({ model: bnnModel, guide, ... }) computes, in one kernel
 * per evaluation instead of some two hundred ops. The K draws' noise [K, D] comes from one random
 * kernel call with `key` (for K = 1 exactly the noise guide.sample(params, key) draws).
 */
export function bnnTraceElbo(o: BnnElboOptions): ElboEstimate {
  const k = o.particles ?? 1;
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`particles must be a positive integer, got ${k}`);
  const loc = o.params.loc;
  const eps = loc.backend.randomNormal(o.key, [k, o.guide.size], loc.dtype as FloatDType);
  const terms = E.bnnElboTerms(loc, o.params.rawScale, eps, o.data.x, o.data.y, widthsOf(o.guide));
  // Means over the draws of the three terms; the bound is their combination, as in traceElbo.
  const means = E.mean(terms, 0);
  const logLikelihood = E.sliceFlat(means, 0, []);
  const logPrior = E.sliceFlat(means, 1, []);
  const logQ = E.sliceFlat(means, 2, []);
  const elbo = E.sub(E.add(logPrior, E.affine(logLikelihood, o.likelihoodScale ?? 1)), logQ);
  return { elbo, logLikelihood, logPrior, logQ };
}

/** One network drawn from the prior (for the prior predictive check). */
export function bnnPriorDraw(key: Key, layers: readonly number[] = BNN_LAYERS): Latents {
  const sites = bnnSites(layers);
  const keys = split(key, sites.length);
  const out: Latents = {};
  sites.forEach((s, i) => {
    const shape: Shape = s.shape;
    out[s.name] = s.name.startsWith('w') ? weightPrior.sample(keys[i], shape) : biasPrior.sample(keys[i], shape);
  });
  return out;
}

/** sigmoid(l(x)) [n] for one network, as plain numbers. */
export function bnnProbabilities(latents: Latents, x: Tensor): Float64Array {
  return Float64Array.from(E.sigmoid(bnnLogits(latents, x)).dataSync());
}

/** The size x size grid over [-r, r]^2, row-major with x1 fastest (r = 5 on the page). */
export function squareGrid(size: number, r: number): Float64Array {
  const g = new Float64Array(2 * size * size);
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < size; j++) {
      const k = i * size + j;
      g[2 * k] = -r + (2 * r * j) / (size - 1);
      g[2 * k + 1] = -r + (2 * r * i) / (size - 1);
    }
  }
  return g;
}
