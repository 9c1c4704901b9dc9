/**
 * A training run of the SVGP: Adam on all parameters jointly, full batch or mini-batches
 * drawn uniformly with replacement. Used identically by the worker, the CLI and the benchmarks.
 */
import type { Backend, FloatDType, Tensor } from '../tensor';
import { tidy } from '../tensor';
import * as E from '../ops';
import { valueAndGrad } from '../grad';
import { adamInit, adamUpdate, disposeAdam } from '../optim/adam';
import type { AdamState } from '../optim/adam';
import { key } from '../random';
import type { RegressionData, SvgpParams } from './svgp';
import { SVGP_DEFAULTS, batchIndices, initSvgpParams, svgpNegativeElbo, svgpPredict } from './svgp';

export interface SvgpRunConfig {
  data: RegressionData;
  /** Mini-batch size; null or >= n means the full batch every step. */
  batch: number | null;
  m?: number;
  learningRate?: number;
  /** Seed of the mini-batch index stream. */
  seed?: number;
  dtype?: FloatDType;
  backend?: Backend;
  jitter?: number;
}

const lossAndGrad = valueAndGrad(svgpNegativeElbo);

export class SvgpRun {
  readonly n: number;
  readonly batch: number;
  readonly full: boolean;
  readonly backend: Backend;
  readonly dtype: FloatDType;
  private readonly x: Tensor;
  private readonly y: Tensor;
  private readonly batchKey: Uint32Array;
  private readonly learningRate: number;
  private readonly jitter: number;
  params: SvgpParams;
  private opt: AdamState<SvgpParams>;
  /** Number of updates applied. */
  steps = 0;

  constructor(config: SvgpRunConfig) {
    const { data } = config;
    this.backend = config.backend ?? E.getDefaultBackend();
    this.dtype = config.dtype ?? 'f64';
    this.n = data.n;
    this.full = config.batch === null || config.batch >= data.n;
    this.batch = this.full ? data.n : (config.batch as number);
    this.learningRate = config.learningRate ?? SVGP_DEFAULTS.learningRate;
    this.jitter = config.jitter ?? SVGP_DEFAULTS.jitter;
    this.batchKey = key(config.seed ?? 0);
    const o = { dtype: this.dtype, backend: this.backend };
    this.x = E.tensor(data.x, [data.n, 2], o);
    this.y = E.tensor(data.y, [data.n], o);
    this.params = initSvgpParams({ m: config.m ?? SVGP_DEFAULTS.m, ...o });
    this.opt = adamInit(this.params);
  }

  /** The inputs and targets of the next step's batch. */
  private nextBatch(): { x: Tensor; y: Tensor } {
    if (this.full) return { x: this.x, y: this.y };
    const idx = batchIndices(this.backend, this.batchKey, this.steps, this.batch, this.n);
    return { x: E.gatherRows(this.x, idx), y: E.gatherRows(this.y, idx) };
  }

  /** One Adam step; returns the loss [] evaluated before the update (a tensor: read it when convenient). */
  step(): Tensor {
    const { loss, params, opt } = tidy(() => {
      const { x, y } = this.nextBatch();
      const { value, grads } = lossAndGrad(this.params, x, y, this.n, this.jitter);
      const next = adamUpdate(this.params, grads, this.opt, { learningRate: this.learningRate });
      return { loss: value, params: next.params, opt: next.state };
    });
    this.disposeState();
    this.params = params;
    this.opt = opt;
    this.steps++;
    return loss;
  }

  /** The negative ELBO on the full data at the current parameters []. */
  fullLoss(): Tensor {
    return tidy(() => svgpNegativeElbo(this.params, this.x, this.y, this.n, this.jitter));
  }

  /** Posterior mean and latent variance of f at points [k, 2] (row-major). */
  predict(points: Float64Array): { mean: Tensor; variance: Tensor } {
    return tidy(() => svgpPredict(this.params, E.tensor(points, [points.length / 2, 2], { dtype: this.dtype, backend: this.backend }), this.jitter));
  }

  /** Frees every tensor the run holds (GPU memory); the run cannot step afterwards. */
  dispose(): void {
    this.disposeState();
    this.x.dispose();
    this.y.dispose();
  }

  private disposeState(): void {
    disposeAdam(this.params, this.opt);
  }
}
