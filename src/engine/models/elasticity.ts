/**
 * A hierarchical Poisson price-elasticity model (the `elasticity` notebook).
 *
 * Products i, each in one category c(i); periods t; units u_it sold at log price lp_it:
 *   beta_g = -2 + e_g,  beta_c = beta_g + e_c,  beta_i = beta_c(i) + 2 e_i,
 *   delta_i = 3 d_i,  gamma_ct = 3 g_ct,  every e, d, g ~ Normal(0, 1) a priori,
 *   u_it ~ Poisson(exp(clip(beta_i lp_it + gamma_c(i),t + delta_i, -4, 20))).
 * The latents are the standard-normal ones (non-centred, as NumPyro's LocScaleReparam writes a
 * hierarchy), in the sites eG [1], eC [C], eI [P], dI [P], gCT [C * T] (row-major c, t).
 *
 * The likelihood is a sum over observations, so it splits over shards of the observations:
 * `ElasticityShard` holds one slice and returns, for given draws of the latents, its part of
 * the log-likelihood and of its gradient in the latents. Summing the shards' parts gives the
 * full-data values (see elasticityReplica.ts for how the bound's gradient is formed from them).
 */
import type { Backend, FloatDType, Tensor } from '../tensor';
import { RecordedStep } from '../replay';
import * as E from '../ops';
import type { PoissonRows } from '../ops';
import type { Key } from '../random';
import { foldIn, normal, uniform } from '../random';
import { lgamma } from '../special';
import type { LatentSite, Latents } from '../prob/guides';
import { valueAndGrad } from '../grad';
import { ELASTICITY_SETTINGS } from '../notebooks/elasticity/settings';

/** The notebook's settings at their defaults (declared in notebooks/elasticity/settings.ts). */
export const ELASTICITY_DEFAULTS = {
  products: ELASTICITY_SETTINGS.products.default,
  categories: ELASTICITY_SETTINGS.categories.default,
  periods: ELASTICITY_SETTINGS.periods.default,
  steps: ELASTICITY_SETTINGS.steps.default,
  particles: ELASTICITY_SETTINGS.particles.default,
  guide: ELASTICITY_SETTINGS.guide.default,
  shards: ELASTICITY_SETTINGS.shards.default,
} as const;

/** The linear predictor is clipped here before exp, as in the source model. */
export const LOG_RATE_MIN = -4;
export const LOG_RATE_MAX = 20;

export interface ElasticityDims {
  products: number;
  categories: number;
  periods: number;
}

/** Observations of units sold, one per row, with the category of every product. */
export interface ElasticityData extends ElasticityDims {
  /** Category of each product [P]. */
  productCategory: Int32Array;
  /** Per observation [n]: product index, period index, log price and units sold. */
  product: Int32Array;
  period: Int32Array;
  logPrice: Float64Array;
  units: Float64Array;
}

/** The values the generator drew the data from. */
export interface ElasticityTruth {
  betaG: number;
  /** [C] */
  betaC: Float64Array;
  /** [P] */
  betaI: Float64Array;
}

/** The latent sites in their flat order, and the total D = 1 + C + 2P + CT. */
export function elasticitySites(d: ElasticityDims): LatentSite[] {
  return [
    { name: 'eG', shape: [1] },
    { name: 'eC', shape: [d.categories] },
    { name: 'eI', shape: [d.products] },
    { name: 'dI', shape: [d.products] },
    { name: 'gCT', shape: [d.categories * d.periods] },
  ];
}

export function latentCount(d: ElasticityDims): number {
  return 1 + d.categories + 2 * d.products + d.categories * d.periods;
}

/**
 * A Poisson(rate) draw from uniforms (Knuth's product of uniforms below rate 10, Hormann's
 * transformed rejection PTRS above, as NumPy and JAX do). `next` returns uniforms in (0, 1).
 */
