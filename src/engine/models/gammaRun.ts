/**
 * Training the Gamma-concentration guide: Trace ELBO with K reparameterised particles, Adam.
 * One class used by the worker, the CLI and the tests alike. A step returns its loss as a
 * tensor, so that a GPU run never waits for a readback inside a step: read it when convenient
 * (`await loss.data()`, or `loss.item()` on the cpu backend).
 */
import type { Backend, FloatDType, Tensor } from '../tensor';
import * as E from '../ops';
import { valueAndGrad } from '../grad';
import { RecordedAdam } from '../optim/recordedAdam';
import type { Key } from '../random';
import { traceElbo } from '../prob/elbo';
import type { LogNormalGuideParams } from './gamma';
import { GAMMA_DEFAULTS, LogNormalGuide, gammaModel, logNormalSummary } from './gamma';
import { F32_MAX, outsideFloat32 } from '../float32Range';

export interface GammaRunConfig {
  /** Observations z_i > 0. */
  data: Float64Array;
  /** Key of the particle stream; step t uses foldIn(key, t). */
  key: Key;
  particles?: number;
  learningRate?: number;
  backend?: Backend;
  dtype?: FloatDType;
  /** Record the step once and replay it (cpu; default true). */
  replay?: boolean;
}

const guide = new LogNormalGuide();

/**
 * Refuses data that float32 cannot carry through the model: each value and the sum of the
 * values (the likelihood's sufficient statistic, sum z) must be finite and normal in float32,
 * else the first loss is already NaN and no learning rate helps.
 */
function checkFloat32(data: Float64Array): void {
  const bad = outsideFloat32(data);
  let sum = 0;
  for (let i = 0; i < data.length; i++) sum += data[i];
  const where = bad ? `value ${bad.index + 1} of the data, ${bad.value.toPrecision(3)}, is` : sum > F32_MAX ? `the sum of the data, ${sum.toPrecision(3)}, is` : null;
  if (where) {
    throw new RangeError(
      `These data cannot be trained in float32, which this backend computes in: ${where} outside float32's range (about 1.2e-38 to 3.4e38). ` +
        'The CPU computes in float64 and trains on them.',
    );
  }
}

/** -ELBO [] for given guide parameters, data tensor, particle key and particle count. */
function negativeElbo(params: LogNormalGuideParams, z: Tensor, k: Key, particles: number): Tensor {
  return E.neg(traceElbo({ model: gammaModel, guide, params, data: z, key: k, particles }).elbo);
}

const lossAndGrad = valueAndGrad(negativeElbo);

export class GammaRun {
  readonly n: number;
  readonly particles: number;
  readonly learningRate: number;
  private readonly z: Tensor;
  /** Adam, one recorded step per update: its inputs are this step's particle key and Adam's hyperparameters. */
  private readonly adam: RecordedAdam<LogNormalGuideParams>;

  constructor(config: GammaRunConfig) {
    for (let i = 0; i < config.data.length; i++) {
      if (!(config.data[i] > 0) || !Number.isFinite(config.data[i])) throw new RangeError(`Gamma data must be positive and finite; value ${i + 1} is ${config.data[i]}`);
    }
    const o = { backend: config.backend, dtype: config.dtype ?? 'f64' };
    if (o.dtype === 'f32') checkFloat32(config.data);
    this.n = config.data.length;
    this.z = E.tensor(config.data, [this.n], o);
    this.particles = config.particles ?? GAMMA_DEFAULTS.particles;
    this.learningRate = config.learningRate ?? GAMMA_DEFAULTS.learningRate;
    this.adam = new RecordedAdam(this.z.backend, guide.init(o), { learningRate: this.learningRate, key: config.key, replay: config.replay }, (params, k) =>
      lossAndGrad(params, this.z, k, this.particles),
    );
  }

  /** Updates applied so far. */
  get steps(): number {
    return this.adam.steps;
  }

  /** The guide's current parameters. */
  get params(): LogNormalGuideParams {
    return this.adam.params;
  }

  /** One Adam step on the K-particle negative ELBO; returns that loss [] before the update (a tensor: read it when convenient). */
  step(): Tensor {
    return this.adam.step();
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
    this.adam.dispose();
    this.z.dispose();
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
