/**
 * Training the Bayesian network with SVI: Trace ELBO with one particle per step on the whole
 * training set, Adam with either a constant learning rate or a one-cycle schedule chained with
 * reduce-on-plateau, the validation loss every step, and early stopping.
 *
 * Losses are negative ELBOs. NumPyro reports them summed over the data; the notebook divides
 * by the number of points for display and for the stopping rule, and so do we:
 *   train = -(log p(y_train | w) + log p(w) - log q(w)) / N_train,
 *   val   = -(log p(y_val   | w) + log p(w) - log q(w)) / N_val   (a fresh draw w, as svi.evaluate).
 * Both contain the same prior-minus-guide (KL) term, divided by different counts: the "biased"
 * criterion (val > train for `patience` steps) fires even for a perfect fit, because the KL
 * share per point is larger on the smaller validation set. The "fair" criterion compares the
 * expected log-likelihood per point only.
 *
 * On the cpu the step is recorded once and replayed (replay.ts), in two parts so that
 * reduce-on-plateau can read the training loss between the gradient and the update: the
 * gradient (the step key its input), then the update and the validation estimate (Adam's
 * hyperparameters and the validation key its inputs). Each ELBO estimate is one fused op over
 * the data (bnnTraceElbo).
 */
import type { Backend, FloatDType, Tensor } from '../tensor';
import * as E from '../ops';
import { valueAndGrad } from '../grad';
import { adamApply, adamHyper, adamInit } from '../optim/adam';
import type { AdamHyper } from '../ops/adamStep/adamStep';
import type { Schedule } from '../optim/schedules';
import { ReduceOnPlateau, constant, oneCycle } from '../optim/schedules';
import type { Key } from '../random';
import { foldIn, split } from '../random';
import { StepKey } from '../stepKey';
import { RecordedStep, treeLeaves } from '../replay';
import type { ElboEstimate } from '../prob/elbo';
import type { MeanFieldParams } from '../prob/guides';
import { MeanFieldNormalGuide } from '../prob/guides';
import type { ClassificationData } from '../data/twoMoons';
import type { BnnData } from './bnn';
import { BNN_LAYERS, bnnSites, bnnTraceElbo } from './bnn';
import { BNN_DEFAULT_STEPS, BNN_SETTINGS } from '../notebooks/bnn/settings';

export type BnnOptimizer = 'adam' | 'onecycle';
export type StoppingCriterion = 'biased' | 'fair';

export const BNN_DEFAULTS = {
  adamLearningRate: 0.01,
  adamSteps: BNN_DEFAULT_STEPS.adam,
  oneCycleSteps: BNN_DEFAULT_STEPS.onecycle,
  oneCyclePeak: 0.008,
  oneCyclePctStart: 0.2,
  oneCyclePctFinal: 0.8,
  oneCycleDivFactor: 3,
  oneCycleFinalDivFactor: 4,
  plateauWindow: 100,
  plateauPatience: 10,
  plateauRtol: 1e-4,
  plateauFactor: 0.1,
  patience: BNN_SETTINGS.patience.default,
} as const;

/** The learning-rate schedule and, for one-cycle, the plateau rule of the notebook. */
export function bnnSchedule(optimizer: BnnOptimizer, steps: number): { schedule: Schedule; plateau: ReduceOnPlateau | null } {
  const d = BNN_DEFAULTS;
  if (optimizer === 'adam') return { schedule: constant(d.adamLearningRate), plateau: null };
  return {
    schedule: oneCycle({
      steps,
      peak: d.oneCyclePeak,
      pctStart: d.oneCyclePctStart,
      pctFinal: d.oneCyclePctFinal,
      divFactor: d.oneCycleDivFactor,
      finalDivFactor: d.oneCycleFinalDivFactor,
    }),
    plateau: new ReduceOnPlateau({ accumulationSize: d.plateauWindow, patience: d.plateauPatience, rtol: d.plateauRtol, factor: d.plateauFactor }),
  };
}

export interface BnnRunConfig {
  train: ClassificationData;
  val: ClassificationData;
  /** Key of the guide's initial locations and of the particle streams. */
  key: Key;
  optimizer?: BnnOptimizer;
  /** Length of the one-cycle schedule (ignored by constant Adam). */
  scheduleSteps?: number;
  /** Consecutive steps the criterion must hold to stop; 0 disables early stopping. */
  patience?: number;
  criterion?: StoppingCriterion;
  layers?: readonly number[];
  /** Feed reduce-on-plateau synchronously inside `step` (default: when the backend is the cpu, which can). */
  syncReads?: boolean;
  backend?: Backend;
  dtype?: FloatDType;
  /** Record the step once and replay it (cpu; default true). */
  replay?: boolean;
}

