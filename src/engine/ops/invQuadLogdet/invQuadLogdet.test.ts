import { describe, expect, it } from 'vitest';
import type { Tensor } from '../../tensor';
import * as E from '../../ops';
import { valueAndGrad } from '../../grad';
import { checkGradients } from '../../testing/finiteDifferences';
import { randomSpdValues, randomValues } from '../../testing/fixtures';
import { inverseAndLogAbsDet, matVec, relativeDifference } from '../../testing/dense';
import { choleskyInverseKernel } from './invQuadLogdet';

/** An RBF kernel matrix of n points spread over [0, 1] plus `noise` on the diagonal: condition number near n / noise. */
function rbfMatrix(n: number, lengthscale: number, noise: number, seed: number): Float64Array {
  const x = randomValues(n, seed, 0, 1);
  const c = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) c[i * n + j] = Math.exp(-0.5 * ((x[i] - x[j]) / lengthscale) ** 2) + (i === j ? noise : 0);
  }
  return c;
}

/** Both paths' value and gradients at (c, r), float64 or float32. */
function bothPaths(cv: Float64Array, rv: Float64Array, n: number, dtype: 'f64' | 'f32' = 'f64') {
  const params = { c: E.tensor(cv, [n, n], { dtype }), r: E.tensor(rv, [n], { dtype }) };
  const fused = valueAndGrad((p: { c: Tensor; r: Tensor }) => E.invQuadLogdet(p.c, p.r).value)(params);
  const generic = valueAndGrad((p: { c: Tensor; r: Tensor }) => E.invQuadLogdetGeneric(p.c, p.r).value)(params);
  const read = (v: { value: Tensor; grads: { c: Tensor; r: Tensor } }) => ({ value: v.value.item(), c: v.grads.c.dataSync(), r: v.grads.r.dataSync() });
  return { fused: read(fused), generic: read(generic) };
}

