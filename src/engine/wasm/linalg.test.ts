// The WebAssembly Cholesky factor, its backward rule, the triangular solve and the weighted Gram
// matrix against the TypeScript kernels (linalg.ts), on the SVGP's sizes (M = 50, B = 200 and
// 10,000) and on awkward ones. Triangles a kernel must not read are filled with NaN.
import { beforeAll, describe, expect, it } from 'vitest';
import type { WasmDType, WasmKernels } from './kernels';
import { choleskyBackwardInto, choleskyInto } from '../ops/cholesky/cpu';
import { triangularSolveInto } from '../ops/triangularSolve/cpu';
import { columnQuadFormInto, weightedGramInto } from '../ops/gram/cpu';
import { choleskyInverseKernel, invQuadLogdetGradKernel } from '../ops/invQuadLogdet/invQuadLogdet';
import { REFERENCE_VARIANT } from '../ops/registry';
import { cpu } from '../cpu/backend';
import { tensor } from '../ops';
import { randomSpdValues, randomValues } from '../testing/fixtures';
import { DTYPES, TOLERANCE, freshKernels, inArena, normwiseError, typed, zeros } from './testHarness';

let k: WasmKernels;
beforeAll(async () => {
  k = await freshKernels();
});

// 333 takes the blocked paths (blocks of 64, a ragged last one, several strips of the trailing update).
const SIZES = [1, 3, 17, 50, 257, 333];

/** A copy of x [n,n] with the strict upper (or lower) triangle set to NaN. */
function poisonTriangle(x: ArrayLike<number>, n: number, upper: boolean): Float64Array {
  const out = Float64Array.from(x);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (upper ? j > i : j < i) out[i * n + j] = Number.NaN;
  return out;
}

/** A well-conditioned lower-triangular factor: the Cholesky factor of X X^T / n + I. */
function lowerFactor(n: number, seed: number): Float64Array {
  const l = new Float64Array(n * n);
  choleskyInto(randomSpdValues(n, seed), l, n);
  return l;
}

function transposed(x: ArrayLike<number>, n: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[j * n + i] = x[i * n + j];
  return out;
}

/** actual [n,n] within the dtype's tolerance of expected (normwise), and exactly symmetric. */
function expectCloseAndSymmetric(actual: ArrayLike<number>, expected: ArrayLike<number>, n: number, dtype: WasmDType): void {
  expect(normwiseError(actual, expected), `n=${n}`).toBeLessThan(TOLERANCE[dtype]);
  let symmetric = true;
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) symmetric &&= actual[i * n + j] === actual[j * n + i];
  expect(symmetric, `n=${n}`).toBe(true);
}

describe('cholesky', () => {
  for (const dtype of DTYPES) {
    it(`${dtype}: factors of X X^T / n + I, reading only the lower triangle, with and without a shift`, () => {
      for (const n of SIZES) {
        const a = typed(dtype, poisonTriangle(randomSpdValues(n, n + 7), n, true));
        for (const shift of [0, 1e-4, 0.5]) {
          const expected = zeros(dtype, n * n);
          choleskyInto(a, expected, n, shift);
          const actual = inArena(k, (io) => {
            const l = io.garbage(dtype, n * n);
            k.kernels(dtype).cholesky(io.input(dtype, a), l, n, shift);
            return io.read(dtype, l, n * n);
          });
          expect(normwiseError(actual, expected), `n=${n} shift=${shift}`).toBeLessThan(TOLERANCE[dtype]);
          let upperZero = true;
          for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) upperZero &&= actual[i * n + j] === 0;
          expect(upperZero, `n=${n} shift=${shift}`).toBe(true);
        }
      }
    });
  }

  it('fills the factor with NaN when the matrix is not positive definite, like the TypeScript kernel', () => {
    for (const dtype of DTYPES) {
      const a = [4, 0, 0, 2, 1, 0, 1, 3, -5]; // third pivot negative
      const expected = zeros(dtype, 9);
      choleskyInto(typed(dtype, a), expected, 3);
      const actual = inArena(k, (io) => {
        const l = io.garbage(dtype, 9);
        k.kernels(dtype).cholesky(io.input(dtype, a), l, 3, 0);
        return Array.from(io.read(dtype, l, 9));
      });
      expect(Array.from(expected).every(Number.isNaN)).toBe(true);
      expect(actual.every(Number.isNaN)).toBe(true);
      // ... and a shift that makes it positive definite repairs it.
      const shifted = inArena(k, (io) => {
        const l = io.garbage(dtype, 9);
        k.kernels(dtype).cholesky(io.input(dtype, a), l, 3, 10);
        return Array.from(io.read(dtype, l, 9));
      });
      expect(shifted.every(Number.isFinite)).toBe(true);
      // A failing pivot in a later block of the blocked factorisation fills the whole factor too.
      const n = 200;
      const big = randomSpdValues(n, 3);
      big[150 * n + 150] = -1;
      const blocked = inArena(k, (io) => {
        const l = io.garbage(dtype, n * n);
        k.kernels(dtype).cholesky(io.input(dtype, typed(dtype, big)), l, n, 0);
        return Array.from(io.read(dtype, l, n * n));
      });
      expect(blocked.every(Number.isNaN)).toBe(true);
    }
  });
});

