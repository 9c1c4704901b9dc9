import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Tensor } from './tensor';
import * as E from './ops';
import { checkGradients } from './testing/finiteDifferences';
import { randomSpdValues, randomTensor, randomValues, weightedSum } from './testing/fixtures';
import { valueAndGrad } from './grad';
import { disableWasmKernels, enableWasmKernels } from './cpu/wasm';

const TOL = 1e-7;

/** A scalar that depends on every entry of y with distinct weights. */
const weighted = (y: Tensor, seed = 99): Tensor => weightedSum(y, seed);

function expectGradientsMatch<P extends Record<string, Tensor>>(f: (p: P) => Tensor, params: P): void {
  const r = checkGradients(f, params);
  expect(r.maxError, r.worst).toBeLessThan(TOL);
}

describe('elementwise ops with broadcasting', () => {
  const shapes: [number[], number[]][] = [
    [[3, 4], [3, 4]],
    [[3, 4], [4]],
    [[3, 4], [3, 1]],
    [[3, 1], [1, 4]],
    [[2, 3, 4], [3, 1]],
    [[3, 4], []],
  ];
  for (const [sa, sb] of shapes) {
    for (const op of ['add', 'sub', 'mul', 'div', 'maximum', 'minimum'] as const) {
      it(`${op} [${sa}] with [${sb}]`, () => {
        const a = randomTensor(sa, 1, 0.5, 2);
        const b = randomTensor(sb, 2, 0.5, 2);
        expectGradientsMatch((p) => weighted(E[op](p.a, p.b)), { a, b });
      });
    }
  }

  it('broadcast forward values follow NumPy rules', () => {
    const a = E.tensor([1, 2, 3, 4, 5, 6], [2, 3]);
    const b = E.tensor([10, 20], [2, 1]);
    expect(Array.from(E.add(a, b).dataSync())).toEqual([11, 12, 13, 24, 25, 26]);
    expect(Array.from(E.mul(a, E.tensor([1, 0, -1])).dataSync())).toEqual([1, 0, -3, 4, 0, -6]);
    expect(() => E.add(a, E.tensor([1, 2]))).toThrow(/cannot broadcast/);
  });

  const unaryCases: [string, (x: Tensor) => Tensor, number, number][] = [
    ['neg', E.neg, -2, 2],
    ['exp', E.exp, -2, 2],
    ['log', E.log, 0.2, 3],
    ['log1p', E.log1p, -0.5, 3],
    ['sqrt', E.sqrt, 0.2, 3],
    ['square', E.square, -2, 2],
    ['abs', E.abs, 0.1, 2],
    ['reciprocal', E.reciprocal, 0.3, 2],
    ['tanh', E.tanh, -3, 3],
    ['sigmoid', E.sigmoid, -6, 6],
    ['softplus', E.softplus, -6, 6],
    ['lgamma', E.lgamma, 0.1, 8],
    ['digamma', E.digamma, 0.3, 8],
  ];
  for (const [name, f, lo, hi] of unaryCases) {
    it(`${name} gradient`, () => {
      expectGradientsMatch((p) => weighted(f(p.x)), { x: randomTensor([2, 5], 7, lo, hi) });
    });
  }

  it('softplus and sigmoid stay finite for large arguments', () => {
    const x = E.tensor([-800, -40, 0, 40, 800]);
    const sp = E.softplus(x).dataSync();
    expect(sp[0]).toBe(0);
    expect(sp[2]).toBeCloseTo(Math.LN2, 15);
    expect(sp[4]).toBe(800);
    const sg = E.sigmoid(x).dataSync();
    expect(sg[0]).toBe(0);
    expect(sg[4]).toBe(1);
  });
});

describe('reductions', () => {
  it('sum over each axis set, with and without keepDims', () => {
    const x = randomTensor([2, 3, 4], 3);
    for (const axes of [undefined, 0, 1, 2, [0, 2], [1, 2], -1]) {
      for (const keep of [false, true]) {
        expectGradientsMatch((p) => weighted(E.sum(p.x, axes, keep)), { x });
      }
    }
  });

  it('sum values', () => {
    const x = E.tensor([1, 2, 3, 4, 5, 6], [2, 3]);
    expect(Array.from(E.sum(x, 0).dataSync())).toEqual([5, 7, 9]);
    expect(Array.from(E.sum(x, 1).dataSync())).toEqual([6, 15]);
    expect(E.sum(x, 1, true).shape).toEqual([2, 1]);
    expect(E.mean(x).item()).toBe(3.5);
  });

  it('mean and logsumexp gradients', () => {
    const x = randomTensor([3, 4], 4);
    expectGradientsMatch((p) => weighted(E.mean(p.x, 1)), { x });
    expectGradientsMatch((p) => weighted(E.logsumexp(p.x, 1)), { x });
    expectGradientsMatch((p) => E.logsumexp(p.x), { x });
  });

  it('logsumexp is stable and handles -Infinity', () => {
    expect(E.logsumexp(E.tensor([1000, 1000])).item()).toBeCloseTo(1000 + Math.LN2, 10);
    expect(E.logsumexp(E.tensor([-Infinity, -Infinity])).item()).toBe(-Infinity);
    expect(E.logsumexp(E.tensor([-Infinity, 0])).item()).toBe(0);
  });
});