/** What a step carries to the next: the guide's parameters and Adam's two moments. */
type BnnState = { params: MeanFieldParams; m: MeanFieldParams; v: MeanFieldParams };

/** What the gradient part of a step hands to the update part. */
type GradientOut = { loss: Tensor; trainNll: Tensor; grads: MeanFieldParams };

/** What one step reports (losses normalised per point). */
export interface BnnStepRecord {
  /** 1-based index of the step. */
  step: number;
  /** -ELBO / N_train at the parameters before the update. */
  trainLoss: number;
  /** -ELBO / N_val with a fresh draw at the parameters after the update. */
  valLoss: number;
  /** -(expected log-likelihood) / N, the fair criterion's figures. */
  trainNll: number;
  valNll: number;
  /** The learning rate this step used (schedule times plateau scale). */
  learningRate: number;
}

function toTensors(d: ClassificationData, o: { backend?: Backend; dtype: FloatDType }): BnnData {
  return { x: E.tensor(d.x, [d.n, 2], o), y: E.tensor(d.y, [d.n], o) };
}

export class BnnRun {
  readonly guide: MeanFieldNormalGuide;
  readonly nTrain: number;
  readonly nVal: number;
  readonly patience: number;
  readonly criterion: StoppingCriterion;
  readonly schedule: Schedule;
  readonly plateau: ReduceOnPlateau | null;
  /**
   * True when the backend reads values synchronously (cpu): reduce-on-plateau then sees each
   * step's loss before that step's update, as in the reference. Otherwise (a GPU) it sees the
   * losses as they are observed, a few steps late; its scale only changes at the end of a
   * 100-step window, so the difference is a few steps at most.
   */
  readonly syncReads: boolean;
  /** Updates applied so far. */
  steps = 0;
  /** Steps whose figures have been observed (see `observe`). */
  observed = 0;
  /** The step at which the stopping rule fired, or null. */
  earlyStopStep: number | null = null;
  private state: BnnState;
  private readonly train: BnnData;
  private readonly val: BnnData;
  private readonly trainKey: Key;
  private readonly valKey: Key;
  private streak = 0;
  private plateauFed = 0;
  /** Learning rates of the steps issued but not yet observed, oldest first. */
  private readonly pendingRates: number[] = [];
  /** One-hot vectors [4] that pack four scalars into one tensor (one readback per step). */
  private readonly basis: Tensor[];
  /** The inputs of a step's two recorded parts: the training and validation keys, Adam's hyperparameters. */
  private readonly trainStepKey = new StepKey();
  private readonly valStepKey = new StepKey();
  private readonly hyper: AdamHyper;
  private readonly gradient: RecordedStep<{ params: MeanFieldParams }, GradientOut>;
  private readonly update: RecordedStep<BnnState, { figures: Tensor }>;

  constructor(config: BnnRunConfig) {
    const o = { backend: config.backend, dtype: config.dtype ?? 'f64' };
    this.guide = new MeanFieldNormalGuide(bnnSites(config.layers ?? BNN_LAYERS));
    this.train = toTensors(config.train, o);
    this.val = toTensors(config.val, o);
    this.nTrain = config.train.n;
    this.nVal = config.val.n;
    this.patience = config.patience ?? BNN_DEFAULTS.patience;
    this.criterion = config.criterion ?? 'biased';
    this.syncReads = config.syncReads ?? (config.backend ?? E.getDefaultBackend()).name === 'cpu';
    const optimizer = config.optimizer ?? 'adam';
    const { schedule, plateau } = bnnSchedule(optimizer, config.scheduleSteps ?? BNN_DEFAULTS.oneCycleSteps);
    this.schedule = schedule;
    this.plateau = plateau;
    const [initKey, trainKey, valKey] = split(config.key, 3);
    this.trainKey = trainKey;
    this.valKey = valKey;
    const params = this.guide.init(initKey, o);
    const { m, v } = adamInit(params);
    this.state = { params, m, v };
    this.hyper = adamHyper({ learningRate: this.schedule }, 0);
    this.basis = [0, 1, 2, 3].map((i) => E.tensor([0, 1, 2, 3].map((j) => (i === j ? 1 : 0)), [4], o));
    const backend = this.train.x.backend;
    let trainNll: Tensor | null = null;
    const lossAndGrad = valueAndGrad((p: MeanFieldParams) => {
      const est = bnnTraceElbo({ guide: this.guide, params: p, data: this.train, key: this.trainStepKey });
      trainNll = E.neg(est.logLikelihood);
      return E.neg(est.elbo);
    });
    this.gradient = new RecordedStep(
      backend,
      (s: { params: MeanFieldParams }) => {
        const { value, grads } = lossAndGrad(s.params);
        return { carry: s, out: { loss: value, trainNll: trainNll as unknown as Tensor, grads } };
      },
      { keys: [this.trainStepKey], replay: config.replay },
    );
    this.update = new RecordedStep(
      backend,
      (s: BnnState) => {
        const g = this.lastGradient as GradientOut;
        const next = adamApply(s.params, g.grads, s.m, s.v, this.hyper);
        const valEst = bnnTraceElbo({ guide: this.guide, params: next.params, data: this.val, key: this.valStepKey });
        const parts = [g.loss, E.neg(valEst.elbo), g.trainNll, E.neg(valEst.logLikelihood)];
        let packed = E.mul(parts[0], this.basis[0]);
        for (let i = 1; i < 4; i++) packed = E.add(packed, E.mul(parts[i], this.basis[i]));
        return { carry: next, out: { figures: packed } };
      },
      { keys: [this.valStepKey], replay: config.replay },
    );
  }

