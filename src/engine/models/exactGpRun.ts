/**
 * A training run of the exact GP: Adam on the mean and the three raw hyperparameters, full
 * batch, the gradient on the chosen path. Used identically by the worker, the CLI, the size
 * sweep and the benchmarks. A step returns its loss and the three hyperparameters as tensors,
 * so that a GPU run never waits for a readback inside a step. On the cpu the step is recorded
 * once and replayed (replay.ts) up to N = EXACT_GP_REPLAY_MAX_N: its N x N matrices keep their
 * buffers in the WebAssembly kernels' memory, so a step neither allocates nor copies them.
 */
import type { Backend, FloatDType, Tensor } from '../tensor';
import { tidy } from '../tensor';
import * as E from '../ops';
import { valueAndGrad } from '../grad';
import { RecordedAdam } from '../optim/recordedAdam';
import type { GradientPath } from '../notebooks/exact-gp/settings';
import type { CurveData, ExactGpParams } from './exactGp';
import { EXACT_GP_DEFAULTS, exactGpHyperparameters, exactGpLoss, exactGpPredict, initExactGpParams } from './exactGp';

export interface ExactGpRunConfig {
  data: CurveData;
  path?: GradientPath;
  learningRate?: number;
  dtype?: FloatDType;
  backend?: Backend;
  /** Record the step once and replay it (cpu; default: for N up to EXACT_GP_REPLAY_MAX_N). */
  replay?: boolean;
  /** Where training starts (the run takes the tensors over); GPyTorch's initialisation when absent. */
  params?: ExactGpParams;
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

/**
 * The largest N whose step is recorded and replayed by default. A recorded step holds 9 (fused)
 * to 14 (generic) N x N buffers (float64: up to 1 GB at N = 3,000) in the WebAssembly memory for
 * the whole run, and that memory never shrinks and ends at 4 GiB; beyond this N each step
 * allocates as it goes, and the copies it saves would be a small share of the N^3 work anyway.
 */
export const EXACT_GP_REPLAY_MAX_N = 3000;

export class ExactGpRun {
  readonly n: number;
  readonly path: GradientPath;
  readonly backend: Backend;
  readonly dtype: FloatDType;
  private readonly x: Tensor;
  private readonly y: Tensor;
  private readonly learningRate: number;
  /** Adam, one recorded step per update (the loss is deterministic: no key). */
  private readonly adam: RecordedAdam<ExactGpParams>;

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
    this.adam = new RecordedAdam(this.backend, config.params ?? initExactGpParams(o), { learningRate: this.learningRate, replay: config.replay ?? data.n <= EXACT_GP_REPLAY_MAX_N }, (p) =>
      lossAndGrad(p, this.x, this.y, this.path),
    );
  }

  /** The current parameters. */
  get params(): ExactGpParams {
    return this.adam.params;
  }

  /** Number of updates applied. */
  get steps(): number {
    return this.adam.steps;
  }

  /** One Adam step on the full data: the loss [] evaluated before the update, and the hyperparameters after it. */
  step(): ExactGpStep {
    const loss = this.adam.step();
    return tidy(() => ({ loss, ...exactGpHyperparameters(this.params), mean: E.add(this.params.mean, 0) }));
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
    this.adam.dispose();
    this.x.dispose();
    this.y.dispose();
  }
}
