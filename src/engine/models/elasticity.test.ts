import { describe, expect, it } from 'vitest';
import type { Tensor } from '../tensor';
import * as E from '../ops';
import { foldIn, key, normal, split, uniform } from '../random';
import { lgamma, logsumexp } from '../special';
import { checkGradients } from '../testing/finiteDifferences';
import { valueAndGrad } from '../grad';
import { importanceWeightedBound } from '../prob/elbo';
import { Poisson } from '../prob/distributions';
import type { ElasticityData } from './elasticity';
import { ElasticityShard, elasticityDataFromColumns, generateElasticityData, latentCount, poissonDraw, splitIntoShards } from './elasticity';
import type { ReplicaState } from './elasticityReplica';
import { ElasticityReplica, sumParts } from './elasticityReplica';
import type { ShardPart } from './elasticity';
import { softplusTransform } from '../prob/transforms';
import { LocalShards } from './elasticityShards';

const small = { products: 12, categories: 3, periods: 5 };

/** Independent float64 log-likelihood: a loop over the rows with the Poisson log-mass (log u! included). */
function directLogLik(data: ElasticityData, z: Float64Array): number {
  const { products: P, categories: C, periods: T } = data;
  const [oC, oI, oD, oG] = [1, 1 + C, 1 + C + P, 1 + C + 2 * P];
  let total = 0;
  for (let r = 0; r < data.product.length; r++) {
    const i = data.product[r];
    const c = data.productCategory[i];
    const beta = -2 + z[0] + z[oC + c] + 2 * z[oI + i];
    const lin = beta * data.logPrice[r] + 3 * z[oG + c * T + data.period[r]] + 3 * z[oD + i];
    const eta = Math.min(Math.max(lin, -4), 20);
    const u = data.units[r];
    total += u * eta - Math.exp(eta) - lgamma(u + 1);
  }
  return total;
}

describe('elasticity data', () => {
  it('generates reproducible data with round-robin categories and count-valued units', () => {
    const a = generateElasticityData(small, key(1));
    const b = generateElasticityData(small, key(1));
    expect(a.data.units).toEqual(b.data.units);
    expect(a.data.product.length).toBe(60);
    expect(Array.from(a.data.productCategory)).toEqual(Array.from({ length: 12 }, (_, i) => i % 3));
    for (const u of a.data.units) expect(Number.isInteger(u) && u >= 0).toBe(true);
    expect(a.truth.betaI.length).toBe(12);
    expect(() => generateElasticityData({ products: 2, categories: 3, periods: 4 }, key(0))).toThrow(/must not exceed/);
  });

  it('Poisson draws have the right mean and variance below and above rate 10', () => {
    for (const rate of [0.7, 3, 25, 400]) {
      const u = uniform(key(rate * 10), 400_000);
      let i = 0;
      const next = () => u[i++ % u.length] || Number.MIN_VALUE;
      const n = 40_000;
      let s = 0;
      let s2 = 0;
      for (let j = 0; j < n; j++) {
        const k = poissonDraw(rate, next);
        s += k;
        s2 += k * k;
      }
      const mean = s / n;
      const variance = s2 / n - mean * mean;
      // Standard errors: sqrt(rate / n) for the mean, about rate sqrt(2 / n) for the variance.
      expect(Math.abs(mean - rate), `mean at rate ${rate}`).toBeLessThan(5 * Math.sqrt(rate / n));
      expect(Math.abs(variance - rate), `variance at rate ${rate}`).toBeLessThan(5 * rate * Math.sqrt(2 / n) + 0.01);
    }
  });

  it('reads table columns and refuses bad rows with the row named', () => {
    const col = (v: number[]) => Float64Array.from(v);
    const good = { product: col([0, 1, 1, 0]), category: col([0, 1, 1, 0]), period: col([0, 0, 1, 1]), log_price: col([0.1, -0.2, 0, 0.3]), units: col([3, 0, 7, 2]) };
    const d = elasticityDataFromColumns(good);
    expect([d.products, d.categories, d.periods]).toEqual([2, 2, 2]);
    expect(Array.from(d.productCategory)).toEqual([0, 1]);
    expect(() => elasticityDataFromColumns({ ...good, units: col([3, 1.5, 7, 2]) })).toThrow(/row 2: units is 1.5/);
    expect(() => elasticityDataFromColumns({ ...good, category: col([0, 1, 0, 0]) })).toThrow(/row 3: product 1 is in category 0 .* category 1/);
    expect(() => elasticityDataFromColumns({ ...good, product: col([0, 2, 2, 0]) })).toThrow(/product 1 has no rows/);
    expect(() => elasticityDataFromColumns({ ...good, period: col([0, -1, 1, 1]) })).toThrow(/row 2: period is -1/);
  });
});

