// The cpu backend's elementwise maps, sums, broadcasts and transposes in WebAssembly against its
// TypeScript loops (the reference), float64 and float32, on the notebooks' shapes and awkward ones.
import { afterAll, describe, expect, it } from 'vitest';
import type { BinaryOp, FloatDType, Tensor, UnaryOp } from '../tensor';
import * as E from '../ops';
import { cpu } from './backend';
import { disableWasmKernels, enableWasmKernels } from './wasm';
import { randomValues } from '../testing/fixtures';
import { elementwiseError, normwiseError } from '../wasm/testHarness';

afterAll(async () => {
  await enableWasmKernels();
});

/** The values of f() computed with the WebAssembly kernels and with the TypeScript loops. */
async function both(f: () => Tensor): Promise<[Float64Array, Float64Array]> {
  expect((await enableWasmKernels()).ok).toBe(true);
  const wasm = Float64Array.from(f().dataSync());
  disableWasmKernels();
  const ts = Float64Array.from(f().dataSync());
  await enableWasmKernels();
  return [wasm, ts];
}

function rand(shape: number[], dtype: FloatDType, seed: number, lo = -2, hi = 2): Tensor {
  return E.tensor(randomValues(shape.reduce((a, b) => a * b, 1), seed, lo, hi), shape, { dtype });
}

const SHAPES: [number[], number[]][] = [
  [[50, 200], [50, 200]],
  [[50, 200], []],
  [[], [50, 1]],
  [[50, 200], [200]],
  [[50, 200], [50, 1]],
  [[1, 17], [3, 1]],
  [[257], [257]],
  [[3], [1]],
  [[2, 3, 4], [4]],
];

describe('elementwise WebAssembly kernels against the TypeScript loops', () => {
  for (const dtype of ['f64', 'f32'] as const) {
    it(`${dtype}: binary ops with broadcasting, bit for bit`, async () => {
      let seed = 1;
      for (const [sa, sb] of SHAPES) {
        for (const op of ['add', 'sub', 'mul', 'div', 'maximum', 'minimum', 'greater'] as BinaryOp[]) {
          const a = rand(sa, dtype, seed++);
          const b = rand(sb, dtype, seed++);
          const [w, t] = await both(() => cpu.binary(op, a, b));
          expect(elementwiseError(w, t), `${op} [${sa}] [${sb}]`).toBe(0);
        }
      }
    });

    it(`${dtype}: maps`, async () => {
      const tol = dtype === 'f64' ? 1e-14 : 2e-6;
      for (const op of ['neg', 'abs', 'square', 'sqrt', 'reciprocal', 'exp', 'tanh', 'sigmoid', 'softplus'] as UnaryOp[]) {
        for (const n of [1, 3, 17, 257, 10000]) {
          const x = rand([n], dtype, n, op === 'sqrt' ? 0 : -30, 30);
          const [w, t] = await both(() => cpu.unary(op, x));
          expect(elementwiseError(w, t), `${op} n=${n}`).toBeLessThan(tol);
        }
      }
    });

    it(`${dtype}: sums over leading or trailing axes, broadcasts and transposes`, async () => {
      const tol = dtype === 'f64' ? 1e-13 : 2e-6;
      const cases: [number[], number[]][] = [
        [[10000], [0]],
        [[50, 200], [0]],
        [[50, 200], [1]],
        [[50, 200], [0, 1]],
        [[3, 17, 5], [0, 1]],
        [[3, 17, 5], [2]],
        [[3, 17, 5], [1]],
        [[1], [0]],
      ];
      for (const [shape, axes] of cases) {
        const x = rand(shape, dtype, shape.length + axes.length);
        const [w, t] = await both(() => cpu.sum(x, axes));
        expect(normwiseError(w, t), `[${shape}] over ${axes}`).toBeLessThan(tol);
      }
      for (const [from, to] of [
        [[1, 1], [50, 50]],
        [[50, 1], [50, 200]],
        [[200], [50, 200]],
        [[3, 1], [2, 3, 4]],
      ]) {
        const x = rand(from, dtype, 7);
        const [w, t] = await both(() => cpu.expand(x, to));
        expect(elementwiseError(w, t), `[${from}] to [${to}]`).toBe(0);
      }
      for (const [m, n] of [
        [50, 50],
        [1, 17],
        [257, 3],
        [33, 70],
      ]) {
        const x = rand([m, n], dtype, m + n);
        const [w, t] = await both(() => cpu.transpose(x));
        expect(elementwiseError(w, t), `${m}x${n}`).toBe(0);
      }
    });
  }
});
