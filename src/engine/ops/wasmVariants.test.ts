/**
 * Every cpu kernel with a WebAssembly variant against its TypeScript reference, run through the
 * registry as the ops run them (tensors of JavaScript memory copied in and out): forward and
 * backward kernels, float64 to 1e-12 and float32 to 2e-5 (normwise), on the notebooks' sizes and
 * on awkward ones (1, 3, 17, 257). The kernels themselves are tested pointer by pointer in
 * src/engine/wasm/*.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type { FloatDType } from '../tensor';
import { Tensor } from '../tensor';
import * as E from '../ops';
import { cpu } from '../cpu/backend';
import { REFERENCE_VARIANT, definedKernels } from './registry';
import type { Kernel } from './registry';
import { choleskyBackwardKernel, choleskyKernel, matmulKernel, triangularSolveKernel } from './primitives';
import { columnQuadFormKernel, weightedGramKernel } from './gram/gram';
import { rbfBackwardKernel, rbfKernel } from './rbf/rbf';
import { denseBackwardKernel, denseKernel } from './dense/dense';
import { bernoulliLogitsBackwardKernel, bernoulliLogitsKernel } from './bernoulliLogits/bernoulliLogits';
import { adamStepKernel } from './adamStep/adamStep';
import { bnnElboKernel } from './bnnElbo/bnnElbo';
import { poissonLogLinearBackwardKernel, poissonLogLinearKernel } from './poissonLogLinear/poissonLogLinear';
import { choleskyInverseKernel, invQuadLogdetGradKernel } from './invQuadLogdet/invQuadLogdet';
import { randomSpdValues, randomValues } from '../testing/fixtures';
import { normwiseError } from '../wasm/testHarness';

const TOL: Record<FloatDType, number> = { f64: 1e-12, f32: 2e-5 };
const SIZES = [1, 3, 17, 50, 257];
let seed = 1;

function rand(shape: number[], dtype: FloatDType, lo = -1, hi = 1): Tensor {
  return E.tensor(randomValues(shape.reduce((a, b) => a * b, 1), seed++, lo, hi), shape, { dtype });
}

function lowerFactor(n: number, dtype: FloatDType): Tensor {
  return E.cast(E.cholesky(E.tensor(randomSpdValues(n, seed++), [n, n])), dtype);
}

/** Largest normwise error between the two variants over every tensor each returns. */
function compare<A extends readonly unknown[], R>(kernel: Kernel<A, R>, args: A): number {
  const flat = (r: unknown): Tensor[] => (r instanceof Tensor ? [r] : Array.isArray(r) ? r.flatMap(flat) : r && typeof r === 'object' ? Object.values(r).flatMap(flat) : []);
  const wasm = flat(kernel.runVariant(cpu, 'wasm', ...args));
  const ts = flat(kernel.runVariant(cpu, REFERENCE_VARIANT, ...args));
  expect(wasm.length).toBe(ts.length);
  let worst = 0;
  wasm.forEach((t, i) => {
    expect(t.shape).toEqual(ts[i].shape);
    worst = Math.max(worst, normwiseError(t.dataSync(), ts[i].dataSync()));
  });
  return worst;
}

