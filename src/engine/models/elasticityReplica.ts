/**
 * One replica of the elasticity model's variational parameters, as each device of a
 * data-parallel run holds one: the guide's parameters, the AdamW moments and the key.
 *
 * A step in two halves, so that the likelihood can be summed over shards in between:
 * 1. `draws()`: the K particles' latents z_k = loc + scale eps_k (+ the coupling of the
 *    structured guide), eps_k from the step's key, the same on every replica.
 * 2. `apply(sum)`: given the likelihood L_k and its gradient G_k = dL_k/dz_k summed over every
 *    shard, the Renyi alpha = 0 (importance-weighted) bound
 *      B = log (1/K) sum_k exp(w_k),  w_k = log p(z_k) + L_k - log q(z_k),
 *    its gradient in the guide's parameters, and one AdamW update. Only K numbers and K
 *    gradients of D latents cross between shards.
 *
 * Everything here is O(K D) arithmetic on plain arrays, written out by hand rather than taped:
 * every replica repeats it on every step, so it is the part of a step that sharding cannot
 * split, and its cost is what limits the speed-up (the likelihood over the observations, the
 * part that does split, runs on the shard's backend). With pi = softmax(w) and s = softplus(rho)
 * (the derivation; the test checks it against the engine's autodiff of the same bound):
 *   log p(z) = -|z|^2 / 2 - D log(2 pi) / 2,    log q(z) = -sum log s - |eps|^2 / 2 - D log(2 pi) / 2
 *   dLoss/dz_k   = pi_k (z_k - G_k)                    (Loss = -B)
 *   dLoss/dloc   = sum_k dLoss/dz_k
 *   dLoss/dscale = sum_k dLoss/dz_k eps_k - 1 / s      (log q's -log s enters w with a plus)
 *   dLoss/drho   = dLoss/dscale sigmoid(rho)
 *   dLoss/db_i   = sum_k dLoss/dz_k[d_i] eps_k[e_i]    (structured guide: d_i += b_i eps[e_i])
 * log q keeps the mean-field form under the structured guide because (e_i, d_i) = m + L eps
 * with L = [[s_e, 0], [b_i, s_d]] triangular with diagonal (s_e, s_d).
 */
import type { Key } from '../random';
import { foldIn, normalInto, split } from '../random';
import { log1pexp, sigmoid } from '../special';
import type { SiteBlock } from '../prob/guides';
import { MeanFieldNormalGuide } from '../prob/guides';
import { softplusTransform } from '../prob/transforms';
import type { AdamConfig } from '../optim/adam';
import { adamHyper } from '../optim/adam';
import { adamInto } from '../ops/adamStep/cpu';
import { exponentialDecay } from '../optim/schedules';
import type { ElasticityGuideKind } from '../notebooks/elasticity/settings';
import type { ElasticityDims, ShardPart } from './elasticity';
import { elasticitySites } from './elasticity';

/** The source's recipe: AdamW (weight decay 1e-4) at 0.01 * 0.99^(t/1000), floored at 1e-5. */
export const ELASTICITY_OPTIMISER: AdamConfig = {
  learningRate: exponentialDecay({ init: 0.01, decayRate: 0.99, transitionSteps: 1000, endValue: 1e-5 }),
  weightDecay: 1e-4,
};

/** AutoNormal as the source uses it: locations from 0, scales from 0.1. */
const INIT_SCALE = 0.1;

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

/** The guide's parameters, each with its AdamW moments: loc [D], rawScale [D], coupling [P]. */
interface ParamSlot {
  value: Float64Array;
  grad: Float64Array;
  m: Float64Array;
  v: Float64Array;
}

function slot(size: number, init = 0): ParamSlot {
  return { value: new Float64Array(size).fill(init), grad: new Float64Array(size), m: new Float64Array(size), v: new Float64Array(size) };
}

export class ElasticityReplica {
  /** The latent sites in their flat order. */
  readonly blocks: readonly SiteBlock[];
  /** Number of latents D. */
  readonly size: number;
  private readonly loc: ParamSlot;
  private readonly rawScale: ParamSlot;
  private readonly coupling: ParamSlot;
  private readonly eI: SiteBlock;
  private readonly dI: SiteBlock;
  private step = 0;
  /** This step's noise [K * D] and latents [K * D], kept from draws() for apply(). */
  private readonly eps: Float64Array;
  private readonly z: Float64Array;
  /** softplus(rawScale) [D] at this step's draws. */
  private readonly scale: Float64Array;
  private drawn = false;

  constructor(readonly options: ReplicaOptions) {
    if (!Number.isInteger(options.particles) || options.particles < 1) throw new RangeError(`particles = ${options.particles} must be a positive integer`);
    this.blocks = new MeanFieldNormalGuide(elasticitySites(options)).blocks;
    this.size = this.blocks.reduce((n, b) => n + b.size, 0);
    const block = (name: string) => this.blocks.find((b) => b.name === name) as SiteBlock;
    this.eI = block('eI');
    this.dI = block('dI');
    this.loc = slot(this.size);
    this.rawScale = slot(this.size, softplusTransform.inverseNumber(INIT_SCALE));
    this.coupling = slot(options.products);
    this.eps = new Float64Array(options.particles * this.size);
    this.z = new Float64Array(options.particles * this.size);
    this.scale = new Float64Array(this.size);
  }

  /** Updates applied so far. */
  get steps(): number {
    return this.step;
  }