describe('the shards of the likelihood', () => {
  const { data } = generateElasticityData(small, key(2));
  const D = latentCount(data);
  const z = Float64Array.from(normal(key(3), D), (v) => 0.5 * v);

  it('one shard gives the direct log-likelihood with log u!, and its gradient matches finite differences', async () => {
    const [shard] = splitIntoShards(data, 1).map((s) => new ElasticityShard(s));
    const part = await shard.part(z);
    expect(part.logLik[0]).toBeCloseTo(directLogLik(data, z), 9);
    // The same value from the engine's Poisson distribution, row by row.
    let viaPoisson = 0;
    for (let r = 0; r < data.product.length; r++) {
      const zi = (o: number) => z[o];
      const i = data.product[r];
      const c = data.productCategory[i];
      const lin = (-2 + zi(0) + zi(1 + c) + 2 * zi(4 + i)) * data.logPrice[r] + 3 * zi(28 + c * 5 + data.period[r]) + 3 * zi(16 + i);
      viaPoisson += Poisson.fromLogRate(E.scalar(Math.min(Math.max(lin, -4), 20))).logProb(E.scalar(data.units[r])).item();
    }
    expect(part.logLik[0]).toBeCloseTo(viaPoisson, 9);
    const numeric = new Float64Array(D);
    const h = 1e-6;
    for (let j = 0; j < D; j++) {
      const [zp, zm] = [Float64Array.from(z), Float64Array.from(z)];
      zp[j] += h;
      zm[j] -= h;
      numeric[j] = (directLogLik(data, zp) - directLogLik(data, zm)) / (2 * h);
    }
    part.gradZ.forEach((g, j) => expect(Math.abs(g - numeric[j]), `latent ${j}`).toBeLessThan(1e-5 * Math.max(1, Math.abs(numeric[j]))));
  });

  it('padding rows change nothing: 7 shards of 60 rows sum to the one-shard part', async () => {
    const shards = splitIntoShards(data, 7);
    expect(shards.every((s) => s.product.length === 9)).toBe(true);
    expect(shards.reduce((n, s) => n + s.weight.reduce((a, w) => a + w, 0), 0)).toBe(60);
    const zs = new Float64Array(2 * D);
    zs.set(z);
    zs.set(z.map((v) => -v), D);
    const whole = await new ElasticityShard(splitIntoShards(data, 1)[0]).part(zs);
    const sum = sumParts(await Promise.all(shards.map((s) => new ElasticityShard(s).part(zs))));
    sum.logLik.forEach((v, k) => expect(v).toBeCloseTo(whole.logLik[k], 9));
    sum.gradZ.forEach((v, j) => expect(v).toBeCloseTo(whole.gradZ[j], 9));
  });
});

describe('the Renyi alpha = 0 bound and the replica', () => {
  it('importanceWeightedBound is log mean exp of the weights, with softmax weights as its gradient', () => {
    const w = [-3.2, 0.4, -1.1, 2.5];
    const f = (p: { w: Tensor }) => importanceWeightedBound(w.map((_, k) => E.sliceFlat(p.w, k, [])));
    const { value, grads } = valueAndGrad(f)({ w: E.tensor(w) });
    expect(value.item()).toBeCloseTo(logsumexp(w) - Math.log(4), 14);
    const lse = logsumexp(w);
    Array.from(grads.w.dataSync()).forEach((g, k) => expect(g).toBeCloseTo(Math.exp(w[k] - lse), 14));
    const r = checkGradients(f, { w: E.tensor(w) });
    expect(r.maxError, r.worst).toBeLessThan(1e-8);
    // Far-apart weights stay finite (the largest is factored out).
    expect(f({ w: E.tensor([-1e4, 1e4, 0, 3]) }).item()).toBeCloseTo(1e4 - Math.log(4), 9);
  });

  it('the first loss is minus the bound computed directly, with every constant', async () => {
    const { data } = generateElasticityData(small, key(4));
    const D = latentCount(data);
    const k = key(5);
    const replica = new ElasticityReplica({ ...small, guide: 'meanfield', particles: 3, key: k });
    const shard = new ElasticityShard(splitIntoShards(data, 1)[0]);
    const loss = replica.apply(await shard.part(replica.draws()));
    // Independently: locations 0 and scales 0.1 at the start, so z = 0.1 eps.
    const eps = split(foldIn(k, 0), 3).map((kk) => normal(kk, D));
    const w = eps.map((e) => {
      const z = e.map((v) => 0.1 * v);
      const logPrior = z.reduce((s, v) => s - 0.5 * v * v - 0.5 * Math.log(2 * Math.PI), 0);
      const logQ = e.reduce((s, v) => s - 0.5 * v * v - Math.log(0.1) - 0.5 * Math.log(2 * Math.PI), 0);
      return logPrior + directLogLik(data, z) - logQ;
    });
    expect(loss / -(logsumexp(w) - Math.log(3))).toBeCloseTo(1, 12);
  });

  it('the structured guide starts as the mean-field one and then learns couplings', async () => {
    const { data } = generateElasticityData(small, key(6));
    const shard = new ElasticityShard(splitIntoShards(data, 1)[0]);
    const mf = new ElasticityReplica({ ...small, guide: 'meanfield', particles: 2, key: key(7) });
    const st = new ElasticityReplica({ ...small, guide: 'structured', particles: 2, key: key(7) });
    expect(st.apply(await shard.part(st.draws()))).toBe(mf.apply(await shard.part(mf.draws())));
    for (let i = 0; i < 5; i++) st.apply(await shard.part(st.draws()));
    expect(st.state().coupling.some((b) => Math.abs(b) > 1e-3)).toBe(true);
    expect(mf.state().coupling.every((b) => b === 0)).toBe(true);
  });
});

