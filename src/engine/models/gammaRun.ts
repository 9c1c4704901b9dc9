/**
 * Training the Gamma-concentration guide: Trace ELBO with K reparameterised particles, Adam.
 * One class used by the worker, the CLI and the tests alike. A step returns its loss as a
 * tensor, so that a GPU run never waits for a readback inside a step: read it when convenient
 * (`await loss.data()`, or `loss.item()` on the cpu backend).
 */
import type { Backend, FloatDType, Tensor } from '../tensor';
import { tidy } from '../tensor';
import * as E from '../ops';
import { valueAndGrad } from '../grad';
import type { AdamState } from '../optim/adam';
import { adamInit, adamUpdate, disposeAdam } from '../optim/adam';
import type { Key } from '../random';
import { foldIn } from '../random';
import { traceElbo } from '../prob/elbo';
import type { LogNormalGuideParams } from './gamma';
import { GAMMA_DEFAULTS, LogNormalGuide, gammaModel, logNormalSummary } from './gamma';

export interface GammaRunConfig {
  /** Observations z_i > 0. */
  data: Float64Array;
  /** Key of the particle stream; step t uses foldIn(key, t). */
  key: Key;
  particles?: number;
  learningRate?: number;
  backend?: Backend;
  dtype?: FloatDType;
}

const guide = new LogNormalGuide();

/** -ELBO [] for given guide parameters, data tensor, particle key and particle count. */
function negativeElbo(params: LogNormalGuideParams, z: Tensor, k: Key, particles: number): Tensor {
  return E.neg(traceElbo({ model: gammaModel, guide, params, data: z, key: k, particles }).elbo);
}

const lossAndGrad = valueAndGrad(negativeElbo);

export class GammaRun {
  readonly n: number;
  readonly particles: number;
  readonly learningRate: number;
  params: LogNormalGuideParams;
  private opt: AdamState<LogNormalGuideParams>;
  private readonly z: Tensor;
  private readonly key: Key;
  /** Updates applied so far. */
  steps = 0;

  constructor(config: GammaRunConfig) {
    for (let i = 0; i < config.data.length; i++) {
      if (!(config.data[i] > 0) || !Number.isFinite(config.data[i])) throw new RangeError(`Gamma data must be positive and finite; value ${i + 1} is ${config.data[i]}`);
    }
    const o = { backend: config.backend, dtype: config.dtype ?? 'f64' };
    this.n = config.data.length;
    this.z = E.tensor(config.data, [this.n], o);
    this.key = config.key;
    this.particles = config.particles ?? GAMMA_DEFAULTS.particles;
    this.learningRate = config.learningRate ?? GAMMA_DEFAULTS.learningRate;
    this.params = guide.init(o);
    this.opt = adamInit(this.params);
  }

  /** One Adam step on the K-particle negative ELBO; returns that loss [] before the update (a tensor: read it when convenient). */
  step(): Tensor {
    const { loss, params, opt } = tidy(() => {
      const { value, grads } = lossAndGrad(this.params, this.z, foldIn(this.key, this.steps), this.particles);
      const next = adamUpdate(this.params, grads, this.opt, { learningRate: this.learningRate });
      return { loss: value, params: next.params, opt: next.state };
    });
    this.disposeState();
    this.params = params;
    this.opt = opt;
    this.steps++;
    return loss;
  }

  /** The current guide: loc and scale of log a, and the mean and sd of q(a) (synchronous: cpu backend only). */
  summary(): GuideSummary {
    return guideSummary(this.params.loc.item(), this.params.logScale.item());
  }

  /** The current guide, read back asynchronously (any backend). */
  async read(): Promise<GuideSummary> {
    const [loc, logScale] = await Promise.all([this.params.loc.data(), this.params.logScale.data()]);
    return guideSummary(loc[0], logScale[0]);
  }

  /** Frees every tensor the run holds (GPU memory); the run cannot step afterwards. */
  dispose(): void {
    this.disposeState();
    this.z.dispose();
  }

  private disposeState(): void {
    disposeAdam(this.params, this.opt);
  }
}

/** The guide q(a) = LogNormal(loc, scale) and its mean and standard deviation. */
export interface GuideSummary {
  loc: number;
  scale: number;
  mean: number;
  sd: number;
}

function guideSummary(loc: number, logScale: number): GuideSummary {
  const scale = Math.exp(logScale);
  return { loc, scale, ...logNormalSummary(loc, scale) };
}
