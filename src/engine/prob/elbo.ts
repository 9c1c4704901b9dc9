/**
 * Monte Carlo estimators of lower bounds on log p(y), the objectives of stochastic variational
 * inference.
 *
 * Trace ELBO (Blei et al. 2017, eq. 13; reparameterised as in Kingma & Welling 2014): with K
 * draws z_k ~ q,
 *   ELBO ~= (1/K) sum_k [ log p(z_k) + s log p(y | z_k) - log q(z_k) ],
 * an unbiased estimate of E_q[log p(y, z) - log q(z)] whose gradient is unbiased too because
 * every z_k is a differentiable function of the guide's parameters.
 *
 * Importance-weighted / Renyi bound with alpha = 0 (Burda, Grosse & Salakhutdinov 2016,
 * "Importance weighted autoencoders"; Li & Turner 2016, "Renyi divergence variational
 * inference", where alpha = 0 gives the same bound): with log-weights w_k = log p(y, z_k) -
 * log q(z_k),
 *   L_K = log( (1/K) sum_k e^{w_k} ) = logsumexp(w) - log K,
 * which is a lower bound on log p(y) in expectation, never below the ELBO, and tightens as K
 * grows (L_1 is the ELBO).
 *
 * Mini-batches: a model returns its log prior and its log-likelihood separately, and the
 * estimators multiply the likelihood by `likelihoodScale` s. With s = N/B for a uniform batch
 * of B of N points the likelihood term, hence the bound, is unbiased for the full-data one.
 */
import type { Tensor } from '../tensor';
import type { TensorRecord } from '../autodiff';
import * as E from '../ops';
import type { Key } from '../random';
import { split } from '../random';
import type { Guide, Latents } from './guides';

/** A model's log joint density, in two parts so the likelihood can be rescaled for a mini-batch. */
export interface ModelTerms {
  /** log p(latents) []. */
  logPrior: Tensor;
  /** log p(data | latents) [], summed over the data given. */
  logLikelihood: Tensor;
}

/** A model is a plain function of the latents and the data. */
export type Model<D> = (latents: Latents, data: D) => ModelTerms;

/** The factor N / B that makes a batch of B of N points' log-likelihood unbiased for all N. */
export function miniBatchScale(total: number, batch: number): number {
  if (!(batch > 0) || !(total >= batch)) throw new RangeError(`mini-batch of ${batch} out of ${total} points`);
  return total / batch;
}

/** log p(latents) + s log p(data | latents). */
export function logJoint(terms: ModelTerms, likelihoodScale = 1): Tensor {
  return E.add(terms.logPrior, E.affine(terms.logLikelihood, likelihoodScale));
}

export interface ElboOptions<P extends TensorRecord, D> {
  model: Model<D>;
  guide: Guide<P>;
  params: P;
  data: D;
  key: Key;
  /** Number of draws K; default 1. */
  particles?: number;
  /** Factor on the log-likelihood (N / B for a mini-batch); default 1. */
  likelihoodScale?: number;
}

/** A bound and the averages of its parts over the particles (each []), for monitoring. */
export interface ElboEstimate {
  /** The bound itself: maximise it (or minimise its negative). */
  elbo: Tensor;
  /** Mean over particles of the unscaled log-likelihood: the expected log-likelihood estimate. */
  logLikelihood: Tensor;
  logPrior: Tensor;
  logQ: Tensor;
}

function particleCount(k: number | undefined): number {
  const n = k ?? 1;
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`particles must be a positive integer, got ${n}`);
  return n;
}

interface Particle {
  terms: ModelTerms;
  logQ: Tensor;
  /** log p(z) + s log p(y | z) - log q(z). */
  logWeight: Tensor;
}

function particles<P extends TensorRecord, D>(o: ElboOptions<P, D>): Particle[] {
  const k = particleCount(o.particles);
  const keys = k === 1 ? [o.key] : split(o.key, k);
  const s = o.likelihoodScale ?? 1;
  return keys.map((key) => {
    const draw = o.guide.sample(o.params, key);
    const terms = o.model(draw.latents, o.data);
    return { terms, logQ: draw.logQ, logWeight: E.sub(logJoint(terms, s), draw.logQ) };
  });
}

function meanOf(xs: readonly Tensor[]): Tensor {
  let acc = xs[0];
  for (let i = 1; i < xs.length; i++) acc = E.add(acc, xs[i]);
  return E.affine(acc, 1 / xs.length);
}

function summaries(ps: readonly Particle[], elbo: Tensor): ElboEstimate {
  return {
    elbo,
    logLikelihood: meanOf(ps.map((p) => p.terms.logLikelihood)),
    logPrior: meanOf(ps.map((p) => p.terms.logPrior)),
    logQ: meanOf(ps.map((p) => p.logQ)),
  };
}

/** Trace ELBO with K reparameterised particles: the mean of the K log-weights. */
export function traceElbo<P extends TensorRecord, D>(o: ElboOptions<P, D>): ElboEstimate {
  const ps = particles(o);
  return summaries(
    ps,
    meanOf(ps.map((p) => p.logWeight)),
  );
}

/**
 * The importance-weighted (Renyi alpha = 0) bound with K particles: logsumexp of the K
 * log-weights minus log K. The shift by the largest weight is a constant for autodiff (any
 * shift gives the same value), so the gradient is the self-normalised weighted average of the
 * particles' gradients, as in Burda et al. (2016), eq. 9.
 */
export function importanceWeightedElbo<P extends TensorRecord, D>(o: ElboOptions<P, D>): ElboEstimate {
  const ps = particles(o);
  return summaries(ps, importanceWeightedBound(ps.map((p) => p.logWeight)));
}

/** log((1/K) sum_k e^{w_k}) for K log-weights w_k (each []) -> []: the bound of importanceWeightedElbo. */
export function importanceWeightedBound(w: readonly Tensor[]): Tensor {
  if (w.length === 0) throw new RangeError('importanceWeightedBound: no log-weights');
  let m = w[0];
  for (let i = 1; i < w.length; i++) m = E.maximum(m, w[i]);
  const shift = E.stopGradient(m);
  let total = E.exp(E.sub(w[0], shift));
  for (let i = 1; i < w.length; i++) total = E.add(total, E.exp(E.sub(w[i], shift)));
  return E.add(E.log(total), E.affine(shift, 1, -Math.log(w.length)));
}

/** The same bound under Renyi-divergence naming (Li & Turner 2016), alpha = 0 only. */
export const renyiElboAlphaZero = importanceWeightedElbo;