/**
 * The bound of elasticityReplica.ts through the engine's autodiff, written from its definition
 * (log p(z) + L + sum G (z - stop(z)) - log q(z) per particle, log-mean-exp over particles): an
 * independent check of the replica's hand-derived gradient.
 */
function autodiffBound(state: ReplicaState, eps: Float64Array[], sum: ShardPart, structured: boolean, blocks: { eI: number; dI: number; P: number }) {
  const D = state.loc.length;
  const f = (p: { loc: Tensor; rawScale: Tensor; coupling: Tensor }) => {
    const scale = E.softplus(p.rawScale);
    const w = eps.map((e, k) => {
      const z = E.add(p.loc, E.mul(scale, E.tensor(e)));
      // The latents in three pieces: before the dI site, dI (shifted by the coupling), after it.
      const cuts = [0, blocks.dI, blocks.dI + blocks.P, D];
      const pieces = [0, 1, 2].map((i) => E.sliceFlat(z, cuts[i], [cuts[i + 1] - cuts[i]]));
      if (structured) pieces[1] = E.add(pieces[1], E.mul(p.coupling, E.tensor(e.subarray(blocks.eI, blocks.eI + blocks.P))));
      let logPrior: Tensor = E.scalar(-0.5 * D * Math.log(2 * Math.PI));
      let logLik: Tensor = E.scalar(sum.logLik[k]);
      pieces.forEach((piece, i) => {
        logPrior = E.sub(logPrior, E.mul(E.sumSquares(piece), 0.5));
        const g = E.tensor(sum.gradZ.subarray(k * D + cuts[i], k * D + cuts[i + 1]));
        logLik = E.add(logLik, E.sum(E.mul(g, E.sub(piece, E.stopGradient(piece)))));
      });
      const ee = e.reduce((a, v) => a + v * v, 0);
      const logQ = E.affine(E.sum(E.log(scale)), -1, -0.5 * D * Math.log(2 * Math.PI) - 0.5 * ee);
      return E.sub(E.add(logPrior, logLik), logQ);
    });
    return E.neg(importanceWeightedBound(w));
  };
  const raw = Float64Array.from(state.scale, (s) => softplusTransform.inverseNumber(s));
  return valueAndGrad(f)({ loc: E.tensor(state.loc), rawScale: E.tensor(raw), coupling: E.tensor(state.coupling) });
}

describe("the replica's hand-derived gradient", () => {
  for (const guide of ['meanfield', 'structured'] as const) {
    it(`equals the engine's autodiff of the same bound (${guide}, 1e-10 relative)`, async () => {
      const { data } = generateElasticityData(small, key(10));
      const D = latentCount(data);
      const k = key(11);
      const K = 3;
      const replica = new ElasticityReplica({ ...small, guide, particles: K, key: k });
      const shard = new ElasticityShard(splitIntoShards(data, 1)[0]);
      // Move away from the starting point so that locations, scales and couplings all matter.
      for (let i = 0; i < 30; i++) replica.apply(await shard.part(replica.draws()));
      const state = replica.state();
      const sum = await shard.part(replica.draws());
      const eps = split(foldIn(k, 30), K).map((kk) => normal(kk, D));
      const loss = replica.lossAndGradient(sum);
      const mine = replica.gradients();
      const { value, grads } = autodiffBound(state, eps, sum, guide === 'structured', { eI: 1 + small.categories, dI: 1 + small.categories + small.products, P: small.products });
      expect(Math.abs(loss - value.item()) / Math.abs(value.item())).toBeLessThan(1e-12);
      for (const name of ['loc', 'rawScale', 'coupling'] as const) {
        const ref = grads[name].dataSync();
        const scale = Math.max(...Array.from(ref, Math.abs));
        if (guide === 'structured' || name !== 'coupling') expect(scale).toBeGreaterThan(1e-3);
        mine[name].forEach((g, j) => expect(Math.abs(g - ref[j]), `${name}[${j}]`).toBeLessThanOrEqual(1e-10 * scale));
      }
    });
  }
});

describe('data-parallel training', () => {
  it('1, 2 and 4 shards from the same key give the same losses for 100 steps (1e-9 relative)', async () => {
    const { data } = generateElasticityData({ products: 30, categories: 3, periods: 9 }, key(8));
    const run = async (shards: number): Promise<number[]> => {
      const group = new LocalShards(data, shards, { guide: 'meanfield', particles: 4, key: key(9) });
      const losses: number[] = [];
      for (let i = 0; i < 100; i++) losses.push((await group.step()).loss);
      return losses;
    };
    const one = await run(1);
    expect(one[99]).toBeLessThan(one[0]);
    for (const shards of [2, 4]) {
      const other = await run(shards);
      other.forEach((l, i) => expect(Math.abs(l - one[i]) / Math.abs(one[i]), `${shards} shards, step ${i + 1}`).toBeLessThan(1e-9));
    }
  });
});
