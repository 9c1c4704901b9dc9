import { describe, expect, it } from 'vitest';
import * as E from '../ops';
import { valueAndGrad } from '../grad';
import type { Tensor } from '../tensor';
import { sgdInit, sgdUpdate } from './sgd';
import { ReduceOnPlateau, linearWarmup } from './schedules';

const values = (t: Tensor) => Array.from(t.dataSync());

describe('sgdUpdate', () => {
  it('theta - lr * g on every parameter, without touching the inputs', () => {
    const params = { a: E.tensor([1, 2]), b: E.tensor([3, -4, 5, 6], [2, 2]) };
    const grads = { a: E.tensor([0.5, -1]), b: E.tensor([1, 1, -2, 0], [2, 2]) };
    const { params: next, state } = sgdUpdate(params, grads, sgdInit(), { learningRate: 0.1 });
    expect(values(next.a)).toEqual([1 - 0.05, 2 + 0.1]);
    expect(values(next.b)).toEqual([3 - 0.1, -4 - 0.1, 5 + 0.2, 6]);
    expect(next.b.shape).toEqual([2, 2]);
    expect(state.count).toBe(1);
    expect(values(params.a)).toEqual([1, 2]);
  });

  it('reads the schedule at the 0-based update index and multiplies by the scale', () => {
    const lr = linearWarmup({ peak: 1, warmupSteps: 4 }); // 0, 0.25, 0.5, ...
    let params = { x: E.tensor([1]) };
    let state = sgdInit();
    const g = { x: E.tensor([2]) };
    const seen: number[] = [];
    for (let t = 0; t < 3; t++) {
      ({ params, state } = sgdUpdate(params, g, state, { learningRate: lr }, 0.5));
      seen.push(params.x.item());
    }
    // x -= 0.5 * lr(t) * 2 = lr(t): 1 - 0, 1 - 0.25, 0.75 - 0.5.
    expect(seen).toEqual([1, 0.75, 0.25]);
  });

  it('chains with ReduceOnPlateau through the scale argument', () => {
    const plateau = new ReduceOnPlateau({ patience: 1, factor: 0.5 });
    let params = { x: E.tensor([0]) };
    let state = sgdInit();
    const g = { x: E.tensor([-1]) };
    const xs: number[] = [];
    for (let t = 0; t < 4; t++) {
      // A flat loss: the first call sets the best, each later call halves the scale.
      ({ params, state } = sgdUpdate(params, g, state, { learningRate: 1 }, plateau.update(3)));
      xs.push(params.x.item());
    }
    expect(xs).toEqual([1, 1.5, 1.75, 1.875]);
  });

  it('matches the closed form of gradient descent on a separable quadratic', () => {
    // f(x) = 1/2 sum w_i (x_i - c_i)^2: x_t - c = (1 - lr w)^t (x_0 - c) exactly.
    const w = [0.5, 1, 3];
    const c = [1, -2, 0.25];
    const wt = E.tensor(w);
    const ct = E.tensor(c);
    const f = (p: { x: Tensor }) => E.mul(E.sum(E.mul(wt, E.square(E.sub(p.x, ct)))), 0.5);
    const vg = valueAndGrad(f);
    let params = { x: E.zeros([3]) };
    let state = sgdInit();
    const lr = 0.2;
    for (let t = 0; t < 25; t++) ({ params, state } = sgdUpdate(params, vg(params).grads, state, { learningRate: lr }));
    const x = values(params.x);
    for (let i = 0; i < 3; i++) expect(x[i]).toBeCloseTo(c[i] + (1 - lr * w[i]) ** 25 * (0 - c[i]), 13);
  });

  it('refuses a missing gradient', () => {
    const params = { a: E.tensor([1]), b: E.tensor([2]) };
    expect(() => sgdUpdate(params, { a: E.tensor([1]) } as unknown as typeof params, sgdInit(), { learningRate: 1 })).toThrow(/"b"/);
  });
});