describe('empty matrices', () => {
  it('cholesky, its backward and the weighted Gram of n = 0 write nothing', () => {
    for (const dtype of DTYPES) {
      const kept = inArena(k, (io) => {
        const out = io.input(dtype, [9]);
        const none = io.input(dtype, []);
        k.kernels(dtype).cholesky(none, out, 0, 0);
        k.kernels(dtype).choleskyBackward(none, none, out, 0, none);
        k.kernels(dtype).weightedGram(none, none, out, 0, 5);
        return io.read(dtype, out, 1)[0];
      });
      expect(kept).toBe(9);
    }
  });
});

describe('triangularSolve', () => {
  for (const dtype of DTYPES) {
    it(`${dtype}: lower and upper, transposed or not, 1 to 257 right-hand sides, in place or not`, () => {
      const rhs = [1, 2, 3, 5, 17, 200, 257];
      let seed = 1;
      for (const n of SIZES) {
        const lower = lowerFactor(n, n);
        const upper = transposed(lower, n);
        for (const kk of rhs) {
          for (const isLower of [true, false]) {
            for (const transpose of [false, true]) {
              for (const inPlace of [false, true]) {
                const t = typed(dtype, poisonTriangle(isLower ? lower : upper, n, isLower));
                const b = typed(dtype, randomValues(n * kk, seed++));
                const expected = zeros(dtype, n * kk);
                triangularSolveInto(t, b, expected, n, kk, isLower, transpose);
                const actual = inArena(k, (io) => {
                  const pb = io.input(dtype, b);
                  const x = inPlace ? pb : io.garbage(dtype, n * kk);
                  k.kernels(dtype).triangularSolve(io.input(dtype, t), pb, x, n, kk, isLower, transpose);
                  return io.read(dtype, x, n * kk);
                });
                const label = `n=${n} k=${kk} lower=${isLower} transpose=${transpose} inPlace=${inPlace}`;
                expect(normwiseError(actual, expected), label).toBeLessThan(TOLERANCE[dtype]);
              }
            }
          }
        }
      }
    });

    it(`${dtype}: the SVGP's solve L^-1 K_zx at B = 10,000`, () => {
      const n = 50;
      const kk = 10000;
      const t = typed(dtype, lowerFactor(n, 3));
      const b = typed(dtype, randomValues(n * kk, 4));
      const expected = zeros(dtype, n * kk);
      triangularSolveInto(t, b, expected, n, kk, true, false);
      const actual = inArena(k, (io) => {
        const x = io.garbage(dtype, n * kk);
        k.kernels(dtype).triangularSolve(io.input(dtype, t), io.input(dtype, b), x, n, kk, true, false);
        return io.read(dtype, x, n * kk);
      });
      expect(normwiseError(actual, expected)).toBeLessThan(TOLERANCE[dtype]);
    });
  }

  it('does nothing for n = 0 or no right-hand sides', () => {
    const kept = inArena(k, (io) => {
      const x = io.input('f64', [5]);
      k.f64.triangularSolve(io.input('f64', [1]), x, x, 1, 0, true, false);
      k.f64.triangularSolve(io.input('f64', []), x, x, 0, 1, true, false);
      return io.read('f64', x, 1)[0];
    });
    expect(kept).toBe(5);
  });
});