export function poissonDraw(rate: number, next: () => number): number {
  if (!(rate >= 0) || !Number.isFinite(rate)) throw new RangeError(`Poisson rate must be finite and >= 0, got ${rate}`);
  if (rate < 10) {
    const limit = Math.exp(-rate);
    let k = 0;
    let p = next();
    while (p > limit) {
      k++;
      p *= next();
    }
    return k;
  }
  // Hormann (1993), "The transformed rejection method for generating Poisson random variables".
  const slam = Math.sqrt(rate);
  const logLam = Math.log(rate);
  const b = 0.931 + 2.53 * slam;
  const a = -0.059 + 0.02483 * b;
  const invAlpha = 1.1239 + 1.1328 / (b - 3.4);
  const vr = 0.9277 - 3.6224 / (b - 2);
  for (;;) {
    const u = next() - 0.5;
    const v = next();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + rate + 0.43);
    if (us >= 0.07 && v <= vr) return k;
    if (k < 0 || (us < 0.013 && v > us)) continue;
    if (Math.log(v) + Math.log(invAlpha) - Math.log(a / (us * us) + b) <= -rate + k * logLam - lgamma(k + 1)) return k;
  }
}

/** A stream of uniforms in (0, 1) from a key, drawn in blocks. */
function uniformStream(k: Key): () => number {
  let block = 0;
  let buf: Float64Array = new Float64Array(0);
  let i = 0;
  return () => {
    if (i >= buf.length) {
      buf = uniform(foldIn(k, block++), 4096, 'f64');
      i = 0;
    }
    const u = buf[i++];
    return u > 0 ? u : Number.MIN_VALUE;
  };
}

/**
 * Generated data with known elasticities: products spread round-robin over categories; true
 * beta_g = -2 + 0.25 z, beta_c = beta_g + 0.15 z, beta_i = beta_c + 0.5 z, intercepts
 * delta_i = 3 + 0.5 z (about 20 units a period at price 1), seasonal effects gamma_ct = 0.3 z;
 * each product's log price varies around its own level (sd 0.3 between products) by sd 0.15
 * from period to period, so its elasticity is pinned down only loosely.
 */
export function generateElasticityData(d: ElasticityDims, k: Key): { data: ElasticityData; truth: ElasticityTruth } {
  const { products: P, categories: C, periods: T } = d;
  if (!(P >= 1 && C >= 1 && T >= 1) || ![P, C, T].every(Number.isInteger)) throw new RangeError(`products, categories and periods must be positive integers`);
  if (C > P) throw new RangeError(`categories = ${C} must not exceed products = ${P} (every category needs a product)`);
  const z = (i: number, n: number) => normal(foldIn(k, i), n, 'f64');
  const betaG = -2 + 0.25 * z(0, 1)[0];
  const zc = z(1, C);
  const betaC = Float64Array.from(zc, (v) => betaG + 0.15 * v);
  const productCategory = Int32Array.from({ length: P }, (_, i) => i % C);
  const zi = z(2, P);
  const betaI = Float64Array.from(zi, (v, i) => betaC[productCategory[i]] + 0.5 * v);
  const delta = Float64Array.from(z(3, P), (v) => 3 + 0.5 * v);
  const gamma = Float64Array.from(z(4, C * T), (v) => 0.3 * v);
  const level = Float64Array.from(z(5, P), (v) => 0.3 * v);
  const wiggle = z(6, P * T);
  const n = P * T;
  const product = new Int32Array(n);
  const period = new Int32Array(n);
  const logPrice = new Float64Array(n);
  const units = new Float64Array(n);
  const next = uniformStream(foldIn(k, 7));
  for (let i = 0; i < P; i++) {
    for (let t = 0; t < T; t++) {
      const r = i * T + t;
      product[r] = i;
      period[r] = t;
      logPrice[r] = level[i] + 0.15 * wiggle[r];
      const eta = Math.min(Math.max(betaI[i] * logPrice[r] + gamma[productCategory[i] * T + t] + delta[i], LOG_RATE_MIN), LOG_RATE_MAX);
      units[r] = poissonDraw(Math.exp(eta), next);
    }
  }
  return { data: { products: P, categories: C, periods: T, productCategory, product, period, logPrice, units }, truth: { betaG, betaC, betaI } };
}

/**
 * Data from table columns product, category, period, log_price, units (a CSV's): indices are
 * 0-based integers, every product from 0 to the largest has rows and one category, units are
 * non-negative integers. Throws a RangeError naming the first bad row.
 */