describe('WebAssembly cpu kernels against the TypeScript ones, through the registry', () => {
  it('every kernel with a WebAssembly variant is tested here (the whole-network kernel in bnnElbo.test.ts), and that variant runs by default', () => {
    const tested = [bnnElboKernel, matmulKernel, triangularSolveKernel, choleskyKernel, choleskyBackwardKernel, choleskyInverseKernel, invQuadLogdetGradKernel, weightedGramKernel, columnQuadFormKernel, rbfKernel, rbfBackwardKernel, denseKernel, denseBackwardKernel, bernoulliLogitsKernel, bernoulliLogitsBackwardKernel, adamStepKernel, poissonLogLinearKernel, poissonLogLinearBackwardKernel].map((k) => k.name);
    const withWasm = definedKernels()
      .filter((k) => k.variants('cpu').includes('wasm'))
      .map((k) => k.name);
    expect(withWasm.sort()).toEqual([...tested].sort());
    for (const k of definedKernels().filter((x) => x.variants('cpu').includes('wasm'))) expect(k.active('cpu'), k.name).toBe('wasm');
  });

  for (const dtype of ['f64', 'f32'] as const) {
    it(`${dtype}: matmul in its four forms`, () => {
      for (const [m, k, n] of [[50, 2, 200], [50, 50, 1], [200, 50, 50], ...SIZES.map((s) => [s, 3, s]), [17, 257, 3]]) {
        for (const [ta, tb] of [[false, false], [true, false], [false, true], [true, true]] as const) {
          const a = rand(ta ? [k, m] : [m, k], dtype);
          const b = rand(tb ? [n, k] : [k, n], dtype);
          expect(compare(matmulKernel, [a, b, ta, tb] as const), `${m}x${k}x${n} ${ta} ${tb}`).toBeLessThan(TOL[dtype]);
        }
      }
    });

    it(`${dtype}: Cholesky, its backward, the inverse from the factor, triangular solves`, () => {
      for (const n of SIZES) {
        const spd = E.cast(E.tensor(randomSpdValues(n, seed++), [n, n]), dtype);
        expect(compare(choleskyKernel, [spd, 1e-4] as const), `n=${n}`).toBeLessThan(TOL[dtype]);
        const l = lowerFactor(n, dtype);
        expect(compare(choleskyBackwardKernel, [l, rand([n, n], dtype)] as const), `n=${n}`).toBeLessThan(TOL[dtype]);
        expect(compare(choleskyInverseKernel, [l] as const), `n=${n}`).toBeLessThan(TOL[dtype]);
        expect(compare(invQuadLogdetGradKernel, [l, rand([n, 1], dtype), E.cast(E.scalar(-0.7), dtype)] as const), `n=${n}`).toBeLessThan(TOL[dtype]);
        for (const k of [1, 3, 200]) {
          for (const lower of [true, false]) {
            for (const transpose of [true, false]) {
              const t = lower ? l : E.transpose(l);
              expect(compare(triangularSolveKernel, [t, rand([n, k], dtype), { lower, transpose }] as const), `n=${n} k=${k}`).toBeLessThan(TOL[dtype]);
            }
          }
        }
      }
    });

    it(`${dtype}: weighted Gram matrix and column quadratic forms`, () => {
      for (const [m, n] of [[50, 200], [50, 10000], ...SIZES.map((s) => [s, 17]), [3, 257]]) {
        expect(compare(weightedGramKernel, [rand([m, n], dtype), rand([n], dtype, 0, 2)] as const), `${m}x${n}`).toBeLessThan(TOL[dtype]);
        expect(compare(columnQuadFormKernel, [rand([m, m], dtype), rand([m, n], dtype)] as const), `${m}x${n}`).toBeLessThan(TOL[dtype]);
      }
    });

    it(`${dtype}: RBF kernel and its backward`, () => {
      for (const [p, q] of [[50, 50], [50, 200], [50, 3600], ...SIZES.map((s) => [s, 257 - s])]) {
        const a = rand([p, 2], dtype);
        const b = rand([q, 2], dtype);
        const lv = E.cast(E.scalar(-0.3), dtype);
        const ll = E.cast(E.scalar(-0.7), dtype);
        expect(compare(rbfKernel, [a, b, lv, ll] as const), `${p}x${q}`).toBeLessThan(TOL[dtype]);
        const k = rbfKernel.runVariant(cpu, REFERENCE_VARIANT, a, b, lv, ll);
        expect(compare(rbfBackwardKernel, [a, b, ll, k, rand([p, q], dtype)] as const), `${p}x${q}`).toBeLessThan(TOL[dtype]);
      }
    });

    it(`${dtype}: dense layer and Bernoulli logits, forward and backward`, () => {
      for (const n of [980, 420, ...SIZES]) {
        for (const [k, m, act] of [[2, 4, 'tanh'], [4, 3, 'tanh'], [3, 1, 'linear'], [17, 5, 'tanh']] as const) {
          const x = rand([n, k], dtype, -3, 3);
          const w = rand([k, m], dtype);
          const b = rand([m], dtype);
          expect(compare(denseKernel, [x, w, b, act] as const), `${n} ${k}->${m}`).toBeLessThan(TOL[dtype]);
          const out = denseKernel.runVariant(cpu, REFERENCE_VARIANT, x, w, b, act);
          for (const needDx of [true, false]) expect(compare(denseBackwardKernel, [x, w, out, rand([n, m], dtype), act, needDx] as const)).toBeLessThan(TOL[dtype]);
        }
        const l = rand([n], dtype, -40, 40);
        const y = E.cast(E.tensor(randomValues(n, seed++).map((v) => (v > 0 ? 1 : 0))), dtype);
        expect(compare(bernoulliLogitsKernel, [l, y] as const)).toBeLessThan(TOL[dtype]);
        expect(compare(bernoulliLogitsBackwardKernel, [l, y, rand([n], dtype)] as const)).toBeLessThan(TOL[dtype]);
      }
    });

    it(`${dtype}: Adam(W) update`, () => {
      for (const n of [31, 2602, ...SIZES]) {
        const hyper = { learningRate: 0.01, b1: 0.9, b2: 0.999, eps: 1e-8, step: 7, weightDecay: n % 2 ? 0 : 0.01 };
        expect(compare(adamStepKernel, [rand([n], dtype), rand([n], dtype), rand([n], dtype), rand([n], dtype, 0, 1), hyper] as const)).toBeLessThan(TOL[dtype]);
      }
    });

    it(`${dtype}: the Poisson log-linear likelihood and its scatter-add backward, rates clipped at both ends`, () => {
      for (const [n, P, M] of [[10_400, 400, 208], [1, 1, 1], [3, 2, 3], [17, 5, 4], [257, 17, 9]]) {
        const index = (count: number, of: number) => E.tensor(Int32Array.from(randomValues(count, seed++, 0, of), Math.floor), [count], { dtype: 'i32' });
        const [product, cell] = [index(n, P), index(n, M)];
        // Slopes up to 6 in size against x in (-3, 3) put some rates below -4 and some above 20.
        const slope = rand([P], dtype, -6, 6);
        const x = rand([n], dtype, -3, 3);
        const units = E.cast(E.tensor(Float64Array.from(randomValues(n, seed++, 0, 40), Math.floor)), dtype);
        const weight = E.cast(E.tensor(Float64Array.from({ length: n }, (_, r) => (r % 7 === 6 ? 0 : 1))), dtype);
        const [cellEffect, intercept] = [rand([M], dtype), rand([P], dtype, 0, 4)];
        const args: [Tensor, Tensor, Tensor, Tensor, Tensor, Tensor, Tensor, Tensor, number, number] = [slope, cellEffect, intercept, product, cell, x, units, weight, -4, 20];
        expect(compare(poissonLogLinearKernel, args), `n=${n}`).toBeLessThan(TOL[dtype]);
        const [, resid] = poissonLogLinearKernel.runVariant(cpu, REFERENCE_VARIANT, ...args);
        expect(compare(poissonLogLinearBackwardKernel, [resid, E.cast(E.scalar(-0.7), dtype), product, cell, x, P, M] as const), `n=${n}`).toBeLessThan(TOL[dtype]);
      }
    });

    it(`${dtype}: the Poisson log-linear likelihood names a row whose index is out of range`, () => {
      const idx = (v: number[]) => E.tensor(v, [v.length], { dtype: 'i32' });
      const v = (n: number) => rand([n], dtype);
      expect(() => poissonLogLinearKernel.runVariant(cpu, 'wasm', v(2), v(3), v(2), idx([0, 1, 2]), idx([0, 0, 0]), v(3), v(3), v(3), -4, 20)).toThrow(/row 2 has index 2 of 2/);
    });
  }
});