describe('choleskyInverse', () => {
  // 64 and 257 take whole and ragged panels of both sweeps; 600 several column blocks of the product.
  const INVERSE_SIZES = [1, 3, 17, 64, 257, 600];

  /** C^{-1} from the TypeScript kernel (choleskyInverseCpu: panels of solves and products) for the factor l [n,n]. */
  function reference(dtype: WasmDType, l: Float64Array | Float32Array, n: number): Float64Array | Float32Array {
    const t = tensor(l, [n, n], { dtype, backend: cpu });
    const inv = choleskyInverseKernel.runVariant(cpu, REFERENCE_VARIANT, t);
    const out = inv.dataSync().slice() as Float64Array | Float32Array;
    t.dispose();
    inv.dispose();
    return out;
  }

  for (const dtype of DTYPES) {
    it(`${dtype}: (L L^T)^{-1} from a factor, reading only its lower triangle, against the TypeScript kernel`, () => {
      for (const n of INVERSE_SIZES) {
        const l = typed(dtype, lowerFactor(n, 3 * n + 1));
        const expected = reference(dtype, l, n);
        const actual = inArena(k, (io) => {
          const out = io.garbage(dtype, n * n);
          k.kernels(dtype).choleskyInverse(io.input(dtype, poisonTriangle(l, n, true)), out, n, io.garbage(dtype, n * n));
          return io.read(dtype, out, n * n);
        });
        expectCloseAndSymmetric(actual, expected, n, dtype);
      }
    });
  }

  it('f64: times C gives the identity at n = 1,000 (independent of the TypeScript kernel)', () => {
    const n = 1000;
    const c = randomSpdValues(n, 5);
    const l = new Float64Array(n * n);
    choleskyInto(c, l, n);
    const inv = inArena(k, (io) => {
      const out = io.garbage('f64', n * n);
      k.f64.choleskyInverse(io.input('f64', l), out, n, io.garbage('f64', n * n));
      return io.read('f64', out, n * n);
    });
    let worst = 0;
    for (let i = 0; i < n; i += 37) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let p = 0; p < n; p++) s += inv[i * n + p] * c[p * n + j];
        worst = Math.max(worst, Math.abs(s - (i === j ? 1 : 0)));
      }
    }
    expect(worst).toBeLessThan(1e-12);
  });

  for (const dtype of DTYPES) {
    it(`${dtype}: with alpha and g, invQuadLogdet's gradient g/2 (C^{-1} - alpha alpha^T), symmetric, against the TypeScript kernel`, () => {
      for (const n of INVERSE_SIZES) {
        const l = typed(dtype, lowerFactor(n, 5 * n + 2));
        const alpha = typed(dtype, randomValues(n, n + 11));
        const g = typed(dtype, [-0.75]);
        const t = (values: ArrayLike<number>, shape: number[]) => tensor(Float64Array.from(values), shape, { dtype, backend: cpu });
        const ref = invQuadLogdetGradKernel.runVariant(cpu, REFERENCE_VARIANT, t(l, [n, n]), t(alpha, [n, 1]), t(g, []));
        const expected = ref.dataSync();
        const actual = inArena(k, (io) => {
          const out = io.garbage(dtype, n * n);
          k.kernels(dtype).choleskyInverse(io.input(dtype, poisonTriangle(l, n, true)), out, n, io.garbage(dtype, n * n), io.input(dtype, alpha), io.input(dtype, g));
          return io.read(dtype, out, n * n);
        });
        expectCloseAndSymmetric(actual, expected, n, dtype);
      }
    });
  }

  it('gives NaN for a factor with NaN (a matrix that was not positive definite)', () => {
    const actual = inArena(k, (io) => {
      const out = io.garbage('f64', 9);
      k.f64.choleskyInverse(io.input('f64', new Float64Array(9).fill(Number.NaN)), out, 3, io.garbage('f64', 9));
      return Array.from(io.read('f64', out, 9));
    });
    expect(actual.every(Number.isNaN)).toBe(true);
  });
});

