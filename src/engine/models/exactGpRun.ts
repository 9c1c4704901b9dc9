/**
 * A training run of the exact GP: Adam on the mean and the three raw hyperparameters, full
 * batch, the gradient on the chosen path. Used identically by the worker, the CLI, the size
 * sweep and the benchmarks. A step returns its loss and the three hyperparameters as tensors,
 * so that a GPU run never waits for a readback inside a step.
 */
import type { Backend, FloatDType, Tensor } from '../tensor';
import { tidy } from '../tensor';
import * as E from '../ops';
import { valueAndGrad } from '../grad';
import { adamInit, adamUpdate, disposeAdam } from '../optim/adam';
import type { AdamState } from '../optim/adam';
import type { GradientPath } from '../notebooks/exact-gp/settings';
import type { CurveData, ExactGpParams } from './exactGp';
import { EXACT_GP_DEFAULTS, exactGpHyperparameters, exactGpLoss, exactGpPredict, initExactGpParams } from './exactGp';

export interface ExactGpRunConfig {
  data: CurveData;
  path?: GradientPath;
  learningRate?: number;
  dtype?: FloatDType;
  backend?: Backend;
}

/** What one step measured, each []: the loss before the update, the hyperparameters after it. */
export interface ExactGpStep {
  loss: Tensor;
  outputscale: Tensor;
  lengthscale: Tensor;
  noise: Tensor;
  mean: Tensor;
}

const lossAndGrad = valueAndGrad(exactGpLoss);

export class ExactGpRun {
  readonly n: number;
  readonly path: GradientPath;
  readonly backend: Backend;
  readonly dtype: FloatDType;
  private readonly x: Tensor;
  private readonly y: Tensor;
  private readonly learningRate: number;
  params: ExactGpParams;
  private opt: AdamState<ExactGpParams>;
  /** Number of updates applied. */
  steps = 0;

  constructor(config: ExactGpRunConfig) {
    const { data } = config;
    if (data.n < 1) throw new RangeError('the exact GP needs at least one data point');
    this.backend = config.backend ?? E.getDefaultBackend();
    this.dtype = config.dtype ?? 'f64';
    this.n = data.n;
    this.path = config.path ?? EXACT_GP_DEFAULTS.path;
    this.learningRate = config.learningRate ?? EXACT_GP_DEFAULTS.learningRate;
    const o = { dtype: this.dtype, backend: this.backend };
    this.x = E.tensor(data.x, [data.n, 1], o);
    this.y = E.tensor(data.y, [data.n], o);
    this.params = initExactGpParams(o);
    this.opt = adamInit(this.params);
  }

  /** One Adam step on the full data: the loss [] evaluated before the update, and the hyperparameters after it. */
  step(): ExactGpStep {
    const { out, params, opt } = tidy(() => {
      const { value, grads } = lossAndGrad(this.params, this.x, this.y, this.path);
      const next = adamUpdate(this.params, grads, this.opt, { learningRate: this.learningRate });
      const h = exactGpHyperparameters(next.params);
      return { out: { loss: value, ...h, mean: E.add(next.params.mean, 0) }, params: next.params, opt: next.state };
    });
    disposeAdam(this.params, this.opt);
    this.params = params;
    this.opt = opt;
    this.steps++;
    return out;
  }

  /** The loss [] and its gradient at the current parameters on a path (nothing is updated). */
  lossAndGradient(path: GradientPath = this.path): { loss: Tensor; grads: ExactGpParams } {
    return tidy(() => {
      const { value, grads } = lossAndGrad(this.params, this.x, this.y, path);
      return { loss: value, grads };
    });
  }

  /** The loss [] at the current parameters. */
  loss(): Tensor {
    return tidy(() => exactGpLoss(this.params, this.x, this.y, this.path));
  }

  /** The constrained hyperparameters at the current parameters, each []. */
  hyperparameters(): { outputscale: Tensor; lengthscale: Tensor; noise: Tensor } {
    return tidy(() => exactGpHyperparameters(this.params));
  }

  /** Posterior mean [m] and latent variance [m] at points xs [m]. */
  predict(xs: Float64Array): { mean: Tensor; variance: Tensor } {
    return tidy(() => exactGpPredict(this.params, this.x, this.y, E.tensor(xs, [xs.length, 1], { dtype: this.dtype, backend: this.backend })));
  }

  /** Frees every tensor the run holds (GPU memory); the run cannot step afterwards. */
  dispose(): void {
    disposeAdam(this.params, this.opt);
    this.x.dispose();
    this.y.dispose();
  }
}
