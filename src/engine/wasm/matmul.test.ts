// The WebAssembly matmul against the TypeScript kernel (matmulInto), all four transpose forms,
// on the notebooks' shapes and on sizes that straddle every block edge of the packed kernel
// (MR = 4 rows, NR = 4 or 8 columns, KC = 256, MC = 64, NC = 128).
import { beforeAll, describe, expect, it } from 'vitest';
import type { WasmDType, WasmKernels } from './kernels';
import { matmulInto } from '../ops/matmul/cpu';
import { randomValues } from '../testing/fixtures';
import { DTYPES, TOLERANCE, freshKernels, inArena, normwiseError, typed, zeros } from './testHarness';

let k: WasmKernels;
beforeAll(async () => {
  k = await freshKernels();
});

const FORMS: [boolean, boolean][] = [
  [false, false],
  [true, false],
  [false, true],
  [true, true],
];

/** Error of the WebAssembly product against matmulInto on the same inputs. */
function matmulError(dtype: WasmDType, m: number, kk: number, n: number, transA: boolean, transB: boolean, seed: number): number {
  const a = typed(dtype, randomValues(m * kk, seed));
  const b = typed(dtype, randomValues(kk * n, seed + 1));
  const expected = zeros(dtype, m * n);
  matmulInto(a, b, expected, m, kk, n, transA, transB);
  const actual = inArena(k, (io) => {
    const pa = io.input(dtype, a);
    const pb = io.input(dtype, b);
    const out = io.garbage(dtype, m * n);
    k.kernels(dtype).matmul(pa, pb, out, m, kk, n, transA, transB);
    return io.read(dtype, out, m * n);
  });
  return normwiseError(actual, expected);
}

describe('matmul', () => {
  for (const dtype of DTYPES) {
    it(`${dtype}: every form on sizes 1, 3, 17 and 257 in each dimension`, () => {
      const sizes = [1, 3, 17, 257];
      let seed = 1;
      for (const m of sizes) {
        for (const kk of sizes) {
          for (const n of sizes) {
            for (const [tA, tB] of FORMS) {
              const e = matmulError(dtype, m, kk, n, tA, tB, seed++);
              expect(e, `${m}x${kk}x${n} transA=${tA} transB=${tB}`).toBeLessThan(TOLERANCE[dtype]);
            }
          }
        }
      }
    });

    it(`${dtype}: the SVGP's shapes (M = 50; B = 200 and 10,000) and block edges`, () => {
      const shapes: [number, number, number][] = [
        [50, 50, 200], // T A in the whitened Gram's backward
        [50, 50, 10000],
        [50, 50, 50], // S S^T
        [50, 200, 1], // K_zx y
        [200, 50, 1],
        [50, 1, 200], // outer products g y^T
        [1, 50, 200],
        [65, 300, 129], // one past MC, KC + 44, one past NC
        [64, 256, 128], // exactly one block
        [5, 10000, 1], // X^T r of a linear regression
        [1, 10000, 5],
        [2, 2, 2],
      ];
      let seed = 100;
      for (const [m, kk, n] of shapes) {
        for (const [tA, tB] of FORMS) {
          const e = matmulError(dtype, m, kk, n, tA, tB, seed++);
          expect(e, `${m}x${kk}x${n} transA=${tA} transB=${tB}`).toBeLessThan(TOLERANCE[dtype]);
        }
      }
    });
  }

  it('empty dimensions: k = 0 gives zeros, m = 0 or n = 0 writes nothing', () => {
    for (const dtype of DTYPES) {
      const zerosOut = inArena(k, (io) => {
        const out = io.garbage(dtype, 6);
        k.kernels(dtype).matmul(io.input(dtype, []), io.input(dtype, []), out, 2, 0, 3, false, false);
        return Array.from(io.read(dtype, out, 6));
      });
      expect(zerosOut).toEqual([0, 0, 0, 0, 0, 0]);
      const untouched = inArena(k, (io) => {
        const out = io.input(dtype, [7]);
        k.kernels(dtype).matmul(io.input(dtype, [1, 2]), io.input(dtype, [3]), out, 0, 2, 5, false, false);
        k.kernels(dtype).matmul(io.input(dtype, [1, 2]), io.input(dtype, [3]), out, 5, 2, 0, true, true);
        return io.read(dtype, out, 1)[0];
      });
      expect(untouched).toBe(7);
    }
  });

  it('float64 products of small integers are exact', () => {
    const a = Array.from({ length: 6 * 7 }, (_, i) => (i % 5) - 2);
    const b = Array.from({ length: 7 * 9 }, (_, i) => (i % 7) - 3);
    const expected = new Float64Array(6 * 9);
    matmulInto(Float64Array.from(a), Float64Array.from(b), expected, 6, 7, 9, false, false);
    const actual = inArena(k, (io) => {
      const out = io.garbage('f64', 54);
      k.f64.matmul(io.input('f64', a), io.input('f64', b), out, 6, 7, 9, false, false);
      return Array.from(io.read('f64', out, 54));
    });
    expect(actual).toEqual(Array.from(expected));
  });
});
