// The WebAssembly dense layer, Bernoulli-logit log-mass and Adam(W) update against the
// TypeScript kernels (fused.ts, adam.ts). Where the WebAssembly kernel performs the same
// float64 operations in the same order, the results must agree to the last bit.
import { beforeAll, describe, expect, it } from 'vitest';
import type { AdamHyper } from '../ops/adamStep/adamStep';
import type { WasmDType, WasmKernels } from './kernels';
import { bernoulliLogitsBackwardInto, bernoulliLogitsInto } from '../ops/bernoulliLogits/cpu';
import { denseBackwardInto, denseInto } from '../ops/dense/cpu';
import { adamInto } from '../ops/adamStep/cpu';
import { randomValues } from '../testing/fixtures';
import { DTYPES, TOLERANCE, elementwiseError, freshKernels, inArena, normwiseError, typed, zeros } from './testHarness';

let k: WasmKernels;
beforeAll(async () => {
  k = await freshKernels();
});

/** [n, k, m]: the bnn notebook's layers (2-4-3-1 over about 1,000 points) and awkward shapes. */
const DENSE_SHAPES: [number, number, number][] = [
  [1000, 2, 4],
  [1000, 4, 3],
  [1000, 3, 1],
  [1, 1, 1],
  [3, 5, 3],
  [17, 3, 17],
  [257, 6, 9],
  [5, 0, 3],
  [0, 2, 4],
];

describe('dense', () => {
  for (const dtype of DTYPES) {
    for (const activation of ['linear', 'tanh'] as const) {
      it(`${dtype} ${activation}: forward and backward (with and without dx) against the TypeScript kernels`, () => {
        let seed = 1;
        for (const [n, kk, m] of DENSE_SHAPES) {
          const x = typed(dtype, randomValues(n * kk, seed++, -2, 2));
          const w = typed(dtype, randomValues(kk * m, seed++));
          const b = typed(dtype, randomValues(m, seed++));
          const g = typed(dtype, randomValues(n * m, seed++));
          const out = zeros(dtype, n * m);
          denseInto(x, w, b, out, n, kk, m, activation);
          const dx = zeros(dtype, n * kk);
          const dw = zeros(dtype, kk * m);
          const db = zeros(dtype, m);
          denseBackwardInto(x, w, out, g, n, kk, m, activation, dx, dw, db);
          const tanh = activation === 'tanh';
          const actual = inArena(k, (io) => {
            const px = io.input(dtype, x);
            const pw = io.input(dtype, w);
            const pOut = io.garbage(dtype, n * m);
            const kernels = k.kernels(dtype);
            kernels.dense(px, pw, io.input(dtype, b), pOut, n, kk, m, tanh);
            const forward = io.read(dtype, pOut, n * m);
            // The backward pass gets the TypeScript forward output, so the two backward kernels see equal inputs.
            const pRef = io.input(dtype, out);
            const pg = io.input(dtype, g);
            const [pdx, pdw, pdb] = [io.garbage(dtype, n * kk), io.garbage(dtype, kk * m), io.garbage(dtype, m)];
            kernels.denseBackward(px, pw, pRef, pg, n, kk, m, tanh, pdx, pdw, pdb);
            const withDx = { dx: io.read(dtype, pdx, n * kk), dw: io.read(dtype, pdw, kk * m), db: io.read(dtype, pdb, m) };
            const [qdw, qdb] = [io.garbage(dtype, kk * m), io.garbage(dtype, m)];
            kernels.denseBackward(px, pw, pRef, pg, n, kk, m, tanh, 0, qdw, qdb);
            return { forward, withDx, noDx: { dw: io.read(dtype, qdw, kk * m), db: io.read(dtype, qdb, m) } };
          });
          const label = `${n}x${kk} -> ${m}`;
          if (dtype === 'f64') {
            // Same operations in the same order: identical pre-activations, identical gradients.
            if (!tanh) expect(Array.from(actual.forward), label).toEqual(Array.from(out));
            expect(Array.from(actual.withDx.dx), label).toEqual(Array.from(dx));
            expect(Array.from(actual.withDx.dw), label).toEqual(Array.from(dw));
            expect(Array.from(actual.withDx.db), label).toEqual(Array.from(db));
          }
          // float64: the pre-activations are identical, so each output is tanh's few ulp from the reference.
          // float32 rounds after every product, so x w + b is compared normwise (it may cancel).
          const forwardError = dtype === 'f64' ? elementwiseError(actual.forward, out) : normwiseError(actual.forward, out);
          expect(forwardError, `forward ${label}`).toBeLessThan(TOLERANCE[dtype]);
          expect(normwiseError(actual.withDx.dx, dx), `dx ${label}`).toBeLessThan(TOLERANCE[dtype]);
          expect(normwiseError(actual.withDx.dw, dw), `dw ${label}`).toBeLessThan(TOLERANCE[dtype]);
          expect(normwiseError(actual.withDx.db, db), `db ${label}`).toBeLessThan(TOLERANCE[dtype]);
          expect(Array.from(actual.noDx.dw), label).toEqual(Array.from(actual.withDx.dw));
          expect(Array.from(actual.noDx.db), label).toEqual(Array.from(actual.withDx.db));
        }
      });
    }
  }
});