describe('invQuadLogdet', () => {
  for (const n of [1, 3, 17, 64, 65, 150]) {
    it(`n = ${n}: value, parts and gradients against the explicit inverse and determinant`, () => {
      const cv = randomSpdValues(n, 10 + n);
      const rv = randomValues(n, 20 + n);
      const { inverse, logAbsDet } = inverseAndLogAbsDet(cv, n);
      const alpha = matVec(inverse, rv, n);
      const quad = rv.reduce((s, v, i) => s + v * alpha[i], 0);
      const out = E.invQuadLogdet(E.tensor(cv, [n, n]), E.tensor(rv, [n]));
      expect(out.invQuad.item()).toBeCloseTo(quad, 10);
      expect(out.logdet.item()).toBeCloseTo(logAbsDet, 10);
      expect(out.value.item()).toBeCloseTo(0.5 * (quad + logAbsDet), 10);
      // C̄ = (C^{-1} - alpha alpha^T) / 2 and r̄ = alpha, written out.
      const cBar = new Float64Array(n * n);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) cBar[i * n + j] = 0.5 * (inverse[i * n + j] - alpha[i] * alpha[j]);
      const { fused } = bothPaths(cv, rv, n);
      expect(relativeDifference(fused.c, cBar)).toBeLessThan(1e-12);
      expect(relativeDifference(fused.r, alpha)).toBeLessThan(1e-12);
    });
  }

  for (const n of [1, 4, 9, 20]) {
    it(`n = ${n}: gradients against finite differences (float64)`, () => {
      const c = E.tensor(randomSpdValues(n, 30 + n), [n, n]);
      const r = E.tensor(randomValues(n, 40 + n), [n]);
      // Perturbing one entry of c perturbs its mirror image too, as in a symmetric C(theta).
      const check = checkGradients((p: { c: Tensor; r: Tensor }) => E.invQuadLogdet(E.symmetrize(p.c), p.r).value, { c, r });
      expect(check.maxError, check.worst).toBeLessThan(1e-7);
    });
  }

  for (const n of [2, 17, 64, 65, 200]) {
    it(`n = ${n}: the fused and the generic path agree to 1e-11 (float64) and to float32 accuracy`, () => {
      const cv = randomSpdValues(n, 50 + n);
      const rv = randomValues(n, 60 + n);
      const { fused, generic } = bothPaths(cv, rv, n);
      expect(Math.abs(fused.value - generic.value) / Math.abs(generic.value)).toBeLessThan(1e-13);
      expect(relativeDifference(fused.c, generic.c)).toBeLessThan(1e-11);
      expect(relativeDifference(fused.r, generic.r)).toBeLessThan(1e-11);
      const f32 = bothPaths(cv, rv, n, 'f32');
      expect(relativeDifference(f32.fused.c, fused.c)).toBeLessThan(1e-4);
      expect(relativeDifference(f32.generic.c, fused.c)).toBeLessThan(1e-4);
      expect(Math.abs(f32.fused.value - fused.value) / Math.abs(fused.value)).toBeLessThan(1e-5);
    });
  }

  // RBF kernel matrices with little noise, as an exact GP meets them: condition numbers 1e5 to
  // 1e9. Each path's rounding errors grow with the condition number, so the bound does too.
  for (const [n, noise] of [
    [30, 1e-3],
    [100, 1e-5],
    [200, 1e-6],
  ] as const) {
    it(`ill-conditioned n = ${n}, noise ${noise}: both paths against the explicit inverse`, () => {
      const cv = rbfMatrix(n, 0.3, noise, n);
      const rv = randomValues(n, 70 + n);
      const { inverse, logAbsDet } = inverseAndLogAbsDet(cv, n);
      const alpha = matVec(inverse, rv, n);
      const cBar = new Float64Array(n * n);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) cBar[i * n + j] = 0.5 * (inverse[i * n + j] - alpha[i] * alpha[j]);
      const bound = (n / noise) * 1e-14;
      const { fused, generic } = bothPaths(cv, rv, n);
      const quad = rv.reduce((s, v, i) => s + v * alpha[i], 0);
      expect(Math.abs(fused.value - 0.5 * (quad + logAbsDet)) / Math.abs(0.5 * (quad + logAbsDet))).toBeLessThan(bound);
      expect(relativeDifference(fused.c, cBar)).toBeLessThan(bound);
      expect(relativeDifference(generic.c, cBar)).toBeLessThan(bound);
      expect(relativeDifference(fused.r, alpha)).toBeLessThan(bound);
    });
  }

  it('refuses a right-hand side that does not fit, and gives NaN for a matrix that is not positive definite', () => {
    const c = E.tensor([2, 1, 1, 2], [2, 2]);
    expect(() => E.invQuadLogdet(c, E.tensor([1, 2, 3]))).toThrow(/r \[3\] does not match C \[2,2\]/);
    expect(() => E.invQuadLogdet(E.tensor([1, 2, 3, 4, 5, 6], [2, 3]), E.tensor([1, 2]))).toThrow(/square matrix/);
    expect(() => E.invQuadLogdet(c, E.tensor([1, 2], [2], { dtype: 'f32' }))).toThrow(/dtypes differ/);
    expect(E.invQuadLogdet(c, E.tensor([1, 2], [2, 1])).value.item()).toBeCloseTo(0.5 * (2 + Math.log(3)), 12);
    expect(E.invQuadLogdet(E.tensor([1, 2, 2, 1], [2, 2]), E.tensor([1, 1])).value.item()).toBeNaN();
  });
});

describe('choleskyInverse', () => {
  for (const n of [0, 1, 2, 63, 64, 65, 129]) {
    it(`n = ${n}: C^{-1} from L, float64 and float32`, () => {
      const cv = randomSpdValues(n, 80 + n);
      const want = inverseAndLogAbsDet(cv, n).inverse;
      for (const dtype of ['f64', 'f32'] as const) {
        const c = E.tensor(cv, [n, n], { dtype });
        const got = choleskyInverseKernel.run(c.backend, c.backend.cholesky(c, 0)).dataSync();
        expect(got.length).toBe(n * n);
        if (n > 0) expect(relativeDifference(got, want)).toBeLessThan(dtype === 'f64' ? 1e-13 : 1e-5);
        // Exactly symmetric.
        for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) expect(got[i * n + j]).toBe(got[j * n + i]);
      }
    });
  }
});