  /**
   * The latents of each of the K particles of the current step, flat [K * D] (a copy: it is sent
   * to the shards). `noise` is this step's particleNoise when it was drawn elsewhere (a
   * coordinator draws it while the shards work); otherwise it is drawn here.
   */
  draws(noise?: Float64Array): Float64Array {
    const { particles: K } = this.options;
    const D = this.size;
    if (noise) {
      if (noise.length !== K * D) throw new Error(`ElasticityReplica: ${noise.length} noise values for ${K} particles of ${D} latents`);
      this.eps.set(noise);
    } else particleNoise(this.options, this.size, this.step, this.eps);
    const loc = this.loc.value;
    const raw = this.rawScale.value;
    const b = this.coupling.value;
    const structured = this.options.guide === 'structured';
    const scale = this.scale;
    for (let j = 0; j < D; j++) scale[j] = log1pexp(raw[j]);
    for (let p = 0; p < K; p++) {
      const o = p * D;
      for (let j = 0; j < D; j++) this.z[o + j] = loc[j] + scale[j] * this.eps[o + j];
      if (structured) for (let i = 0; i < b.length; i++) this.z[o + this.dI.offset + i] += b[i] * this.eps[o + this.eI.offset + i];
    }
    this.drawn = true;
    return this.z.slice();
  }

  /** The negative bound from the shards' summed parts, then one AdamW update; returns the loss (before the update). */
  apply(sum: ShardPart): number {
    const loss = this.lossAndGradient(sum);
    const hyper = adamHyper(ELASTICITY_OPTIMISER, this.step);
    for (const s of [this.loc, this.rawScale, this.coupling]) adamInto(s.value, s.grad, s.m, s.v, hyper);
    this.step++;
    this.drawn = false;
    return loss;
  }

  /** The gradient of the last apply() (or lossAndGradient()) in loc [D], rawScale [D] and coupling [P] (copies). */
  gradients(): { loc: Float64Array; rawScale: Float64Array; coupling: Float64Array } {
    return { loc: this.loc.grad.slice(), rawScale: this.rawScale.grad.slice(), coupling: this.coupling.grad.slice() };
  }

  /** The negative bound for this step's draws and the shards' summed parts; leaves its gradient in the slots. */
  lossAndGradient(sum: ShardPart): number {
    if (!this.drawn) throw new Error('ElasticityReplica: apply() before draws()');
    const { particles: K } = this.options;
    const D = this.size;
    if (sum.logLik.length !== K || sum.gradZ.length !== K * D) throw new Error(`ElasticityReplica: the summed parts hold ${sum.logLik.length} losses and ${sum.gradZ.length} gradient values for ${K} particles of ${D} latents`);
    const raw = this.rawScale.value;
    const scale = this.scale;
    // -log q without the particle's noise term: sum log s + D log(2 pi) / 2.
    let sumLogScale = 0;
    for (let j = 0; j < D; j++) sumLogScale += Math.log(scale[j]);
    const w = new Float64Array(K);
    for (let p = 0; p < K; p++) {
      const o = p * D;
      let zz = 0;
      let ee = 0;
      for (let j = 0; j < D; j++) {
        zz += this.z[o + j] * this.z[o + j];
        ee += this.eps[o + j] * this.eps[o + j];
      }
      // log p(z) + L - log q(z); the D log(2 pi) / 2 terms of log p and log q cancel.
      w[p] = -0.5 * zz + sum.logLik[p] + sumLogScale + 0.5 * ee;
    }
    let shift = -Infinity;
    for (const v of w) shift = Math.max(shift, v);
    let total = 0;
    for (const v of w) total += Math.exp(v - shift);
    const loss = -(Math.log(total) + shift - Math.log(K));

    const gLoc = this.loc.grad.fill(0);
    const gScale = this.rawScale.grad.fill(0);
    const gB = this.coupling.grad.fill(0);
    const structured = this.options.guide === 'structured';
    for (let p = 0; p < K; p++) {
      const pi = Math.exp(w[p] - shift) / total;
      const o = p * D;
      for (let j = 0; j < D; j++) {
        const gz = pi * (this.z[o + j] - sum.gradZ[o + j]);
        gLoc[j] += gz;
        gScale[j] += gz * this.eps[o + j];
      }
      if (structured) {
        for (let i = 0; i < gB.length; i++) gB[i] += pi * (this.z[o + this.dI.offset + i] - sum.gradZ[o + this.dI.offset + i]) * this.eps[o + this.eI.offset + i];
      }
    }
    for (let j = 0; j < D; j++) gScale[j] = (gScale[j] - 1 / scale[j]) * sigmoid(raw[j]);

    return loss;
  }

  /** loc, scale and coupling as plain numbers (copies). */
  state(): ReplicaState {
    return {
      loc: this.loc.value.slice(),
      scale: this.rawScale.value.map(log1pexp),
      coupling: this.coupling.value.slice(),
    };
  }
}

/** Step `step`'s standard normal noise of the K particles, [K * D]: a function of the key and the step only. */
export function particleNoise(options: Pick<ReplicaOptions, 'key' | 'particles'>, size: number, step: number, into: Float64Array = new Float64Array(options.particles * size)): Float64Array {
  const K = options.particles;
  const keys = K === 1 ? [foldIn(options.key, step)] : split(foldIn(options.key, step), K);
  keys.forEach((k, p) => normalInto(k, into.subarray(p * size, (p + 1) * size)));
  return into;
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
