import { describe, expect, it } from 'vitest';
import * as E from '../ops';
import { adamInit, adamUpdate } from './adam';
import { exponentialDecay } from './schedules';

describe('AdamW (optax.adamw semantics)', () => {
  it('two updates with decoupled weight decay, against a hand computation', () => {
    const [lr, b1, b2, eps, wd] = [0.01, 0.9, 0.999, 1e-8, 1e-4];
    let params = { w: E.tensor([0.5, -2]) };
    let state = adamInit(params);
    const grads = [
      [0.3, -1.2],
      [-0.1, 0.4],
    ];
    // optax.adamw: m, v moments; update = -lr (m̂ / (sqrt(v̂) + eps) + wd p), decay applied to the
    // parameter before this update (not added to the gradient, so it is not rescaled by v̂).
    const p = [0.5, -2];
    const m = [0, 0];
    const v = [0, 0];
    for (let t = 1; t <= 2; t++) {
      ({ params, state } = adamUpdate(params, { w: E.tensor(grads[t - 1]) }, state, { learningRate: lr, weightDecay: wd }));
      for (let i = 0; i < 2; i++) {
        const g = grads[t - 1][i];
        m[i] = b1 * m[i] + (1 - b1) * g;
        v[i] = b2 * v[i] + (1 - b2) * g * g;
        const mHat = m[i] / (1 - b1 ** t);
        const vHat = v[i] / (1 - b2 ** t);
        p[i] = p[i] - lr * (mHat / (Math.sqrt(vHat) + eps) + wd * p[i]);
      }
      Array.from(params.w.dataSync()).forEach((x, i) => expect(x).toBeCloseTo(p[i], 15));
    }
    // The first update of Adam moves each entry by lr sign(g) (m̂ / sqrt(v̂) = g / |g|), plus the decay.
    expect(state.count).toBe(2);
  });

  it('with a zero gradient only the decay acts: p <- p (1 - lr wd)', () => {
    let params = { w: E.tensor([3, -1]) };
    let state = adamInit(params);
    ({ params, state } = adamUpdate(params, { w: E.tensor([0, 0]) }, state, { learningRate: 0.1, weightDecay: 0.5 }));
    Array.from(params.w.dataSync()).forEach((x, i) => expect(x).toBeCloseTo([3, -1][i] * (1 - 0.05), 15));
  });

  it('the elasticity recipe rate 0.01 * 0.99^(t/1000) floored at 1e-5, used from update 0', () => {
    const lr = exponentialDecay({ init: 0.01, decayRate: 0.99, transitionSteps: 1000, endValue: 1e-5 });
    expect(lr(0)).toBe(0.01);
    expect(lr(500)).toBeCloseTo(0.01 * Math.pow(0.99, 0.5), 17);
    expect(lr(3000)).toBeCloseTo(0.01 * 0.99 ** 3, 17);
    // 0.99^(t/1000) = 1e-3 at t = 1000 ln(1e-3) / ln(0.99) ~ 687,300: the floor holds from there on.
    const tFloor = (1000 * Math.log(1e-3)) / Math.log(0.99);
    expect(lr(Math.floor(tFloor) - 1000)).toBeGreaterThan(1e-5);
    expect(lr(Math.ceil(tFloor))).toBe(1e-5);
    expect(lr(1e7)).toBe(1e-5);
    // optax counts updates from 0: the first update uses init.
    let params = { w: E.tensor([1]) };
    let state = adamInit(params);
    ({ params, state } = adamUpdate(params, { w: E.tensor([2]) }, state, { learningRate: lr }));
    // m̂ = g and sqrt(v̂) = |g| = 2 after one update.
    expect(params.w.item()).toBeCloseTo(1 - 0.01 * (2 / (2 + 1e-8)), 15);
  });
});