describe('choleskyBackward', () => {
  for (const dtype of DTYPES) {
    it(`${dtype}: Murray's rule against the TypeScript kernel, reading only the lower triangle of L̄`, () => {
      for (const n of SIZES) {
        const l = typed(dtype, lowerFactor(n, n + 1));
        const lBar = typed(dtype, poisonTriangle(randomValues(n * n, n + 2), n, true));
        const expected = zeros(dtype, n * n);
        choleskyBackwardInto(l, lBar, expected, n);
        const actual = inArena(k, (io) => {
          const out = io.garbage(dtype, n * n);
          k.kernels(dtype).choleskyBackward(io.input(dtype, l), io.input(dtype, lBar), out, n, io.garbage(dtype, n * n));
          return io.read(dtype, out, n * n);
        });
        expectCloseAndSymmetric(actual, expected, n, dtype);
      }
    });
  }
});

describe('weightedGram', () => {
  /** a diag(g) a^T from both kernels: the error, and whether the WebAssembly result is exactly symmetric. */
  function gram(dtype: WasmDType, m: number, n: number, seed: number): { error: number; symmetric: boolean } {
    const a = typed(dtype, randomValues(m * n, seed));
    const g = typed(dtype, randomValues(n, seed + 1, 0, 2));
    const expected = zeros(dtype, m * m);
    weightedGramInto(a, g, expected, m, n);
    const actual = inArena(k, (io) => {
      const out = io.garbage(dtype, m * m);
      k.kernels(dtype).weightedGram(io.input(dtype, a), io.input(dtype, g), out, m, n);
      return io.read(dtype, out, m * m);
    });
    let symmetric = true;
    for (let i = 0; i < m; i++) for (let j = 0; j < i; j++) symmetric &&= actual[i * m + j] === actual[j * m + i];
    return { error: normwiseError(actual, expected), symmetric };
  }

  for (const dtype of DTYPES) {
    it(`${dtype}: sizes 1 to 257 by 0 to 10,000 columns, exactly symmetric`, () => {
      let seed = 1;
      const cases: [number, number][] = [];
      for (const m of SIZES) for (const n of [0, 1, 3, 17, 200, 257]) cases.push([m, n]);
      cases.push([50, 10000], [50, 1001], [7, 4099]);
      for (const [m, n] of cases) {
        const r = gram(dtype, m, n, seed++);
        expect(r.error, `m=${m} n=${n}`).toBeLessThan(TOLERANCE[dtype]);
        expect(r.symmetric, `m=${m} n=${n}`).toBe(true);
      }
    });
  }
});

describe('columnQuadForm', () => {
  for (const dtype of DTYPES) {
    it(`${dtype}: a_j^T w a_j against the TypeScript kernel, sizes 1 to 257 by 0 to 10,000 columns`, () => {
      let seed = 100;
      const cases: [number, number][] = [];
      for (const m of SIZES) for (const n of [0, 1, 3, 17, 200, 257]) cases.push([m, n]);
      cases.push([50, 10000], [50, 3600], [7, 4099]);
      for (const [m, n] of cases) {
        const w = typed(dtype, randomValues(m * m, seed++));
        const a = typed(dtype, randomValues(m * n, seed++));
        const expected = zeros(dtype, n);
        columnQuadFormInto(w, a, expected, m, n);
        const actual = inArena(k, (io) => {
          const out = io.garbage(dtype, n);
          k.kernels(dtype).columnQuadForm(io.input(dtype, w), io.input(dtype, a), out, m, n);
          return io.read(dtype, out, n);
        });
        expect(normwiseError(actual, expected), `m=${m} n=${n}`).toBeLessThan(TOLERANCE[dtype]);
      }
    });
  }
});