export function elasticityDataFromColumns(c: Record<'product' | 'category' | 'period' | 'log_price' | 'units', Float64Array>): ElasticityData {
  const n = c.product.length;
  if (n === 0) throw new RangeError('the data set has no rows');
  const index = (name: 'product' | 'category' | 'period', r: number): number => {
    const v = c[name][r];
    if (!Number.isInteger(v) || v < 0 || v > 10_000_000) throw new RangeError(`data row ${r + 1}: ${name} is ${v}; indices must be integers from 0`);
    return v;
  };
  const product = new Int32Array(n);
  const period = new Int32Array(n);
  const categoryOf = new Map<number, number>();
  let categories = 0;
  let periods = 0;
  for (let r = 0; r < n; r++) {
    const p = index('product', r);
    const cat = index('category', r);
    const t = index('period', r);
    const seen = categoryOf.get(p);
    if (seen === undefined) categoryOf.set(p, cat);
    else if (seen !== cat) throw new RangeError(`data row ${r + 1}: product ${p} is in category ${cat} here but in category ${seen} on an earlier row; a product belongs to one category`);
    const u = c.units[r];
    if (!Number.isInteger(u) || u < 0) throw new RangeError(`data row ${r + 1}: units is ${u}; units sold must be a non-negative integer`);
    if (!Number.isFinite(c.log_price[r])) throw new RangeError(`data row ${r + 1}: log_price is ${c.log_price[r]}`);
    product[r] = p;
    period[r] = t;
    categories = Math.max(categories, cat + 1);
    periods = Math.max(periods, t + 1);
  }
  const products = Math.max(...categoryOf.keys()) + 1;
  const productCategory = new Int32Array(products);
  for (let p = 0; p < products; p++) {
    const cat = categoryOf.get(p);
    if (cat === undefined) throw new RangeError(`product ${p} has no rows; products must be numbered 0 to ${products - 1} without gaps`);
    productCategory[p] = cat;
  }
  return { products, categories, periods, productCategory, product, period, logPrice: Float64Array.from(c.log_price), units: Float64Array.from(c.units) };
}

/** One shard's observations, padded: padding rows have weight 0 and change nothing. */
export interface ShardData extends ElasticityDims {
  productCategory: Int32Array;
  product: Int32Array;
  /** category(i) * T + t of each row. */
  cell: Int32Array;
  logPrice: Float64Array;
  units: Float64Array;
  /** 1 for a real observation, 0 for padding. */
  weight: Float64Array;
}

/**
 * The observations padded to a multiple of `shards` (with weight-0 rows) and cut into that many
 * equal contiguous slices, as a data-parallel run splits its batch across devices.
 */
export function splitIntoShards(data: ElasticityData, shards: number): ShardData[] {
  if (!Number.isInteger(shards) || shards < 1) throw new RangeError(`shards = ${shards} must be a positive integer`);
  const n = data.product.length;
  const per = Math.ceil(n / shards);
  const out: ShardData[] = [];
  for (let s = 0; s < shards; s++) {
    const product = new Int32Array(per);
    const cell = new Int32Array(per);
    const logPrice = new Float64Array(per);
    const units = new Float64Array(per);
    const weight = new Float64Array(per);
    for (let j = 0; j < per; j++) {
      const r = s * per + j;
      if (r >= n) break;
      product[j] = data.product[r];
      cell[j] = data.productCategory[data.product[r]] * data.periods + data.period[r];
      logPrice[j] = data.logPrice[r];
      units[j] = data.units[r];
      weight[j] = 1;
    }
    out.push({ products: data.products, categories: data.categories, periods: data.periods, productCategory: data.productCategory, product, cell, logPrice, units, weight });
  }
  return out;
}

/** A shard's data as tensors, and sum of log u! over its real rows. */
interface ShardTensors {
  productCategory: Tensor;
  rows: PoissonRows;
  logFactorialSum: number;
}

/**
 * sum_r w_r log Poisson(u_r | exp(eta_r)) = sum_r w_r (u_r eta_r - e^{eta_r} - log u_r!) with
 * eta = clip(beta_i lp + gamma_ct + delta_i, -4, 20), for the latents z (sites as in
 * elasticitySites) []. The constant log u! enters as one precomputed number.
 */
export function shardLogLikelihood(z: Latents, s: ShardTensors): Tensor {
  const betaC = E.affine(E.add(z.eC, z.eG), 1, -2);
  const betaI = E.add(E.gatherRows(betaC, s.productCategory), E.affine(z.eI, 2));
  const ll = E.poissonLogLinear(betaI, E.affine(z.gCT, 3), E.affine(z.dI, 3), s.rows, LOG_RATE_MIN, LOG_RATE_MAX);
  return E.affine(ll, 1, -s.logFactorialSum);
}

/** One shard's part of the log-likelihood for K draws, and of its gradient in the latents. */
export interface ShardPart {
  /** [K] */
  logLik: Float64Array;
  /** [K * D], particle-major, each row in the flat site order. */
  gradZ: Float64Array;
}

