/**
 * Probability distributions with log-densities built from engine ops, so gradients flow to the
 * value and to every tensor parameter, and reparameterised samplers where one exists.
 *
 * Reparameterisation (Kingma & Welling 2014, "Auto-encoding variational Bayes", Sec. 2.4): a
 * draw is written as a differentiable function of the parameters and of parameter-free noise,
 * x = g(theta, eps), so d/dtheta E[f(x)] = E[f'(g(theta, eps)) dg/dtheta] can be estimated from
 * the same draws. Normal: loc + scale eps; LogNormal: exp of that; HalfNormal: scale |eps|;
 * SoftLaplace: loc + scale F^{-1}(u). Gamma, Bernoulli and Poisson have no such path here and
 * their samplers return constants (used to generate data, never differentiated).
 *
 * Parameters are `Param = Tensor | number`; a number parameter is folded in JavaScript (see
 * param.ts), so a fixed prior like Normal(0, 1) spends no ops on its parameters. Shapes
 * broadcast as NumPy does;
 * `logProb` returns the elementwise log-density (sum it for a joint). As in NumPyro with
 * validate_args off, values outside the support are not checked.
 */
import type { Backend, FloatDType, Tensor } from '../tensor';
import type { Shape } from '../shape';
import { sizeOf } from '../shape';
import * as E from '../ops';
import type { Key } from '../random';
import { uniform } from '../random';
import type { Param } from './param';
import * as P from './param';
import { gammaSamples } from '../data/gamma';

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);
const LOG_2_OVER_PI = Math.log(2 / Math.PI);

export interface Distribution {
  /** Elementwise log-density (or log-mass) at `value`, broadcast against the parameters. */
  logProb(value: Tensor): Tensor;
}

/** Where a sampler puts its draws when no parameter is a tensor to copy the placement from. */
export interface SampleOptions {
  backend?: Backend;
  dtype?: FloatDType;
}

export interface Sampleable {
  /** Draws of the given shape (parameters broadcast against it). */
  sample(key: Key, shape: Shape, options?: SampleOptions): Tensor;
  /** True when `sample` is a differentiable function of the parameters (reparameterised). */
  readonly reparameterized: boolean;
}

function standardNormal(params: readonly Param[], key: Key, shape: Shape, options?: SampleOptions): Tensor {
  const { backend, dtype } = P.placement(params, options);
  return backend.randomNormal(key, shape, dtype);
}

function fromValues(params: readonly Param[], values: ArrayLike<number>, shape: Shape, options?: SampleOptions): Tensor {
  const { backend, dtype } = P.placement(params, options);
  return E.tensor(values, shape, { backend, dtype });
}

/** The log-density as a tensor: every value term is a tensor op, so a number here would mean a constant density; broadcast it to the value's shape. */
function result(x: Param, value: Tensor): Tensor {
  return typeof x === 'number' ? E.affine(E.zerosLike(value), 1, x) : x;
}

/** Normal(loc, scale): log p(x) = -((x - loc) / scale)^2 / 2 - log scale - log(2 pi) / 2. */
export class Normal implements Distribution, Sampleable {
  readonly reparameterized = true;
  constructor(
    readonly loc: Param,
    readonly scale: Param,
  ) {}

  logProb(x: Tensor): Tensor {
    const z = P.div(P.sub(x, this.loc), this.scale) as Tensor;
    const c = P.add(P.log(this.scale), HALF_LOG_2PI);
    return result(P.sub(E.affine(E.square(z), -0.5), c), x);
  }

  /** loc + scale eps, eps ~ N(0, 1) from `key`. */
  sample(key: Key, shape: Shape, options?: SampleOptions): Tensor {
    const eps = standardNormal([this.loc, this.scale], key, shape, options);
    return P.add(this.loc, P.mul(this.scale, eps)) as Tensor;
  }
}

/** HalfNormal(scale) on x >= 0: log p(x) = log(2) - log(2 pi)/2 - log scale - (x / scale)^2 / 2. */
export class HalfNormal implements Distribution, Sampleable {
  readonly reparameterized = true;
  constructor(readonly scale: Param) {}

  logProb(x: Tensor): Tensor {
    const z = P.div(x, this.scale) as Tensor;
    const c = P.add(P.log(this.scale), HALF_LOG_2PI - Math.LN2);
    return result(P.sub(E.affine(E.square(z), -0.5), c), x);
  }

  /** scale |eps|, eps ~ N(0, 1). */
  sample(key: Key, shape: Shape, options?: SampleOptions): Tensor {
    const eps = standardNormal([this.scale], key, shape, options);
    return P.mul(this.scale, E.abs(eps)) as Tensor;
  }
}

/** LogNormal(loc, scale): log x ~ Normal(loc, scale); log p(x) = Normal(loc, scale).logProb(log x) - log x. */
export class LogNormal implements Distribution, Sampleable {
  readonly reparameterized = true;
  private readonly base: Normal;
  constructor(
    readonly loc: Param,
    readonly scale: Param,
  ) {
    this.base = new Normal(loc, scale);
  }

  logProb(x: Tensor): Tensor {
    const lx = E.log(x);
    return E.sub(this.base.logProb(lx), lx);
  }

  /** exp(loc + scale eps). */
  sample(key: Key, shape: Shape, options?: SampleOptions): Tensor {
    return E.exp(this.base.sample(key, shape, options));
  }

