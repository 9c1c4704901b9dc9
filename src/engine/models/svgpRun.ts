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
import { adamApply, adamHyper, adamInit } from '../optim/adam';
import type { AdamHyper } from '../ops/adamStep/adamStep';
import { foldIn, key } from '../random';
import { StepKey } from '../stepKey';
import { RecordedStep, treeLeaves } from '../replay';
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

/** What a step carries to the next: the parameters and Adam's two moments. */
type SvgpState = {
  params: SvgpParams;
  m: SvgpParams;
  v: SvgpParams;
};

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
  private state: SvgpState;
  /** This step's mini-batch key and Adam hyperparameters: the inputs of the recorded step. */
  private readonly stepKey = new StepKey();
  private readonly hyper: AdamHyper;
  private readonly recorded: RecordedStep<SvgpState, { loss: Tensor }>;
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
    const params = initSvgpParams({ m: config.m ?? SVGP_DEFAULTS.m, ...o });
    const { m, v } = adamInit(params);
    this.state = { params, m, v };
    this.hyper = adamHyper({ learningRate: this.learningRate }, 0);
    this.recorded = new RecordedStep(
      this.backend,
      (state: SvgpState) => {
        const { x, y } = this.batchOf(this.stepKey);
        const { value, grads } = lossAndGrad(state.params, x, y, this.n, this.jitter);
        return { carry: adamApply(state.params, grads, state.m, state.v, this.hyper), out: { loss: value } };
      },
      { keys: [this.stepKey], replay: config.replay },
    );
  }

  /** The current parameters. */
  get params(): SvgpParams {
    return this.state.params;
  }

  /** The inputs and targets of a step's batch: all of them, or B rows uniform with replacement from `k`. */
  private batchOf(k: Uint32Array): { x: Tensor; y: Tensor } {
    if (this.full) return { x: this.x, y: this.y };
    const idx = this.backend.randint(k, [this.batch], 0, this.n);
    return { x: E.gatherRows(this.x, idx), y: E.gatherRows(this.y, idx) };
  }

  /** One Adam step; returns the loss [] evaluated before the update (a tensor: read it when convenient). */
  step(): Tensor {
    // The step's inputs: batch indices from foldIn(key, step), as batchIndices draws them.
    this.stepKey.assign(foldIn(this.batchKey, this.steps));
    adamHyper({ learningRate: this.learningRate }, this.steps, 1, this.hyper);
    const before = this.state;
    const { carry, out } = this.recorded.run(before);
    if (carry !== before) this.disposeState();
    this.state = carry;
    this.steps++;
    return this.recorded.keep(out.loss);
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
    this.recorded.dispose();
    this.x.dispose();
    this.y.dispose();
  }

  private disposeState(): void {
    for (const t of treeLeaves(this.state)) t.dispose();
  }
}
