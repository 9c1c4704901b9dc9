/**
 * A training run of the SVGP: Adam on all parameters jointly, full batch or mini-batches
 * drawn uniformly with replacement. Used identically by the worker, the CLI and the benchmarks.
 * Its step is recorded once and replayed on the cpu (replay.ts): the step's inputs are the
 * mini-batch key (foldIn of the run's key and the step number) and Adam's hyperparameters.
 */
import type { Backend, FloatDType, Tensor } from '../tensor';
import { tidy } from '../tensor';
import * as E from '../ops';
import { valueAndGrad } from '../grad';
import { RecordedAdam } from '../optim/recordedAdam';
import { key } from '../random';
import type { RegressionData, SvgpParams } from './svgp';
import { SVGP_DEFAULTS, initSvgpParams, svgpNegativeElbo, svgpPredict } from './svgp';

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
  /** Record the step once and replay it (cpu; default true). */
  replay?: boolean;
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
  private readonly learningRate: number;
  private readonly jitter: number;
  /** Adam, one recorded step per update: its inputs are this step's mini-batch key and Adam's hyperparameters. */
  private readonly adam: RecordedAdam<SvgpParams>;

  constructor(config: SvgpRunConfig) {
    const { data } = config;
    this.backend = config.backend ?? E.getDefaultBackend();
    this.dtype = config.dtype ?? 'f64';
    this.n = data.n;
    this.full = config.batch === null || config.batch >= data.n;
    this.batch = this.full ? data.n : (config.batch as number);
    this.learningRate = config.learningRate ?? SVGP_DEFAULTS.learningRate;
    this.jitter = config.jitter ?? SVGP_DEFAULTS.jitter;
    const o = { dtype: this.dtype, backend: this.backend };
    this.x = E.tensor(data.x, [data.n, 2], o);
    this.y = E.tensor(data.y, [data.n], o);
    const params = initSvgpParams({ m: config.m ?? SVGP_DEFAULTS.m, ...o });
    // Step t's batch indices come from foldIn(key(seed), t), as batchIndices draws them.
    this.adam = new RecordedAdam(this.backend, params, { learningRate: this.learningRate, key: key(config.seed ?? 0), replay: config.replay }, (p, k) => {
      const { x, y } = this.batchOf(k);
      return lossAndGrad(p, x, y, this.n, this.jitter);
    });
  }

  /** Number of updates applied. */
  get steps(): number {
    return this.adam.steps;
  }

  /** The current parameters. */
  get params(): SvgpParams {
    return this.adam.params;
  }

  /** The inputs and targets of a step's batch: all of them, or B rows uniform with replacement from `k`. */
  private batchOf(k: Uint32Array): { x: Tensor; y: Tensor } {
    if (this.full) return { x: this.x, y: this.y };
    const idx = this.backend.randint(k, [this.batch], 0, this.n);
    return { x: E.gatherRows(this.x, idx), y: E.gatherRows(this.y, idx) };
  }

  /** One Adam step; returns the loss [] evaluated before the update (a tensor: read it when convenient). */
  step(): Tensor {
    return this.adam.step();
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
    this.adam.dispose();
    this.x.dispose();
    this.y.dispose();
  }
}
