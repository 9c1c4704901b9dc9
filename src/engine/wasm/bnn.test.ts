// The WebAssembly likelihood kernel of the Bayesian network (assembly/bnn.ts) against the
// TypeScript reference (bnnLogLikelihoodInto), terms and gradients, over the sizes where its
// blocks and vector lanes split unevenly and over widths that take each of its paths: one input,
// an odd number of inputs (the forward pass takes them two at a time), and layers of more than
// four units above a hidden layer (the backward pass takes up to four errors at a time).
import { beforeAll, describe, expect, it } from 'vitest';
import type { WasmDType, WasmKernels } from './kernels';
import { bnnLogLikelihoodInto } from '../ops/bnnElbo/cpu';
import { bnnParameterCount } from '../ops/bnnElbo/layout';
import { randomValues } from '../testing/fixtures';
import { DTYPES, TOLERANCE, freshKernels, inArena, normwiseError, typed } from './testHarness';

let k: WasmKernels;
beforeAll(async () => {
  k = await freshKernels();
});

interface Case {
  widths: number[];
  n: number;
  k: number;
}

const CASES: Case[] = [
  ...[1, 3, 17, 257, 420, 980].map((n) => ({ widths: [2, 4, 3, 1], n, k: 1 })),
  { widths: [2, 4, 3, 1], n: 65, k: 3 },
  { widths: [1, 1], n: 3, k: 1 },
  { widths: [2, 1, 1], n: 17, k: 2 },
  { widths: [2, 3, 6, 1], n: 65, k: 2 },
  { widths: [5, 7, 2, 1], n: 129, k: 1 },
  { widths: [3, 2, 4, 1], n: 33, k: 1 },
];

/** terms[3p] and dz[3pD..3pD+D) for each draw p, from the kernel (withGrad: dz as well). */
function viaWasm(dtype: WasmDType, c: Case, z: ArrayLike<number>, x: ArrayLike<number>, y: ArrayLike<number>, withGrad: boolean): { terms: number[]; grads: number[][] } {
  const d = bnnParameterCount(c.widths);
  const pWidths = k.allocArray('i32', c.widths.length);
  try {
    k.i32View().set(c.widths, pWidths >>> 2);
    return inArena(k, (io) => {
      const pt = io.garbage(dtype, 3 * c.k);
      const pd = withGrad ? io.garbage(dtype, 3 * c.k * d) : 0;
      k.kernels(dtype).bnnLogLikelihood(io.input(dtype, z), io.input(dtype, x), io.input(dtype, y), c.n, pWidths, c.widths.length - 1, c.k, pt, pd);
      const terms = io.read(dtype, pt, 3 * c.k);
      const dz = withGrad ? io.read(dtype, pd, 3 * c.k * d) : new Float64Array(0);
      return {
        terms: Array.from({ length: c.k }, (_, p) => terms[3 * p]),
        grads: withGrad ? Array.from({ length: c.k }, (_, p) => Array.from(dz.subarray(3 * p * d, 3 * p * d + d))) : [],
      };
    });
  } finally {
    k.free(pWidths);
  }
}

describe('bnnLogLikelihood (WebAssembly) against the TypeScript kernel', () => {
  for (const dtype of DTYPES) {
    it(`${dtype}: terms and gradients for every size and width`, () => {
      CASES.forEach((c, i) => {
        const d = bnnParameterCount(c.widths);
        // Weights up to 2.5 and inputs up to 3: pre-activations spread over tanh's whole range.
        const z = typed(dtype, randomValues(c.k * d, 100 + i, -2.5, 2.5));
        const x = typed(dtype, randomValues(c.n * c.widths[0], 200 + i, -3, 3));
        const y = typed(dtype, Array.from(randomValues(c.n, 300 + i), (u) => (u > 0 ? 1 : 0)));
        const terms = new Float64Array(3 * c.k);
        const dz = new Float64Array(3 * c.k * d);
        bnnLogLikelihoodInto(Float64Array.from(z), Float64Array.from(x), Float64Array.from(y), c.n, c.widths, c.k, terms, dz);
        const label = `widths ${c.widths}, n = ${c.n}, K = ${c.k}`;
        for (const withGrad of [true, false]) {
          const got = viaWasm(dtype, c, z, x, y, withGrad);
          for (let p = 0; p < c.k; p++) {
            expect(normwiseError([got.terms[p]], [terms[3 * p]]), `${label}, draw ${p}`).toBeLessThan(TOLERANCE[dtype]);
            if (withGrad) expect(normwiseError(got.grads[p], dz.subarray(3 * p * d, 3 * p * d + d)), `${label}, gradient ${p}`).toBeLessThan(TOLERANCE[dtype]);
          }
        }
      });
    });
  }
});