describe('bernoulliLogits', () => {
  /** Logits from confident to uncertain (both signs, up to the far tails) and labels 0, 1 and in between. */
  function inputs(n: number, seed: number): { l: number[]; y: number[] } {
    const scales = [0.1, 1, 5, 40, 800];
    const l = Array.from(randomValues(n, seed), (u, i) => u * scales[i % scales.length]);
    const y = Array.from(randomValues(n, seed + 1), (u, i) => (i % 3 === 2 ? (u + 1) / 2 : u > 0 ? 1 : 0));
    return { l, y };
  }

  for (const dtype of DTYPES) {
    it(`${dtype}: log-mass and its backward elementwise against the TypeScript kernels`, () => {
      for (const n of [0, 1, 3, 17, 257, 1000]) {
        const { l, y } = inputs(n, n + 3);
        const g = randomValues(n, n + 9);
        const [tl, ty, tg] = [typed(dtype, l), typed(dtype, y), typed(dtype, g)];
        const expected = zeros(dtype, n);
        bernoulliLogitsInto(tl, ty, expected);
        const expectedBack = zeros(dtype, n);
        bernoulliLogitsBackwardInto(tl, ty, tg, expectedBack);
        const actual = inArena(k, (io) => {
          const [pl, py] = [io.input(dtype, tl), io.input(dtype, ty)];
          const out = io.garbage(dtype, n);
          const back = io.garbage(dtype, n);
          k.kernels(dtype).bernoulliLogits(pl, py, out, n);
          k.kernels(dtype).bernoulliLogitsBackward(pl, py, io.input(dtype, tg), back, n);
          return { out: io.read(dtype, out, n), back: io.read(dtype, back, n) };
        });
        expect(elementwiseError(actual.out, expected), `n=${n}`).toBeLessThan(TOLERANCE[dtype]);
        expect(normwiseError(actual.back, expectedBack), `n=${n}`).toBeLessThan(TOLERANCE[dtype]);
      }
    });
  }

  it('keeps the tiny log-mass of a confident correct label (no cancellation)', () => {
    const out = inArena(k, (io) => {
      const o = io.garbage('f64', 2);
      k.f64.bernoulliLogits(io.input('f64', [40, -40]), io.input('f64', [1, 0]), o, 2);
      return Array.from(io.read('f64', o, 2));
    });
    expect(out[0]).toBeCloseTo(-4.248354255291589e-18, 30);
    expect(out[1]).toBeCloseTo(-4.248354255291589e-18, 30);
  });
});

describe('adam', () => {
  const hypers: AdamHyper[] = [
    { learningRate: 0.01, b1: 0.9, b2: 0.999, eps: 1e-8, step: 1, weightDecay: 0 },
    { learningRate: 0.003, b1: 0.8, b2: 0.99, eps: 1e-6, step: 250, weightDecay: 0.01 },
  ];

  function update(dtype: WasmDType, n: number, h: AdamHyper, seed: number) {
    const p = typed(dtype, randomValues(n, seed));
    const g = typed(dtype, randomValues(n, seed + 1));
    const m = typed(dtype, randomValues(n, seed + 2, -0.1, 0.1));
    const v = typed(dtype, randomValues(n, seed + 3, 0, 0.01));
    const actual = inArena(k, (io) => {
      const [pp, pg, pm, pv] = [io.input(dtype, p), io.input(dtype, g), io.input(dtype, m), io.input(dtype, v)];
      k.kernels(dtype).adam(pp, pg, pm, pv, n, h);
      return { p: io.read(dtype, pp, n), m: io.read(dtype, pm, n), v: io.read(dtype, pv, n) };
    });
    adamInto(p, g, m, v, h);
    return { actual, expected: { p, m, v } };
  }

  it('f64: bit for bit the TypeScript update (same operations, same order)', () => {
    for (const h of hypers) {
      for (const n of [0, 1, 3, 17, 257]) {
        const { actual, expected } = update('f64', n, h, n + 1);
        expect(Array.from(actual.p)).toEqual(Array.from(expected.p));
        expect(Array.from(actual.m)).toEqual(Array.from(expected.m));
        expect(Array.from(actual.v)).toEqual(Array.from(expected.v));
      }
    }
  });

  it('f32: within float32 rounding of the TypeScript update', () => {
    for (const h of hypers) {
      for (const n of [1, 3, 17, 257]) {
        const { actual, expected } = update('f32', n, h, n + 1);
        expect(normwiseError(actual.p, expected.p)).toBeLessThan(TOLERANCE.f32);
        expect(normwiseError(actual.m, expected.m)).toBeLessThan(TOLERANCE.f32);
        expect(normwiseError(actual.v, expected.v)).toBeLessThan(TOLERANCE.f32);
      }
    }
  });
});
