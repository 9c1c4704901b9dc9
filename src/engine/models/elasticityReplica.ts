/**
 * One replica of the elasticity model's variational parameters, as each device of a
 * data-parallel run holds one: the guide, its parameters, the AdamW state and the key.
 *
 * A step in two halves, so that the likelihood can be summed over shards in between:
 * 1. `draws()`: the K particles' latents z_k = loc + scale eps_k (+ the coupling of the
 *    structured guide), eps_k from the step's key, the same on every replica.
 * 2. `apply(sum)`: given the likelihood L_k and its gradient G_k = dL_k/dz_k summed over every
 *    shard, the Renyi alpha = 0 bound
 *      log (1/K) sum_k exp(log p(z_k) + L_k - log q(z_k))
 *    and its gradient in the guide's parameters, then one AdamW update. The likelihood enters as
 *    the surrogate L_k + sum(G_k (z_k - stopGradient(z_k))): its value is L_k and its gradient
 *    through z_k is G_k dz_k/dphi, exactly the chain rule of the unsharded computation, so only
 *    sums of K numbers and K gradients of D latents cross between shards.
 */
import type { Tensor } from '../tensor';
import * as E from '../ops';
import { noGrad } from '../autodiff';
import { valueAndGrad } from '../grad';
import type { Key } from '../random';
import { foldIn, normal, split } from '../random';
import type { Latents, MeanFieldParams, SiteBlock } from '../prob/guides';
import { MeanFieldNormalGuide } from '../prob/guides';
import { importanceWeightedBound } from '../prob/elbo';
import type { AdamConfig, AdamState } from '../optim/adam';
import { adamInit, adamUpdate } from '../optim/adam';
import { exponentialDecay } from '../optim/schedules';
import type { ElasticityGuideKind } from '../notebooks/elasticity/settings';
import type { ElasticityDims, ShardPart } from './elasticity';
import { elasticitySites } from './elasticity';

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/** The source's recipe: AdamW (weight decay 1e-4) at 0.01 * 0.99^(t/1000), floored at 1e-5. */
export const ELASTICITY_OPTIMISER: AdamConfig = {
  learningRate: exponentialDecay({ init: 0.01, decayRate: 0.99, transitionSteps: 1000, endValue: 1e-5 }),
  weightDecay: 1e-4,
};

export interface ReplicaParams extends MeanFieldParams {
  /** The structured guide's coupling b_i of d_i to e_i's noise [P] (zero and unused under mean-field). */
  coupling: Tensor;
}

export interface ReplicaOptions extends ElasticityDims {
  guide: ElasticityGuideKind;
  particles: number;
  /** The training key: step t draws its particles from foldIn(key, t). */
  key: Key;
}

/** The variational posterior read back: loc and scale of every latent, and the couplings. */
export interface ReplicaState {
  loc: Float64Array;
  scale: Float64Array;
  coupling: Float64Array;
}

export class ElasticityReplica {
  readonly guide: MeanFieldNormalGuide;
  readonly size: number;
  private params: ReplicaParams;
  private adam: AdamState<ReplicaParams>;
  private step = 0;
  private noise: Float64Array[] = [];
  private readonly eI: SiteBlock;
  private readonly lossAndGrad: (p: ReplicaParams, sum: ShardPart) => { value: Tensor; grads: ReplicaParams };

  constructor(readonly options: ReplicaOptions) {
    if (!Number.isInteger(options.particles) || options.particles < 1) throw new RangeError(`particles = ${options.particles} must be a positive integer`);
    // AutoNormal as the source uses it: locations from 0, scales from 0.1.
    this.guide = new MeanFieldNormalGuide(elasticitySites(options), { initRadius: 0, initScale: 0.1 });
    this.size = this.guide.size;
    this.eI = this.guide.blocks.find((b) => b.name === 'eI') as SiteBlock;
    const base = this.guide.init(options.key);
    this.params = { ...base, loc: E.zerosLike(base.loc), coupling: E.zeros([options.products]) };
    this.adam = adamInit(this.params);
    this.lossAndGrad = valueAndGrad((p: ReplicaParams, sum: ShardPart) => E.neg(this.bound(p, sum)));
  }

  /** Updates applied so far. */
  get steps(): number {
    return this.step;
  }