  /** E[x] = exp(loc + scale^2 / 2) (numbers only). */
  static mean(loc: number, scale: number): number {
    return Math.exp(loc + 0.5 * scale * scale);
  }

  /** sd[x] = E[x] sqrt(exp(scale^2) - 1) (numbers only). */
  static sd(loc: number, scale: number): number {
    return LogNormal.mean(loc, scale) * Math.sqrt(Math.expm1(scale * scale));
  }
}

/**
 * Gamma(concentration a, rate b) on x > 0:
 * log p(x) = a log b - lgamma(a) + (a - 1) log x - b x. The derivative in a is
 * log b - digamma(a) + log x, supplied by the engine's lgamma op.
 */
export class Gamma implements Distribution, Sampleable {
  readonly reparameterized = false;
  constructor(
    readonly concentration: Param,
    readonly rate: Param = 1,
  ) {}

  logProb(x: Tensor): Tensor {
    const a = this.concentration;
    const b = this.rate;
    // Terms of the parameters alone are formed at the parameters' shape, then broadcast once.
    const norm = P.sub(P.mul(a, P.log(b)), P.lgamma(a));
    const body = P.sub(P.mul(P.sub(a, 1), E.log(x)), P.mul(b, x)) as Tensor;
    return result(P.add(body, norm), x);
  }

  /** Marsaglia & Tsang (2000) draws for data generation; number parameters only, not differentiable. */
  sample(key: Key, shape: Shape, options?: SampleOptions): Tensor {
    const a = this.concentration;
    const b = this.rate;
    if (typeof a !== 'number' || typeof b !== 'number') throw new Error('Gamma.sample: only number parameters can be sampled (data generation)');
    const z = gammaSamples(key, sizeOf(shape), a);
    for (let i = 0; i < z.length; i++) z[i] /= b;
    return fromValues([], z, shape, options);
  }
}

/**
 * SoftLaplace(loc, scale): a smooth, heavier-than-Normal prior with density
 * (2/pi) / (scale (e^z + e^-z)), z = (x - loc) / scale, so
 * log p(x) = log(2/pi) - log scale - logaddexp(z, -z). Its CDF is (2/pi) atan(e^z).
 * logaddexp(z, -z) = log(2 cosh z) is one engine op (E.log2cosh) that never overflows, with
 * derivative tanh(z).
 */
export class SoftLaplace implements Distribution, Sampleable {
  readonly reparameterized = true;
  constructor(
    readonly loc: Param = 0,
    readonly scale: Param = 1,
  ) {}

  logProb(x: Tensor): Tensor {
    const z = P.div(P.sub(x, this.loc), this.scale) as Tensor;
    const c = P.sub(LOG_2_OVER_PI, P.log(this.scale));
    return result(P.sub(c, E.log2cosh(z)), x);
  }

  /** loc + scale log(tan(pi u / 2)), u uniform on (0, 1): the inverse CDF. */
  sample(key: Key, shape: Shape, options?: SampleOptions): Tensor {
    const n = sizeOf(shape);
    const u = uniform(key, n, 'f64');
    const z = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      // u = 0 has probability 2^-52 per draw; nudge it to the smallest positive step.
      const ui = u[i] > 0 ? u[i] : 2 ** -53;
      z[i] = Math.log(Math.tan((Math.PI * ui) / 2));
    }
    const eps = fromValues([this.loc, this.scale], z, shape, options);
    return P.add(this.loc, P.mul(this.scale, eps)) as Tensor;
  }
}

/**
 * Bernoulli from logits l: log p(y) = y l - softplus(l), the same as y log sigmoid(l) +
 * (1 - y) log sigmoid(-l) but without forming a probability, so it stays exact for |l| in the
 * hundreds (where sigmoid rounds to 0 or 1). One fused op with backward y - sigmoid(l) for l
 * and l for y.
 */
export class Bernoulli implements Distribution, Sampleable {
  readonly reparameterized = false;
  constructor(readonly logits: Tensor) {}

  logProb(y: Tensor): Tensor {
    return E.bernoulliLogitsLogProb(this.logits, y);
  }

  /** sigmoid(logits). */
  probs(): Tensor {
    return E.sigmoid(this.logits);
  }

  /** 1 where u < sigmoid(logits), else 0 (a constant: no gradient). */
  sample(key: Key, shape: Shape = this.logits.shape): Tensor {
    const u = this.logits.backend.randomUniform(key, shape, this.logits.dtype === 'i32' ? 'f64' : this.logits.dtype);
    return E.greater(E.stopGradient(E.sigmoid(this.logits)), u);
  }
}

/**
 * Poisson(rate) on k = 0, 1, 2, ...: log p(k) = k log rate - rate - lgamma(k + 1). Build it
 * from the log-rate with `Poisson.fromLogRate` when the model is linear in log-rate (the usual
 * case), which avoids an exp then a log.
 */
export class Poisson implements Distribution {
  private constructor(
    readonly rate: Param,
    readonly logRate: Param,
  ) {}

  static fromRate(rate: Param): Poisson {
    return new Poisson(rate, P.log(rate));
  }

  static fromLogRate(logRate: Param): Poisson {
    return new Poisson(P.exp(logRate), logRate);
  }

  logProb(k: Tensor): Tensor {
    const body = P.sub(P.mul(k, this.logRate), E.lgamma(E.affine(k, 1, 1))) as Tensor;
    return result(P.sub(body, this.rate), k);
  }
}