  /** The guide's current parameters. */
  get params(): MeanFieldParams {
    return this.state.params;
  }

  /** The gradient part's results of the step in progress (read by the update part). */
  private lastGradient: GradientOut | null = null;

  /** True once the stopping rule has fired. */
  get stopped(): boolean {
    return this.earlyStopStep !== null;
  }

  /**
   * One Adam update, then a one-particle estimate on the validation set at the new parameters.
   * Returns the step's figures as one tensor [4], summed over the points (not yet normalised):
   * -ELBO on the training set (before the update), -ELBO on the validation set (after it), and
   * the negative expected log-likelihoods of both. Read it when convenient and pass the values
   * to `observe`, in step order; on the cpu `stepSync` does both.
   */
  step(): Tensor {
    const t = this.steps;
    this.trainStepKey.assign(foldIn(this.trainKey, t));
    this.valStepKey.assign(foldIn(this.valKey, t));
    const g = this.gradient.run({ params: this.state.params });
    let scale = 1;
    if (this.plateau) {
      if (this.syncReads) {
        scale = this.plateau.update(g.out.loss.item());
        this.plateauFed = t + 1;
      } else {
        scale = this.plateau.scale;
      }
    }
    adamHyper({ learningRate: this.schedule }, t, scale, this.hyper);
    this.lastGradient = g.out;
    const before = this.state;
    const { carry, out } = this.update.run(before);
    this.lastGradient = null;
    if (!this.gradient.replays) for (const x of [...treeLeaves(g.out.grads), g.out.loss, g.out.trainNll]) x.dispose();
    if (carry !== before) this.disposeState();
    this.state = carry;
    this.steps++;
    this.pendingRates.push(this.hyper.learningRate);
    return this.update.keep(out.figures);
  }

  /**
   * Takes the values of the oldest step not yet observed (the four numbers `step` returned):
   * normalises them per point, feeds reduce-on-plateau where the step could not, and updates
   * the early-stopping rule.
   */
  observe(values: ArrayLike<number>): BnnStepRecord {
    const learningRate = this.pendingRates.shift();
    if (learningRate === undefined) throw new Error('BnnRun.observe: every step issued has already been observed');
    const step = ++this.observed;
    if (this.plateau && this.plateauFed < step) {
      this.plateau.update(values[0]);
      this.plateauFed = step;
    }
    const record: BnnStepRecord = {
      step,
      trainLoss: values[0] / this.nTrain,
      valLoss: values[1] / this.nVal,
      trainNll: values[2] / this.nTrain,
      valNll: values[3] / this.nVal,
      learningRate,
    };
    if (this.patience > 0 && !this.stopped) {
      const worse = this.criterion === 'biased' ? record.valLoss > record.trainLoss : record.valNll > record.trainNll;
      this.streak = worse ? this.streak + 1 : 0;
      if (this.streak >= this.patience) this.earlyStopStep = step;
    }
    return record;
  }

  /** `step` and `observe` at once, reading synchronously (cpu backend only). */
  stepSync(): BnnStepRecord {
    return this.observe(this.step().dataSync());
  }

  /** A one-particle ELBO estimate on other data at the current parameters (no gradients). */
  evaluate(data: BnnData, k: Key): ElboEstimate {
    return bnnTraceElbo({ guide: this.guide, params: this.params, data, key: k });
  }

  /** Frees every tensor the run holds (GPU memory); the run cannot step afterwards. */
  dispose(): void {
    this.disposeState();
    this.gradient.dispose();
    this.update.dispose();
    for (const d of [this.train, this.val]) {
      d.x.dispose();
      d.y.dispose();
    }
    for (const b of this.basis) b.dispose();
  }

  private disposeState(): void {
    for (const t of treeLeaves(this.state)) t.dispose();
  }
}