  /** The latents of each of the K particles of the current step, flat [K * D]. */
  draws(): Float64Array {
    const K = this.options.particles;
    const keys = K === 1 ? [foldIn(this.options.key, this.step)] : split(foldIn(this.options.key, this.step), K);
    this.noise = keys.map((k) => normal(k, this.size, 'f64'));
    const out = new Float64Array(K * this.size);
    noGrad(() => {
      const scale = this.guide.scales(this.params);
      this.noise.forEach((eps, k) => out.set(flatDraw(this.latents(this.params, eps, scale).latents, this.guide.blocks), k * this.size));
    });
    return out;
  }

  /** The negative bound from the shards' summed parts, then one AdamW update; returns the loss. */
  apply(sum: ShardPart): number {
    if (this.noise.length !== this.options.particles) throw new Error('ElasticityReplica: apply() before draws()');
    const { value, grads } = this.lossAndGrad(this.params, sum);
    const loss = value.item();
    ({ params: this.params, state: this.adam } = adamUpdate(this.params, grads, this.adam, ELASTICITY_OPTIMISER));
    this.step++;
    this.noise = [];
    return loss;
  }

  /** loc, scale and coupling as plain numbers. */
  state(): ReplicaState {
    return {
      loc: Float64Array.from(this.params.loc.dataSync()),
      scale: Float64Array.from(E.softplus(this.params.rawScale).dataSync()),
      coupling: Float64Array.from(this.params.coupling.dataSync()),
    };
  }

  /**
   * The latents for noise eps [D]: the mean-field draw, and under the structured guide
   * d_i += b_i eps_{e_i}, so that (e_i, d_i) = m + L eps with L = [[s_e, 0], [b_i, s_d]]. L is
   * triangular with diagonal (s_e, s_d), so log q keeps the mean-field form.
   */
  private latents(p: ReplicaParams, eps: Float64Array, scale: Tensor): { latents: Latents; logQ: Tensor } {
    const draw = this.guide.sampleWithNoise(p, eps, scale);
    const latents = { ...draw.latents };
    if (this.options.guide === 'structured') {
      const epsE = E.tensor(eps.subarray(this.eI.offset, this.eI.offset + this.eI.size), [this.eI.size]);
      latents.dI = E.add(latents.dI, E.mul(p.coupling, epsE));
    }
    return { latents, logQ: draw.logQ };
  }

  private bound(p: ReplicaParams, sum: ShardPart): Tensor {
    const D = this.size;
    const scale = this.guide.scales(p);
    const weights = this.noise.map((eps, k) => {
      const { latents, logQ } = this.latents(p, eps, scale);
      let logPrior: Tensor | null = null;
      let logLik: Tensor = E.scalar(sum.logLik[k]);
      for (const b of this.guide.blocks) {
        const z = latents[b.name];
        const sq = E.sumSquares(z);
        logPrior = logPrior ? E.add(logPrior, sq) : sq;
        const g = E.tensor(sum.gradZ.subarray(k * D + b.offset, k * D + b.offset + b.size), b.shape);
        logLik = E.add(logLik, E.sum(E.mul(g, E.sub(z, E.stopGradient(z)))));
      }
      const prior = E.affine(logPrior as Tensor, -0.5, -D * HALF_LOG_2PI);
      return E.sub(E.add(prior, logLik), logQ);
    });
    return importanceWeightedBound(weights);
  }
}

/** The latents in the flat site order [D]. */
function flatDraw(latents: Latents, blocks: readonly SiteBlock[]): Float64Array {
  const out = new Float64Array(blocks.reduce((n, b) => n + b.size, 0));
  for (const b of blocks) out.set(latents[b.name].dataSync(), b.offset);
  return out;
}

/** The shards' parts summed in shard order (the same order whatever ran them). */
export function sumParts(parts: readonly ShardPart[]): ShardPart {
  if (parts.length === 0) throw new RangeError('sumParts: no parts');
  const logLik = Float64Array.from(parts[0].logLik);
  const gradZ = Float64Array.from(parts[0].gradZ);
  for (let s = 1; s < parts.length; s++) {
    const p = parts[s];
    if (p.logLik.length !== logLik.length || p.gradZ.length !== gradZ.length) throw new Error(`shard ${s} returned parts of another size`);
    for (let i = 0; i < logLik.length; i++) logLik[i] += p.logLik[i];
    for (let i = 0; i < gradZ.length; i++) gradZ[i] += p.gradZ[i];
  }
  return { logLik, gradZ };
}
