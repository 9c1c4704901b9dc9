/**
 * Guides: parameterised samplers of the latent variables that also return log q of what they
 * drew (Blei, Kucukelbir & McAuliffe 2017, "Variational inference: a review for statisticians",
 * Sec. 2-4). A model names its latent sites `{ name, shape }`; a guide is built from that list
 * alone, so the same code serves a one-parameter model and a neural network.
 *
 * The mean-field Normal guide is the equivalent of NumPyro's AutoNormal: every scalar latent
 * gets an independent Normal(loc_i, scale_i) in unconstrained space, with loc_i drawn uniformly
 * in (-2, 2) and scale_i = 0.1 at the start, kept positive through softplus. All sites share one
 * flat vector of D = sum of site sizes locations and one of D raw scales (Adam is elementwise,
 * so flat or per-site storage trains identically); a draw is cut into named blocks with
 * `sliceFlat`, which costs nothing on the cpu backend.
 */
import type { Backend, FloatDType, Tensor } from '../tensor';
import type { Shape } from '../shape';
import { sizeOf } from '../shape';
import type { TensorRecord } from '../autodiff';
import * as E from '../ops';
import type { Key } from '../random';
import { normal, uniform } from '../random';
import { softplusTransform } from './transforms';

/** A named latent variable of a model and its shape. */
export interface LatentSite {
  name: string;
  shape: Shape;
}

export type Latents = Record<string, Tensor>;

/** One draw from a guide: the latents by site name and log q of the whole draw []. */
export interface GuideDraw {
  latents: Latents;
  logQ: Tensor;
}

/** A parameterised sampler q_phi(latents); `params` is what the optimiser trains. */
export interface Guide<P extends TensorRecord> {
  readonly sites: readonly LatentSite[];
  /** A reparameterised draw and its log q; differentiable in `params`. */
  sample(params: P, key: Key): GuideDraw;
}

export interface Placement {
  backend?: Backend;
  dtype?: FloatDType;
}

/** Where a site's block sits in the flat vector. */
export interface SiteBlock extends LatentSite {
  offset: number;
  size: number;
}

export interface MeanFieldParams extends TensorRecord {
  /** Locations of every latent, flat [D]. */
  loc: Tensor;
  /** softplus^{-1}(scale) of every latent, flat [D]. */
  rawScale: Tensor;
}

export interface MeanFieldOptions {
  /** Locations start uniform in (-initRadius, initRadius); default 2 (NumPyro's init_to_uniform). */
  initRadius?: number;
  /** Every scale starts here; default 0.1 (NumPyro's AutoNormal init_scale). */
  initScale?: number;
}

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/** Mean-field Normal guide over a model's latent sites (NumPyro's AutoNormal equivalent). */
export class MeanFieldNormalGuide implements Guide<MeanFieldParams> {
  readonly blocks: readonly SiteBlock[];
  /** Total number of scalar latents D. */
  readonly size: number;
  readonly initRadius: number;
  readonly initScale: number;

  constructor(
    readonly sites: readonly LatentSite[],
    options: MeanFieldOptions = {},
  ) {
    const names = new Set<string>();
    let offset = 0;
    this.blocks = sites.map((s) => {
      if (names.has(s.name)) throw new Error(`MeanFieldNormalGuide: site "${s.name}" is listed twice`);
      names.add(s.name);
      const size = sizeOf(s.shape);
      const block = { name: s.name, shape: [...s.shape], offset, size };
      offset += size;
      return block;
    });
    this.size = offset;
    this.initRadius = options.initRadius ?? 2;
    this.initScale = options.initScale ?? 0.1;
  }

  /** Locations uniform in (-r, r) from `key`, raw scales softplus^{-1}(initScale). */
  init(key: Key, placement: Placement = {}): MeanFieldParams {
    const o = { backend: placement.backend, dtype: placement.dtype ?? 'f64' };
    const r = this.initRadius;
    return {
      loc: E.tensor(uniform(key, this.size, 'f64', -r, r), [this.size], o),
      rawScale: E.full([this.size], softplusTransform.inverseNumber(this.initScale), o),
    };
  }

  /** The flat vector cut into its named blocks (differentiable). */
  unflatten(flat: Tensor): Latents {
    const out: Latents = {};
    for (const b of this.blocks) out[b.name] = E.sliceFlat(flat, b.offset, b.shape);
    return out;
  }

  /** The positive scales softplus(rawScale) [D]. */
  scales(params: MeanFieldParams): Tensor {
    return E.softplus(params.rawScale);
  }

  /** Standard normal noise [D] for one draw, as plain numbers (for draws shared across several evaluations). */
  noise(key: Key): Float64Array {
    return normal(key, this.size, 'f64');
  }

  /**
   * z = loc + scale ∘ eps for given noise eps [D] (Kingma & Welling 2014), and
   * log q(z) = sum_i [ -eps_i^2 / 2 - log scale_i - log(2 pi) / 2 ].
   *
   * That closed form is log N(z; loc, scale) evaluated at z = loc + scale eps, where
   * (z - loc) / scale = eps exactly; it also has the same gradient as the generic
   * Normal(loc, scale).logProb(z) with z depending on the parameters, because the two paths
   * through z cancel: d/dloc gives -(z - loc)/scale^2 + (z - loc)/scale^2 = 0, and d/dscale
   * gives -eps^2/scale + eps^2/scale = 0, leaving -d log scale. (Tested against the generic form.)
   * `scale` is scales(params), passed in when several draws share it so it is formed once.
   */
  sampleWithNoise(params: MeanFieldParams, eps: Float64Array | Tensor, scale: Tensor = this.scales(params)): GuideDraw & { z: Tensor } {
    const o = { dtype: params.loc.dtype, backend: params.loc.backend };
    const epsT = eps instanceof Float64Array ? E.tensor(eps, [eps.length], o) : eps;
    if (epsT.size !== this.size) throw new Error(`MeanFieldNormalGuide: noise has ${epsT.size} values for ${this.size} latents`);
    const z = E.add(params.loc, E.mul(scale, epsT));
    const logQ = E.sub(E.affine(E.sum(E.log(scale)), -1, -this.size * HALF_LOG_2PI), E.mul(E.sumSquares(epsT), 0.5));
    return { z, latents: this.unflatten(z), logQ };
  }

  /** A reparameterised draw; its noise comes from the random kernel, so a recorded step draws afresh each time (replay.ts). */
  sample(params: MeanFieldParams, key: Key): GuideDraw {
    return this.sampleWithNoise(params, params.loc.backend.randomNormal(key, [this.size], params.loc.dtype as FloatDType));
  }

  /** The locations as named latents: the guide's median, used for a point summary. */
  median(params: MeanFieldParams): Latents {
    return this.unflatten(params.loc);
  }
}
