/**
 * Central finite differences in float64, the independent truth every gradient is tested against.
 */
import type { Tensor } from '../tensor';
import type { TensorRecord } from '../autodiff';
import { tensor } from '../ops';
import { valueAndGrad } from '../grad';

export interface GradientCheck {
  /** Largest |analytic - numeric| / max(1, |numeric|) over all parameter entries. */
  maxError: number;
  worst: string;
}

/** Compares valueAndGrad(f) with central differences (step h) on every entry of every parameter. */
export function checkGradients<P extends TensorRecord>(f: (p: P) => Tensor, params: P, h = 1e-6): GradientCheck {
  const { grads } = valueAndGrad(f)(params);
  let maxError = 0;
  let worst = '';
  for (const name of Object.keys(params)) {
    const p = params[name];
    const base = p.dataSync();
    const analytic = grads[name].dataSync();
    for (let i = 0; i < base.length; i++) {
      const plus = Float64Array.from(base);
      const minus = Float64Array.from(base);
      plus[i] += h;
      minus[i] -= h;
      const fp = f({ ...params, [name]: tensor(plus, p.shape) }).item();
      const fm = f({ ...params, [name]: tensor(minus, p.shape) }).item();
      const numeric = (fp - fm) / (2 * h);
      const err = Math.abs(analytic[i] - numeric) / Math.max(1, Math.abs(numeric));
      if (!(err <= maxError)) {
        maxError = Number.isNaN(err) ? Infinity : err;
        worst = `${name}[${i}]: analytic ${analytic[i]}, numeric ${numeric}`;
      }
    }
  }
  return { maxError, worst };
}
