import { describe, expect, it } from 'vitest';
import type { Tensor } from '../tensor';
import * as E from '../ops';
import { valueAndGrad } from '../grad';
import { expTransform, softplusTransform } from './transforms';

const xs = [-30, -4, -0.5, 0, 0.3, 2, 25];

describe.each([expTransform, softplusTransform])('$name transform', (tr) => {
  it('maps onto positive values and inverts (tensor and number forms agree)', () => {
    const y = tr.forward(E.tensor(xs)).dataSync();
    const back = tr.inverse(E.tensor(y)).dataSync();
    xs.forEach((x, i) => {
      expect(y[i]).toBeGreaterThan(0);
      expect(y[i]).toBe(tr.forwardNumber(x));
      expect(Math.abs(back[i] - x)).toBeLessThan(1e-12 * Math.max(1, Math.abs(x)));
      expect(Math.abs(tr.inverseNumber(y[i]) - x)).toBeLessThan(1e-12 * Math.max(1, Math.abs(x)));
    });
  });

  it('log|Jacobian| equals log of the autodiff derivative, and of a central difference', () => {
    const jac = tr.logAbsDetJacobian(E.tensor(xs)).dataSync();
    xs.forEach((x, i) => {
      const d = valueAndGrad((p: { x: Tensor }) => E.sum(tr.forward(p.x)))({ x: E.scalar(x) }).grads.x.item();
      expect(Math.abs(jac[i] - Math.log(d))).toBeLessThan(1e-12 * Math.max(1, Math.abs(jac[i])));
      expect(jac[i]).toBe(tr.logAbsDetJacobianNumber(x));
      if (Math.abs(x) < 5) {
        const h = 1e-5;
        const fd = (tr.forwardNumber(x + h) - tr.forwardNumber(x - h)) / (2 * h);
        expect(Math.abs(Math.exp(jac[i]) - fd)).toBeLessThan(1e-8);
      }
    });
  });
});

describe('closed forms', () => {
  it('softplus log|J| is log sigmoid, and its inverse is log(e^y - 1)', () => {
    for (const x of [-3, 0, 1.5]) expect(softplusTransform.logAbsDetJacobianNumber(x)).toBeCloseTo(Math.log(1 / (1 + Math.exp(-x))), 14);
    for (const y of [0.1, 1, 5]) expect(softplusTransform.inverseNumber(y)).toBeCloseTo(Math.log(Math.exp(y) - 1), 13);
    // The notebooks' initial scale 0.1 and its raw value: softplus(-2.2521684610440903) = 0.1.
    expect(softplusTransform.forwardNumber(softplusTransform.inverseNumber(0.1))).toBeCloseTo(0.1, 16);
    expect(softplusTransform.inverseNumber(0.1)).toBeCloseTo(-2.2521684610440903, 14);
  });
});