/**
 * A slice of the observations and what it contributes to the bound (runs in a worker or
 * in-process), on the thread's default backend: float64 on the cpu, float32 on WebGPU, where
 * the likelihood's pass over the rows runs on the GPU and only K numbers and K gradients of D
 * latents are read back.
 */
export class ElasticityShard {
  readonly sites: LatentSite[];
  readonly size: number;
  private readonly t: ShardTensors;
  private readonly placement: { dtype: FloatDType; backend: Backend };
  /**
   * The likelihood and its gradient as one recorded step: on the cpu the op bookkeeping happens
   * once and the rows stay in the kernels' memory (copied in once, not at every call); each
   * particle's latents are the step's carried state.
   */
  private readonly partStep: RecordedStep<Latents, { value: Tensor; grads: Latents }>;

  /** `backend`: the thread's default unless given; `dtype`: f64 on the cpu, f32 on WebGPU. */
  constructor(data: ShardData, dtype: FloatDType = 'f64', backend: Backend = E.getDefaultBackend()) {
    this.sites = elasticitySites(data);
    this.size = latentCount(data);
    this.placement = { dtype, backend };
    const i32 = { dtype: 'i32' as const, backend };
    const f = { dtype, backend };
    let logFactorialSum = 0;
    for (let r = 0; r < data.units.length; r++) if (data.weight[r] !== 0) logFactorialSum += data.weight[r] * lgamma(data.units[r] + 1);
    this.t = {
      productCategory: E.tensor(data.productCategory, [data.products], i32),
      rows: {
        product: E.tensor(data.product, [data.product.length], i32),
        cell: E.tensor(data.cell, [data.cell.length], i32),
        x: E.tensor(data.logPrice, undefined, f),
        units: E.tensor(data.units, undefined, f),
        weight: E.tensor(data.weight, undefined, f),
      },
      logFactorialSum,
    };
    const partFor = valueAndGrad((z: Latents) => shardLogLikelihood(z, this.t));
    this.partStep = new RecordedStep<Latents, { value: Tensor; grads: Latents }>(backend, (z) => ({ carry: z, out: partFor(z) }));
  }

  /** The shard's log-likelihood and its gradient at each of the K draws zs [K * D]. */
  async part(zs: Float64Array): Promise<ShardPart> {
    const D = this.size;
    const K = zs.length / D;
    if (!Number.isInteger(K) || K < 1) throw new RangeError(`ElasticityShard: ${zs.length} values are not whole draws of ${D} latents`);
    const logLik = new Float64Array(K);
    const gradZ = new Float64Array(K * D);
    // Particle k's results: its log-likelihood, then its gradient site by site.
    const take = (k: number, read: readonly ArrayLike<number>[]) => {
      logLik[k] = read[0][0];
      let offset = k * D;
      for (let i = 1; i < read.length; i++) {
        gradZ.set(read[i], offset);
        offset += read[i].length;
      }
    };
    // A replayed (cpu) step overwrites its results at the next run, so each particle is read at
    // once; on the GPU every particle is queued first and all are read back together, one wait
    // for the device per step rather than one per particle.
    const pending: { outs: Tensor[]; inputs: Tensor[] }[] = [];
    for (let k = 0; k < K; k++) {
      const latents: Latents = {};
      let offset = k * D;
      for (const site of this.sites) {
        const size = site.shape.reduce((a, b) => a * b, 1);
        latents[site.name] = E.tensor(zs.subarray(offset, offset + size), site.shape, this.placement);
        offset += size;
      }
      const { value, grads } = this.partStep.run(latents).out;
      const outs = [value, ...this.sites.map((site) => grads[site.name])];
      if (this.partStep.replays) take(k, await Promise.all(outs.map((t) => t.data())));
      else pending.push({ outs, inputs: Object.values(latents) });
    }
    const reads = await Promise.all(pending.map((p) => Promise.all(p.outs.map((t) => t.data()))));
    reads.forEach((read, k) => take(k, read));
    for (const p of pending) for (const t of [...p.outs, ...p.inputs]) t.dispose();
    return { logLik, gradZ };
  }

  /** Frees the shard's tensors (GPU memory). */
  dispose(): void {
    this.partStep.dispose();
    const { productCategory, rows } = this.t;
    for (const t of [productCategory, ...Object.values(rows)]) t.dispose();
  }
}
