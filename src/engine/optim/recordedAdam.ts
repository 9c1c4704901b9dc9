/**
 * Adam with one recorded step per update (replay.ts): the step's inputs are its key,
 * foldIn(run key, step number), where the loss is stochastic, and Adam's hyperparameters for that
 * step, so on the cpu the step is recorded once and replayed into the same buffers. The models
 * whose whole update is "loss and gradient (at a keyed draw), then Adam" (svgp, gamma, the exact
 * GP) step through this.
 */
import type { Backend, Tensor } from '../tensor';
import type { TensorRecord } from '../autodiff';
import type { Key } from '../random';
import { foldIn } from '../random';
import { RecordedStep, treeLeaves } from '../replay';
import { StepKey } from '../stepKey';
import type { AdamHyper } from '../ops/adamStep/adamStep';
import { adamApply, adamHyper, adamInit } from './adam';

type AdamCarry<P extends TensorRecord> = { params: P; m: P; v: P };

export interface RecordedAdamOptions {
  learningRate: number;
  /** The run's key; step t's draws come from foldIn(key, t). None for a deterministic loss. */
  key?: Key;
  /** Record the step once and replay it (cpu; default true). */
  replay?: boolean;
}

export class RecordedAdam<P extends TensorRecord> {
  /** Updates applied so far. */
  steps = 0;
  private state: AdamCarry<P>;
  private readonly stepKey = new StepKey();
  private readonly hyper: AdamHyper;
  private readonly recorded: RecordedStep<AdamCarry<P>, { loss: Tensor }>;

  /** `lossAndGrad(params, key)`: the loss [] at this step's draw (from `key`) and its gradient in every parameter. */
  constructor(
    backend: Backend,
    params: P,
    private readonly o: RecordedAdamOptions,
    lossAndGrad: (params: P, key: StepKey) => { value: Tensor; grads: { [K in keyof P]: Tensor } },
  ) {
    const { m, v } = adamInit(params);
    this.state = { params, m, v };
    this.hyper = adamHyper({ learningRate: o.learningRate }, 0);
    this.recorded = new RecordedStep(
      backend,
      (state: AdamCarry<P>) => {
        const { value, grads } = lossAndGrad(state.params, this.stepKey);
        return { carry: adamApply(state.params, grads, state.m, state.v, this.hyper), out: { loss: value } };
      },
      { keys: o.key === undefined ? [] : [this.stepKey], replay: o.replay },
    );
  }

  /** The current parameters. */
  get params(): P {
    return this.state.params;
  }

  /** One Adam step; returns the loss [] evaluated before the update (a tensor: read it when convenient). */
  step(): Tensor {
    if (this.o.key !== undefined) this.stepKey.assign(foldIn(this.o.key, this.steps));
    adamHyper({ learningRate: this.o.learningRate }, this.steps, 1, this.hyper);
    const before = this.state;
    const { carry, out } = this.recorded.run(before);
    if (carry !== before) this.disposeState();
    this.state = carry;
    this.steps++;
    return this.recorded.keep(out.loss);
  }

  /** Frees the parameters, Adam's moments and the recorded step. */
  dispose(): void {
    this.disposeState();
    this.recorded.dispose();
  }

  private disposeState(): void {
    for (const t of treeLeaves(this.state)) t.dispose();
  }
}
