import { describe, expect, it } from 'vitest';
import type { Tensor } from '../tensor';
import * as E from '../ops';
import { checkGradients } from '../testing/finiteDifferences';
import { randomTensor } from '../testing/fixtures';

function weighted(y: Tensor): Tensor {
  const w = E.tensor(Array.from({ length: y.size }, (_, i) => Math.sin(1 + 1.7 * i)), [...y.shape]);
  return E.sum(E.mul(y, w));
}

function expectGradients<P extends Record<string, Tensor>>(f: (p: P) => Tensor, params: P): void {
  const r = checkGradients(f, params);
  expect(r.maxError, r.worst).toBeLessThan(1e-7);
}

/** act(x w + b) by plain loops, sharing nothing with the kernel. */
function denseReference(x: Float64Array, w: Float64Array, b: Float64Array, n: number, k: number, m: number, tanh: boolean): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      let s = b[j];
      for (let t = 0; t < k; t++) s += x[i * k + t] * w[t * m + j];
      out.push(tanh ? Math.tanh(s) : s);
    }
  }
  return out;
}

describe('fused dense layer', () => {
  for (const activation of ['linear', 'tanh'] as const) {
    it(`${activation}: forward equals the loops, gradients equal central differences`, () => {
      const [n, k, m] = [7, 3, 4];
      const x = randomTensor([n, k], 1, -2, 2);
      const w = randomTensor([k, m], 2);
      const b = randomTensor([m], 3);
      const out = E.dense(x, w, b, activation).dataSync();
      const ref = denseReference(x.dataSync() as Float64Array, w.dataSync() as Float64Array, b.dataSync() as Float64Array, n, k, m, activation === 'tanh');
      ref.forEach((r, i) => expect(Math.abs(out[i] - r)).toBeLessThan(1e-14));
      expectGradients((p) => weighted(E.dense(p.x, p.w, p.b, activation)), { x, w, b });
    });
  }

  it('chains into a small network whose gradients are still exact', () => {
    const x = randomTensor([5, 2], 4, -2, 2);
    const params = { w1: randomTensor([2, 4], 5), b1: randomTensor([4], 6), w2: randomTensor([4, 1], 7), b2: randomTensor([1], 8) };
    expectGradients((p) => weighted(E.dense(E.dense(x, p.w1, p.b1, 'tanh'), p.w2, p.b2)), params);
  });

  it('refuses shapes that do not fit', () => {
    expect(() => E.dense(randomTensor([3, 2], 1), randomTensor([3, 4], 2), randomTensor([4], 3))).toThrow(/do not fit/);
  });
});

describe('sliceFlat', () => {
  it('takes contiguous row-major blocks and sends gradients back to their positions', () => {
    const v = E.tensor([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(Array.from(E.sliceFlat(v, 2, [2, 3]).dataSync())).toEqual([2, 3, 4, 5, 6, 7]);
    expect(E.sliceFlat(v, 2, [2, 3]).shape).toEqual([2, 3]);
    const x = randomTensor([10], 9);
    expectGradients((p) => E.add(weighted(E.sliceFlat(p.x, 0, [2, 2])), E.sum(E.square(E.sliceFlat(p.x, 3, [6])))), { x });
    expect(() => E.sliceFlat(v, 8, [3])).toThrow(/outside/);
  });
});

describe('bernoulliLogitsLogProb', () => {
  it('equals y l - softplus(l) from generic ops where that is accurate, and is exact in the tails', () => {
    const l = E.tensor([-3, -0.5, 0, 0.5, 3]);
    const y = E.tensor([1, 0, 1, 0.25, 0]);
    const fused = E.bernoulliLogitsLogProb(l, y).dataSync();
    const generic = E.sub(E.mul(y, l), E.softplus(l)).dataSync();
    fused.forEach((v, i) => expect(Math.abs(v - generic[i])).toBeLessThan(1e-15));
    // -softplus(-40) for a confident correct label, which y l - softplus(l) would round to 0.
    expect(E.bernoulliLogitsLogProb(E.tensor([40, -40]), E.tensor([1, 0])).dataSync()[0]).toBe(-Math.log1p(Math.exp(-40)));
    expect(E.bernoulliLogitsLogProb(E.tensor([40, -40]), E.tensor([1, 0])).dataSync()[1]).toBe(-Math.log1p(Math.exp(-40)));
  });
});

describe('affine and log2cosh', () => {
  it('affine is a x + b with the gradient a, and skips identities', () => {
    const x = randomTensor([3, 2], 10);
    expect(Array.from(E.affine(x, -2, 0.5).dataSync())).toEqual(Array.from(x.dataSync(), (v) => -2 * v + 0.5));
    expect(E.affine(x, 1, 0)).toBe(x);
    expectGradients((p) => weighted(E.affine(p.x, -2, 0.5)), { x });
    expectGradients((p) => weighted(E.affine(p.x, 1, 3)), { x });
  });

  it('log2cosh is log(e^z + e^-z), finite far out, with derivative tanh', () => {
    const z = [-3, -0.2, 0, 0.7, 5];
    const v = E.log2cosh(E.tensor(z)).dataSync();
    z.forEach((zi, i) => expect(v[i]).toBeCloseTo(Math.log(Math.exp(zi) + Math.exp(-zi)), 14));
    expect(E.log2cosh(E.tensor([1000])).item()).toBe(1000);
    expectGradients((p) => weighted(E.log2cosh(p.z)), { z: E.tensor([-3, -0.2, 0.1, 0.7, 5]) });
  });
});

describe('dense on data', () => {
  it('gives the weights and biases exact gradients when x is a constant (no dx formed)', () => {
    const x = randomTensor([6, 3], 11, -2, 2);
    expectGradients((p) => weighted(E.dense(x, p.w, p.b, 'tanh')), { w: randomTensor([3, 2], 12), b: randomTensor([2], 13) });
  });

  it('handles input widths above the unrolled ones', () => {
    const x = randomTensor([4, 6], 14);
    const w = randomTensor([6, 2], 15);
    const b = randomTensor([2], 16);
    const out = E.dense(x, w, b, 'linear').dataSync();
    const ref = denseReference(x.dataSync() as Float64Array, w.dataSync() as Float64Array, b.dataSync() as Float64Array, 4, 6, 2, false);
    ref.forEach((r, i) => expect(Math.abs(out[i] - r)).toBeLessThan(1e-14));
    expectGradients((p) => weighted(E.dense(p.x, p.w, p.b, 'tanh')), { x, w, b });
  });
});
