import { describe, expect, it } from 'vitest';
import type { FloatDType, Tensor } from '../../tensor';
import * as E from '../../ops';
import { cpu } from '../../cpu/backend';
import { valueAndGrad } from '../../grad';
import { MeanFieldNormalGuide } from '../../prob/guides';
import { bnnLogLikelihood, bnnLogPrior, bnnSites } from '../../models/bnn';
import { checkGradients } from '../../testing/finiteDifferences';
import { randomValues } from '../../testing/fixtures';
import { normwiseError } from '../../wasm/testHarness';
import { REFERENCE_VARIANT } from '../registry';
import { bnnElboKernel } from './bnnElbo';
import { bnnParameterCount } from './layout';

interface Case {
  widths: number[];
  n: number;
  k: number;
  seed: number;
}

function inputs({ widths, n, k, seed }: Case, dtype: FloatDType = 'f64') {
  const d = bnnParameterCount(widths);
  const o = { dtype };
  return {
    loc: E.tensor(randomValues(d, seed, -1.5, 1.5), [d], o),
    rawScale: E.tensor(randomValues(d, seed + 1, -3, 0), [d], o),
    eps: E.tensor(randomValues(k * d, seed + 2, -2, 2), [k, d], o),
    x: E.tensor(randomValues(n * widths[0], seed + 3, -3, 3), [n, widths[0]], o),
    y: E.tensor(randomValues(n, seed + 4).map((v) => (v > 0 ? 1 : 0)), [n], o),
  };
}

/** The terms of draw p as the generic path computes them: the guide's draw, then the model's log-likelihood and log prior. */
function genericTerms(c: Case, p: { loc: Tensor; rawScale: Tensor }, eps: Tensor, x: Tensor, y: Tensor, draw: number): Tensor[] {
  const guide = new MeanFieldNormalGuide(bnnSites(c.widths));
  const d = guide.size;
  const s = guide.sampleWithNoise(p, E.sliceFlat(eps, draw * d, [d]));
  return [bnnLogLikelihood(s.latents, { x, y }), bnnLogPrior(s.latents), s.logQ];
}

const CASES: Case[] = [
  { widths: [2, 4, 3, 1], n: 980, k: 1, seed: 1 },
  { widths: [2, 4, 3, 1], n: 420, k: 3, seed: 2 },
  { widths: [2, 4, 3, 1], n: 17, k: 2, seed: 3 },
  { widths: [1, 1], n: 3, k: 1, seed: 4 },
  { widths: [3, 5, 1], n: 257, k: 2, seed: 5 },
  { widths: [2, 17, 3, 1], n: 1, k: 1, seed: 6 },
];

describe('bnnElboTerms: the whole Bayesian network in one op', () => {
  for (const c of CASES) {
    it(`terms and gradients equal the generic composition (widths ${c.widths}, n = ${c.n}, K = ${c.k})`, () => {
      const { loc, rawScale, eps, x, y } = inputs(c);
      const fused = E.bnnElboTerms(loc, rawScale, eps, x, y, c.widths).dataSync();
      for (let draw = 0; draw < c.k; draw++) {
        const generic = genericTerms(c, { loc, rawScale }, eps, x, y, draw).map((t) => t.item());
        expect(normwiseError(fused.subarray(3 * draw, 3 * draw + 3), generic), `draw ${draw}`).toBeLessThan(1e-12);
      }
      // The gradient of a weighted sum of every term, both ways.
      const weights = E.tensor(randomValues(3 * c.k, c.seed + 9), [c.k, 3]);
      const fusedGrads = valueAndGrad((p: { loc: Tensor; rawScale: Tensor }) => E.sum(E.mul(E.bnnElboTerms(p.loc, p.rawScale, eps, x, y, c.widths), weights)))({ loc, rawScale }).grads;
      const genericGrads = valueAndGrad((p: { loc: Tensor; rawScale: Tensor }) => {
        let f: Tensor | null = null;
        for (let draw = 0; draw < c.k; draw++) {
          genericTerms(c, p, eps, x, y, draw).forEach((t, j) => {
            const term = E.mul(t, weights.dataSync()[3 * draw + j]);
            f = f === null ? term : E.add(f, term);
          });
        }
        return f as unknown as Tensor;
      })({ loc, rawScale }).grads;
      expect(normwiseError(fusedGrads.loc.dataSync(), genericGrads.loc.dataSync())).toBeLessThan(1e-12);
      expect(normwiseError(fusedGrads.rawScale.dataSync(), genericGrads.rawScale.dataSync())).toBeLessThan(1e-12);
    });
  }

  it('gradients against finite differences (float64)', () => {
    const c: Case = { widths: [2, 4, 3, 1], n: 60, k: 2, seed: 11 };
    const { loc, rawScale, eps, x, y } = inputs(c);
    const weights = E.tensor(randomValues(3 * c.k, 12), [c.k, 3]);
    const r = checkGradients((p: { loc: Tensor; rawScale: Tensor }) => E.sum(E.mul(E.bnnElboTerms(p.loc, p.rawScale, eps, x, y, c.widths), weights)), { loc, rawScale });
    expect(r.maxError, r.worst).toBeLessThan(1e-7);
  });

  for (const dtype of ['f64', 'f32'] as const) {
    it(`${dtype}: the WebAssembly kernel against the TypeScript one, terms and gradients`, () => {
      for (const c of CASES) {
        const { loc, rawScale, eps, x, y } = inputs(c, dtype);
        for (const withGrad of [true, false]) {
          const a = bnnElboKernel.runVariant(cpu, 'wasm', loc, rawScale, eps, x, y, c.widths, withGrad);
          const b = bnnElboKernel.runVariant(cpu, REFERENCE_VARIANT, loc, rawScale, eps, x, y, c.widths, withGrad);
          const tol = dtype === 'f64' ? 1e-12 : 2e-5;
          expect(normwiseError(a.terms.dataSync(), b.terms.dataSync()), `${c.widths} n=${c.n}`).toBeLessThan(tol);
          if (!withGrad) continue;
          expect(normwiseError((a.dLoc as Tensor).dataSync(), (b.dLoc as Tensor).dataSync()), `${c.widths} n=${c.n}`).toBeLessThan(tol);
          expect(normwiseError((a.dRaw as Tensor).dataSync(), (b.dRaw as Tensor).dataSync()), `${c.widths} n=${c.n}`).toBeLessThan(tol);
        }
      }
    });
  }

  it('refuses inputs that do not fit the widths, with the shapes', () => {
    const { loc, rawScale, eps, x, y } = inputs({ widths: [2, 4, 3, 1], n: 5, k: 1, seed: 1 });
    expect(() => E.bnnElboTerms(loc, rawScale, eps, x, y, [2, 4, 1])).toThrow(/must be \[17\]/);
    expect(() => E.bnnElboTerms(loc, rawScale, eps, x, y, [2, 4, 3, 2])).toThrow(/ending in 1/);
    expect(() => E.bnnElboTerms(loc, rawScale, eps, E.reshape(x, [10, 1]), y, [2, 4, 3, 1])).toThrow(/data x/);
  });
});
