// The WebAssembly RBF kernel matrix and its backward pass against the TypeScript kernels
// (kernels.ts), on the SVGP's shapes (M = 50 inducing points against B = 200 and 10,000 inputs
// in 2-D) and on awkward ones, including more columns than one block of the packed kernel (512).
import { beforeAll, describe, expect, it } from 'vitest';
import type { WasmDType, WasmKernels } from './kernels';
import { rbfBackwardInto, rbfInto } from '../ops/rbf/cpu';
import { randomValues } from '../testing/fixtures';
import { DTYPES, TOLERANCE, freshKernels, inArena, normwiseError, typed, zeros } from './testHarness';

let k: WasmKernels;
beforeAll(async () => {
  k = await freshKernels();
});

const SHAPES: [number, number, number][] = [
  [50, 200, 2],
  [50, 10000, 2],
  [50, 50, 2],
  [1, 1, 1],
  [3, 17, 3],
  [17, 3, 1],
  [257, 257, 2],
  [3, 1025, 2],
  [2, 5, 7],
  [4, 9, 0],
];

interface RbfCase {
  dtype: WasmDType;
  p: number;
  q: number;
  d: number;
  a: Float64Array | Float32Array;
  b: Float64Array | Float32Array;
  variance: number;
  lengthscale: number;
}

function makeCase(dtype: WasmDType, p: number, q: number, d: number, seed: number): RbfCase {
  return {
    dtype,
    p,
    q,
    d,
    a: typed(dtype, randomValues(p * d, seed, -1.3, 1.3)),
    b: typed(dtype, randomValues(q * d, seed + 1, -1.5, 1.5)),
    variance: 0.5 + (seed % 7) / 5,
    lengthscale: 0.3 + (seed % 5) / 10,
  };
}

/** sum |g k| and sum |g k r2| / l^2, the scales of the two scalar gradients. */
function sumMagnitudes(c: RbfCase, kMat: ArrayLike<number>, g: ArrayLike<number>): { h: number; hr2: number } {
  let h = 0;
  let hr2 = 0;
  for (let i = 0; i < c.p; i++) {
    for (let j = 0; j < c.q; j++) {
      let r2 = 0;
      for (let t = 0; t < c.d; t++) r2 += (c.a[i * c.d + t] - c.b[j * c.d + t]) ** 2;
      const hij = Math.abs(g[i * c.q + j] * kMat[i * c.q + j]);
      h += hij;
      hr2 += hij * r2;
    }
  }
  return { h: Math.max(h, Number.MIN_VALUE), hr2: Math.max(hr2 / c.lengthscale ** 2, Number.MIN_VALUE) };
}

describe('rbf', () => {
  for (const dtype of DTYPES) {
    it(`${dtype}: forward against rbfInto`, () => {
      let seed = 1;
      for (const [p, q, d] of SHAPES) {
        const c = makeCase(dtype, p, q, d, seed++);
        const expected = zeros(dtype, p * q);
        rbfInto(c.a, c.b, expected, p, q, d, c.variance, c.lengthscale);
        const actual = inArena(k, (io) => {
          const out = io.garbage(dtype, p * q);
          k.kernels(dtype).rbf(io.input(dtype, c.a), io.input(dtype, c.b), out, p, q, d, c.variance, c.lengthscale);
          return io.read(dtype, out, p * q);
        });
        expect(normwiseError(actual, expected), `${p}x${q} d=${d}`).toBeLessThan(TOLERANCE[dtype]);
      }
    });

    it(`${dtype}: backward against rbfBackwardInto (dA, dB, d log variance, d log lengthscale)`, () => {
      let seed = 50;
      for (const [p, q, d] of SHAPES) {
        const c = makeCase(dtype, p, q, d, seed++);
        const kMat = zeros(dtype, p * q);
        rbfInto(c.a, c.b, kMat, p, q, d, c.variance, c.lengthscale);
        const g = typed(dtype, randomValues(p * q, seed + 1000));
        const dA = zeros(dtype, p * d);
        const dB = zeros(dtype, q * d);
        const sums = rbfBackwardInto(c.a, c.b, kMat, g, p, q, d, c.lengthscale, dA, dB);
        const actual = inArena(k, (io) => {
          const pdA = io.garbage(dtype, p * d);
          const pdB = io.garbage(dtype, q * d);
          const pSums = io.garbage(dtype, 2);
          k.kernels(dtype).rbfBackward(io.input(dtype, c.a), io.input(dtype, c.b), io.input(dtype, kMat), io.input(dtype, g), p, q, d, c.lengthscale, pdA, pdB, pSums);
          return { dA: io.read(dtype, pdA, p * d), dB: io.read(dtype, pdB, q * d), sums: io.read(dtype, pSums, 2) };
        });
        const label = `${p}x${q} d=${d}`;
        expect(normwiseError(actual.dA, dA), `dA ${label}`).toBeLessThan(TOLERANCE[dtype]);
        expect(normwiseError(actual.dB, dB), `dB ${label}`).toBeLessThan(TOLERANCE[dtype]);
        // Sums of p q terms of both signs: their error is measured against the sum of the terms' magnitudes.
        const scale = sumMagnitudes(c, kMat, g);
        const expectedSums = typed(dtype, [sums.dLogVariance, sums.dLogLengthscale]);
        expect(Math.abs(actual.sums[0] - expectedSums[0]) / scale.h, `d log variance ${label}`).toBeLessThan(TOLERANCE[dtype]);
        expect(Math.abs(actual.sums[1] - expectedSums[1]) / scale.hr2, `d log lengthscale ${label}`).toBeLessThan(TOLERANCE[dtype]);
      }
    });
  }

  it('far-apart points give exactly 0, as in the TypeScript kernel', () => {
    const a = [0, 0];
    const b = [100, 0, 0.5, 0];
    const out = inArena(k, (io) => {
      const kp = io.garbage('f64', 2);
      k.f64.rbf(io.input('f64', a), io.input('f64', b), kp, 1, 2, 2, 1, 0.1);
      return Array.from(io.read('f64', kp, 2));
    });
    const expected = new Float64Array(2);
    rbfInto(Float64Array.from(a), Float64Array.from(b), expected, 1, 2, 2, 1, 0.1);
    expect(out[0]).toBe(0);
    expect(out[1]).toBeCloseTo(expected[1], 15);
  });
});