// The ops with kernels of their own, on the kernels that run by default (WebAssembly) and on the
// TypeScript reference kernels (the fallback where WebAssembly SIMD is missing).
for (const kernels of ['WebAssembly', 'TypeScript'] as const) {
  describe(`${kernels} kernels`, () => {
    beforeAll(async () => {
      if (kernels === 'TypeScript') disableWasmKernels();
      else expect((await enableWasmKernels()).ok).toBe(true);
    });
    afterAll(async () => {
      await enableWasmKernels();
    });

    describe('matrix ops', () => {
      for (const transA of [false, true]) {
        for (const transB of [false, true]) {
          it(`matmul transA=${transA} transB=${transB}`, () => {
            const a = randomTensor(transA ? [4, 3] : [3, 4], 5);
            const b = randomTensor(transB ? [5, 4] : [4, 5], 6);
            expectGradientsMatch((p) => weighted(E.matmul(p.a, p.b, { transA, transB })), { a, b });
          });
        }
      }

      it('matmul values', () => {
        const a = E.tensor([1, 2, 3, 4, 5, 6], [2, 3]);
        const b = E.tensor([1, 0, 0, 1, 1, 1], [3, 2]);
        expect(Array.from(E.matmul(a, b).dataSync())).toEqual([4, 5, 10, 11]);
        expect(Array.from(E.matmul(a, a, { transB: true }).dataSync())).toEqual([14, 32, 32, 77]);
        expect(Array.from(E.matmul(a, a, { transA: true }).dataSync())).toEqual([17, 22, 27, 22, 29, 36, 27, 36, 45]);
        expect(() => E.matmul(a, a)).toThrow(/inner dimensions/);
      });

      it('transpose, reshape, tril, diag, diagMatrix', () => {
        const x = randomTensor([4, 4], 8);
        expectGradientsMatch((p) => weighted(E.transpose(p.x)), { x });
        expectGradientsMatch((p) => weighted(E.reshape(p.x, [2, 8])), { x });
        expectGradientsMatch((p) => weighted(E.tril(p.x, 0.5)), { x });
        expectGradientsMatch((p) => weighted(E.diag(p.x)), { x });
        expectGradientsMatch((p) => weighted(E.diagMatrix(p.v)), { v: randomTensor([4], 9) });
        expectGradientsMatch((p) => weighted(E.broadcastTo(p.v, [3, 4])), { v: randomTensor([4], 9) });
      });

      it('gatherRows with repeated indices scatters gradients back', () => {
        const x = randomTensor([5, 3], 10);
        const idx = E.tensor([4, 0, 4, 2, 4], [5], { dtype: 'i32' });
        expectGradientsMatch((p) => weighted(E.gatherRows(p.x, idx)), { x });
        expect(Array.from(E.gatherRows(E.tensor([1, 2, 3, 4, 5, 6], [3, 2]), E.tensor([2, 0], [2], { dtype: 'i32' })).dataSync())).toEqual([5, 6, 1, 2]);
      });

      it('gatherRows of a vector by product, category and category-period index, with its scatter-add backward', () => {
        // 3 categories x 4 periods flattened row-major; 40 observations with every index repeated.
        const [categories, periods, products, n] = [3, 4, 7, 40];
        const product = Int32Array.from({ length: n }, (_, i) => (i * 5) % products);
        const category = Int32Array.from(product, (p) => p % categories);
        const period = Int32Array.from({ length: n }, (_, i) => i % periods);
        const cellIdx = Int32Array.from({ length: n }, (_, i) => category[i] * periods + period[i]);
        const cases: [string, Int32Array, number][] = [
          ['product', product, products],
          ['category', category, categories],
          ['category-period', cellIdx, categories * periods],
        ];
        for (const [name, ix, size] of cases) {
          const x = randomTensor([size], 21);
          const idx = E.tensor(ix, [n], { dtype: 'i32' });
          const xs = x.dataSync();
          expect(Array.from(E.gatherRows(x, idx).dataSync()), name).toEqual(Array.from(ix, (i) => xs[i]));
          // d/dx_j sum_r w_r x[ix_r] = sum of w_r over the rows r that read j.
          const w = randomValues(n, 22);
          const expected = new Float64Array(size);
          ix.forEach((j, r) => (expected[j] += w[r]));
          const { grads } = valueAndGrad((p: { x: Tensor }) => E.sum(E.mul(E.gatherRows(p.x, idx), E.tensor(w))))({ x });
          Array.from(grads.x.dataSync()).forEach((g, j) => expect(g, `${name}[${j}]`).toBeCloseTo(expected[j], 13));
          expectGradientsMatch((p) => weighted(E.gatherRows(p.x, idx)), { x });
        }
        expect(() => E.gatherRows(E.tensor([1, 2]), E.tensor([2], [1], { dtype: 'i32' }))).toThrow(/out of range/);
      });

      it('poissonLogLinear equals the sum of weighted Poisson log-masses (less log u!) and its gradient matches', () => {
        const [P, M, n] = [4, 3, 30];
        const product = Int32Array.from({ length: n }, (_, r) => (r * 3) % P);
        const cell = Int32Array.from({ length: n }, (_, r) => (r * 7) % M);
        const x = randomValues(n, 31, -1, 1);
        const units = Float64Array.from({ length: n }, (_, r) => (r * 13) % 9);
        const weight = Float64Array.from({ length: n }, (_, r) => (r % 10 === 9 ? 0 : 1));
        const rows = { product: E.tensor(product, [n], { dtype: 'i32' }), cell: E.tensor(cell, [n], { dtype: 'i32' }), x: E.tensor(x), units: E.tensor(units), weight: E.tensor(weight) };
        // Bounds that clip some rows on both sides (checked below), so both branches are exercised.
        const [lo, hi] = [-1.2, 1.5];
        const slope = randomValues(P, 32, -2, 2);
        const cellEffect = randomValues(M, 33, -1, 1);
        const intercept = randomValues(P, 34, -1, 1);
        let expected = 0;
        const clipped = [0, 0];
        for (let r = 0; r < n; r++) {
          const lin = slope[product[r]] * x[r] + cellEffect[cell[r]] + intercept[product[r]];
          if (lin < lo) clipped[0]++;
          if (lin > hi) clipped[1]++;
          const eta = Math.min(Math.max(lin, lo), hi);
          expected += weight[r] * (units[r] * eta - Math.exp(eta));
        }
        expect(clipped[0]).toBeGreaterThan(0);
        expect(clipped[1]).toBeGreaterThan(0);
        const f = (p: { b: Tensor; g: Tensor; d: Tensor }) => E.poissonLogLinear(p.b, p.g, p.d, rows, lo, hi);
        const params = { b: E.tensor(slope), g: E.tensor(cellEffect), d: E.tensor(intercept) };
        expect(f(params).item()).toBeCloseTo(expected, 12);
        expectGradientsMatch(f, params);
        expect(() => E.poissonLogLinear(params.b, params.g, E.tensor([1]), rows, lo, hi)).toThrow(/must match/);
      });

      it('clip equals min(max(x, lo), hi); its gradient is 1 inside [lo, hi] and 0 outside', () => {
        const xs = [-7, -4.5, -1, 0, 3.25, 19.5, 20.5, 40];
        const y = E.clip(E.tensor(xs), -4, 20);
        expect(Array.from(y.dataSync())).toEqual(xs.map((v) => Math.min(Math.max(v, -4), 20)));
        const { grads } = valueAndGrad((p: { x: Tensor }) => E.sum(E.clip(p.x, -4, 20)))({ x: E.tensor(xs) });
        expect(Array.from(grads.x.dataSync())).toEqual([0, 0, 1, 1, 1, 1, 0, 0]);
        // Away from the kinks the gradient matches finite differences.
        expectGradientsMatch((p) => weighted(E.exp(E.clip(p.x, -0.5, 0.8))), { x: E.tensor([-1.3, -0.2, 0.1, 0.5, 1.7, 0.75]) });
        expect(() => E.clip(E.tensor([1]), 2, 1)).toThrow(/must not exceed/);
      });
    });

    /** Determinant by Gaussian elimination with partial pivoting: independent of the Cholesky code. */
    function logAbsDetByElimination(values: Float64Array, n: number): number {
      const a = Float64Array.from(values);
      let logDet = 0;
      for (let c = 0; c < n; c++) {
        let piv = c;
        for (let r = c + 1; r < n; r++) if (Math.abs(a[r * n + c]) > Math.abs(a[piv * n + c])) piv = r;
        if (piv !== c) for (let k = 0; k < n; k++) [a[c * n + k], a[piv * n + k]] = [a[piv * n + k], a[c * n + k]];
        logDet += Math.log(Math.abs(a[c * n + c]));
        for (let r = c + 1; r < n; r++) {
          const f = a[r * n + c] / a[c * n + c];
          for (let k = c; k < n; k++) a[r * n + k] -= f * a[c * n + k];
        }
      }
      return logDet;
    }

    describe('linear algebra', () => {
      for (const n of [1, 2, 5, 9]) {
        it(`cholesky n=${n}: L L^T = A and the gradient matches finite differences`, () => {
          const a = E.tensor(randomSpdValues(n, 20 + n), [n, n]);
          const l = E.cholesky(a);
          const llt = E.matmul(l, l, { transB: true }).dataSync();
          const av = a.dataSync();
          for (let i = 0; i < n * n; i++) expect(llt[i]).toBeCloseTo(av[i], 12);
          const upper = l.dataSync();
          for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) expect(upper[i * n + j]).toBe(0);
          // Differentiate through a symmetric parameterisation A = X X^T / n + I, as models use it.
          const x = randomTensor([n, n], 30 + n);
          expectGradientsMatch((p) => {
            const spd = E.add(E.div(E.matmul(p.x, p.x, { transB: true }), n), E.eye(n));
            return weighted(E.cholesky(spd), 31);
          }, { x });
        });

        it(`logdet n=${n} against Gaussian elimination, and its gradient`, () => {
          const vals = randomSpdValues(n, 40 + n);
          expect(E.logdet(E.tensor(vals, [n, n])).item()).toBeCloseTo(logAbsDetByElimination(vals, n), 11);
          const x = randomTensor([n, n], 50 + n);
          expectGradientsMatch((p) => {
            const spd = E.add(E.div(E.matmul(p.x, p.x, { transB: true }), n), E.eye(n));
            return E.logdet(spd);
          }, { x });
        });

        for (const lower of [true, false]) {
          for (const transpose of [false, true]) {
            it(`triangularSolve n=${n} lower=${lower} transpose=${transpose}`, () => {
              // A well-conditioned triangular matrix: strong diagonal.
              const tv = randomValues(n * n, 60 + n);
              for (let i = 0; i < n; i++) tv[i * n + i] = 2 + Math.abs(tv[i * n + i]);
              const t = E.tensor(tv, [n, n]);
              const b = randomTensor([n, 3], 70 + n);
              const x = E.triangularSolve(t, b, { lower, transpose });
              // Check op(T) X = B using only the triangle that is read.
              const tri = lower ? E.tril(t) : E.triu(t);
              const back = E.matmul(tri, x, { transA: transpose }).dataSync();
              const bv = b.dataSync();
              for (let i = 0; i < bv.length; i++) expect(back[i]).toBeCloseTo(bv[i], 12);
              expectGradientsMatch((p) => weighted(E.triangularSolve(p.t, p.b, { lower, transpose })), { t, b });
            });
          }
        }
      }

      it('cholesky with a shift is the factor of a + shift I, with the same gradient for a', () => {
        const a = E.tensor(randomSpdValues(6, 77), [6, 6]);
        const shifted = E.cholesky(a, 0.3).dataSync();
        const explicit = E.cholesky(E.add(a, E.mul(E.eye(6), 0.3))).dataSync();
        for (let i = 0; i < 36; i++) expect(shifted[i]).toBeCloseTo(explicit[i], 13);
        expectGradientsMatch((p) => weighted(E.cholesky(E.symmetrize(p.a), 0.3), 31), { a });
      });

      it('cholesky of a matrix that is not positive definite gives NaN, not an exception', () => {
        const l = E.cholesky(E.tensor([1, 2, 2, 1], [2, 2])).dataSync();
        expect(l.every((v) => Number.isNaN(v))).toBe(true);
      });
    });

    describe('fused kernels', () => {
      it('columnQuadForm equals colsum(a ∘ (w a)) and its gradient matches', () => {
        const w = randomTensor([4, 4], 80);
        const a = randomTensor([4, 6], 81);
        const direct = E.sum(E.mul(p(a), E.matmul(w, a)), 0).dataSync();
        const fused = E.columnQuadForm(w, a).dataSync();
        for (let j = 0; j < 6; j++) expect(fused[j]).toBeCloseTo(direct[j], 13);
        expectGradientsMatch((q) => weighted(E.columnQuadForm(q.w, q.a)), { w, a });
        function p(t: Tensor): Tensor {
          return t;
        }
      });

      it('weightedGram equals a diag(g) a^T and its gradients in a and g match', () => {
        const a = randomTensor([4, 6], 82);
        const g = randomTensor([6], 83, 0.2, 2);
        const direct = E.matmul(E.mul(a, E.reshape(g, [1, 6])), a, { transB: true }).dataSync();
        const fused = E.weightedGram(a, g).dataSync();
        for (let i = 0; i < 16; i++) expect(fused[i]).toBeCloseTo(direct[i], 13);
        expectGradientsMatch((q) => weighted(E.weightedGram(q.a, q.g)), { a, g });
        expect(() => E.weightedGram(a, randomTensor([4], 84))).toThrow(/do not fit/);
      });

      it('whitenedGram equals (L^{-1} k)(L^{-1} k)^T and its gradient matches, reading only the lower triangle of L', () => {
        const lv = randomValues(25, 92);
        for (let i = 0; i < 5; i++) lv[i * 5 + i] = 1.5 + Math.abs(lv[i * 5 + i]);
        const l = E.tensor(lv, [5, 5]);
        const k = randomTensor([5, 7], 93);
        const a = E.triangularSolve(l, k, { lower: true });
        const direct = E.matmul(a, a, { transB: true }).dataSync();
        const fused = E.whitenedGram(l, k).dataSync();
        for (let i = 0; i < 25; i++) expect(fused[i]).toBeCloseTo(direct[i], 13);
        expectGradientsMatch((q) => weighted(E.whitenedGram(q.l, q.k)), { l, k });
        const upper = valueAndGrad((q: { l: Tensor }) => weighted(E.whitenedGram(q.l, k)))({ l }).grads.l.dataSync();
        for (let i = 0; i < 5; i++) for (let j = i + 1; j < 5; j++) expect(Math.abs(upper[i * 5 + j])).toBe(0);
      });

      it('rbf matches the formula and its gradient matches, including rbf(z, z)', () => {
        const a = randomTensor([4, 2], 90);
        const b = randomTensor([5, 2], 91);
        const logVariance = E.scalar(0.3);
        const logLengthscale = E.scalar(-0.4);
        const k = E.rbf(a, b, logVariance, logLengthscale).dataSync();
        const av = a.dataSync();
        const bv = b.dataSync();
        const s2 = Math.exp(0.3);
        const l = Math.exp(-0.4);
        for (let i = 0; i < 4; i++) {
          for (let j = 0; j < 5; j++) {
            const r2 = (av[2 * i] - bv[2 * j]) ** 2 + (av[2 * i + 1] - bv[2 * j + 1]) ** 2;
            expect(k[i * 5 + j]).toBeCloseTo(s2 * Math.exp((-0.5 * r2) / (l * l)), 14);
          }
        }
        expectGradientsMatch((p) => weighted(E.rbf(p.a, p.b, p.lv, p.ll)), { a, b, lv: logVariance, ll: logLengthscale });
        expectGradientsMatch((p) => weighted(E.rbf(p.a, p.a, p.lv, p.ll)), { a, lv: logVariance, ll: logLengthscale });
      });
    });
  });
}

describe('valueAndGrad', () => {
  it('returns zero gradients for unused parameters and rejects non-scalar outputs', () => {
    const { value, grads } = valueAndGrad((p: { x: Tensor; unused: Tensor }) => E.sum(E.square(p.x)))({
      x: E.tensor([1, 2, 3]),
      unused: E.tensor([5, 5]),
    });
    expect(value.item()).toBe(14);
    expect(Array.from(grads.x.dataSync())).toEqual([2, 4, 6]);
    expect(Array.from(grads.unused.dataSync())).toEqual([0, 0]);
    expect(() => valueAndGrad((p: { x: Tensor }) => p.x)({ x: E.tensor([1, 2]) })).toThrow(/scalar/);
  });

  it('accumulates gradients through a tensor used many times', () => {
    const f = (p: { x: Tensor }) => E.sum(E.mul(E.mul(p.x, p.x), p.x));
    const { grads } = valueAndGrad(f)({ x: E.tensor([2, -1]) });
    expect(Array.from(grads.x.dataSync())).toEqual([12, 3]);
  });
});
