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
 * The same run, configured with mini-batches, several weight draws per step, plain SGD or Adam on
 * a given schedule and the per-point objective, is what the scaling notebook trains (see
 * experiments/scaling/bnnRule.ts).
 */
import type { Backend, FloatDType, Tensor } from '../tensor';
import { tidy } from '../tensor';
import * as E from '../ops';
import { valueAndGrad } from '../grad';
import type { AdamState } from '../optim/adam';
import { adamInit, adamUpdate, disposeAdam } from '../optim/adam';
import type { SgdState } from '../optim/sgd';
import { sgdInit, sgdUpdate } from '../optim/sgd';
import type { Schedule } from '../optim/schedules';
import { ReduceOnPlateau, constant, oneCycle } from '../optim/schedules';
import type { Key } from '../random';
import { foldIn, split } from '../random';
import type { ElboEstimate } from '../prob/elbo';
import { traceElbo } from '../prob/elbo';
import type { StepRecord, StepResult, Trainer, TrainerVerdict } from '../train/trainer';
import { readStepSync } from '../train/trainer';
import { permutation } from './linearRegression';
import type { MeanFieldParams } from '../prob/guides';
import { MeanFieldNormalGuide } from '../prob/guides';
import type { ClassificationData } from '../data/twoMoons';
import type { BnnData } from './bnn';
import { BNN_LAYERS, bnnModel, bnnSites } from './bnn';
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
  /** Validation data: a one-particle -ELBO on it after every update. Without it, no validation and no early stopping. */
  val?: ClassificationData;
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
  /**
   * Mini-batches of `size` points instead of the whole training set: each epoch walks a fresh
   * permutation (epoch e from foldIn(shuffleKey, e)) in slices, the last partial slice kept, with
   * the likelihood scaled by N / b so that the bound stays unbiased.
   */
  minibatch?: { size: number; shuffleKey: Key };
  /** Weight draws per step (default 1). */
  particles?: number;
  /** Replaces the notebook's optimiser (`optimizer`, plateau): plain SGD or Adam on this schedule. */
  update?: { kind: 'sgd' | 'adam'; schedule: Schedule };
  /** Optimise -ELBO / N_train instead of -ELBO, so that an SGD step size does not depend on N. */
  perPoint?: boolean;
  /** Key of step t's weight draws, foldIn(stepKey, t) (default split(key, 3)[1]). */
  stepKey?: Key;
}

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

/** Rows `rows[start..end)` of `d` as tensors. */
function rowTensors(d: ClassificationData, rows: ArrayLike<number>, start: number, end: number, o: { backend?: Backend; dtype: FloatDType }): BnnData {
  const b = end - start;
  const x = new Float64Array(2 * b);
  const y = new Float64Array(b);
  for (let r = 0; r < b; r++) {
    const i = rows[start + r];
    x[2 * r] = d.x[2 * i];
    x[2 * r + 1] = d.x[2 * i + 1];
    y[r] = d.y[i];
  }
  return { x: E.tensor(x, [b, 2], o), y: E.tensor(y, [b], o) };
}

type Optimiser = { kind: 'adam'; state: AdamState<MeanFieldParams> } | { kind: 'sgd'; state: SgdState };

export class BnnRun implements Trainer {
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
  params: MeanFieldParams;
  /** Updates applied so far. */
  steps = 0;
  /** Steps whose figures have been observed (see `observe`). */
  observed = 0;
  /** The step at which the stopping rule fired, or null. */
  earlyStopStep: number | null = null;
  private opt: Optimiser;
  private readonly placement: { backend?: Backend; dtype: FloatDType };
  private readonly trainData: ClassificationData;
  private readonly train: BnnData;
  private readonly val: BnnData | null;
  private readonly stepKey: Key;
  private readonly valKey: Key;
  private readonly particles: number;
  private readonly minibatch: { size: number; shuffleKey: Key } | null;
  private readonly divisor: number;
  private perm: Int32Array | null = null;
  private epoch = -1;
  private cursor = 0;
  private streak = 0;
  private plateauFed = 0;
  private readonly lossAndGrad: (params: MeanFieldParams, key: Key, data: BnnData, likelihoodScale: number) => { value: Tensor; grads: { loc: Tensor; rawScale: Tensor } };
  private lastEstimate: ElboEstimate | null = null;

  constructor(config: BnnRunConfig) {
    const o = { backend: config.backend, dtype: config.dtype ?? 'f64' };
    this.placement = o;
    this.guide = new MeanFieldNormalGuide(bnnSites(config.layers ?? BNN_LAYERS));
    this.trainData = config.train;
    this.train = toTensors(config.train, o);
    this.val = config.val ? toTensors(config.val, o) : null;
    this.nTrain = config.train.n;
    this.nVal = config.val?.n ?? 0;
    this.patience = config.val ? (config.patience ?? BNN_DEFAULTS.patience) : 0;
    this.criterion = config.criterion ?? 'biased';
    this.syncReads = config.syncReads ?? (config.backend ?? E.getDefaultBackend()).name === 'cpu';
    this.particles = config.particles ?? 1;
    this.minibatch = config.minibatch && config.minibatch.size < config.train.n ? config.minibatch : null;
    this.divisor = config.perPoint ? this.nTrain : 1;
    const [initKey, trainKey, valKey] = split(config.key, 3);
    this.stepKey = config.stepKey ?? trainKey;
    this.valKey = valKey;
    if (config.update) {
      this.schedule = config.update.schedule;
      this.plateau = null;
    } else {
      const { schedule, plateau } = bnnSchedule(config.optimizer ?? 'adam', config.scheduleSteps ?? BNN_DEFAULTS.oneCycleSteps);
      this.schedule = schedule;
      this.plateau = plateau;
    }
    this.params = this.guide.init(initKey, o);
    this.opt = config.update?.kind === 'sgd' ? { kind: 'sgd', state: sgdInit() } : { kind: 'adam', state: adamInit(this.params) };
    this.lossAndGrad = valueAndGrad((p: MeanFieldParams, k: Key, data: BnnData, likelihoodScale: number) => {
      const est = traceElbo({ model: bnnModel, guide: this.guide, params: p, data, key: k, particles: this.particles, likelihoodScale });
      this.lastEstimate = est;
      const loss = E.neg(est.elbo);
      return this.divisor === 1 ? loss : E.div(loss, this.divisor);
    });
  }

  /** True once the stopping rule has fired. */
  get stopped(): boolean {
    return this.earlyStopStep !== null;
  }

  /** The next step's batch and its likelihood scale N / b (the whole training set, scale 1, without mini-batches). */
  private nextBatch(): { data: BnnData; scale: number; owned: boolean } {
    const mb = this.minibatch;
    if (!mb) return { data: this.train, scale: 1, owned: false };
    let perm = this.perm;
    if (!perm || this.cursor >= this.nTrain) {
      this.epoch++;
      perm = this.perm = permutation(foldIn(mb.shuffleKey, this.epoch), this.nTrain);
      this.cursor = 0;
    }
    const start = this.cursor;
    const end = Math.min(start + mb.size, this.nTrain);
    this.cursor = end;
    return { data: rowTensors(this.trainData, perm, start, end, this.placement), scale: this.nTrain / (end - start), owned: true };
  }

  /**
   * One update, then (with validation data) a one-particle estimate on the validation set at the
   * new parameters. The loss is the training -ELBO before the update (summed over the points, or
   * per point with `perPoint`); the extras are the validation -ELBO after it, the negative
   * expected log-likelihoods of both (summed), and the learning rate used. Read them when
   * convenient and pass them to `observe`, in step order; on the cpu `stepSync` does both.
   */
  step(): StepResult {
    const t = this.steps;
    let learningRate = 0;
    const batch = this.nextBatch();
    const { loss, aux, params, opt } = tidy(() => {
      const { value, grads } = this.lossAndGrad(this.params, foldIn(this.stepKey, t), batch.data, batch.scale);
      const trainEst = this.lastEstimate as ElboEstimate;
      let scale = 1;
      if (this.plateau) {
        if (this.syncReads) {
          scale = this.plateau.update(value.item());
          this.plateauFed = t + 1;
        } else {
          scale = this.plateau.scale;
        }
      }
      learningRate = this.schedule(this.opt.state.count) * scale;
      let next: { params: MeanFieldParams; opt: Optimiser };
      if (this.opt.kind === 'adam') {
        const r = adamUpdate(this.params, grads, this.opt.state, { learningRate: this.schedule }, scale);
        next = { params: r.params, opt: { kind: 'adam', state: r.state } };
      } else {
        const r = sgdUpdate(this.params, grads, this.opt.state, { learningRate: this.schedule }, scale);
        next = { params: r.params, opt: { kind: 'sgd', state: r.state } };
      }
      const extras: Record<string, Tensor> = {};
      if (this.val) {
        const valEst = traceElbo({ model: bnnModel, guide: this.guide, params: next.params, data: this.val, key: foldIn(this.valKey, t) });
        extras.valLoss = E.neg(valEst.elbo);
        extras.trainNll = E.neg(trainEst.logLikelihood);
        extras.valNll = E.neg(valEst.logLikelihood);
      }
      return { loss: value, aux: extras, params: next.params, opt: next.opt };
    });
    if (batch.owned) {
      batch.data.x.dispose();
      batch.data.y.dispose();
    }
    this.disposeState();
    this.params = params;
    this.opt = opt;
    this.steps++;
    return { loss, aux: { ...aux, learningRate } };
  }

  /**
   * Takes the measurements of the oldest step not yet observed: normalises them per point,
   * feeds reduce-on-plateau where the step could not, and updates the early-stopping rule.
   */
  observe(r: Pick<StepRecord, 'loss' | 'aux'>): BnnStepRecord {
    if (this.observed >= this.steps) throw new Error('BnnRun.observe: every step issued has already been observed');
    const step = ++this.observed;
    if (this.plateau && this.plateauFed < step) {
      this.plateau.update(r.loss);
      this.plateauFed = step;
    }
    const record = this.normalise(step, r.loss, r.aux);
    if (this.patience > 0 && !this.stopped) {
      const worse = this.criterion === 'biased' ? record.valLoss > record.trainLoss : record.valNll > record.trainNll;
      this.streak = worse ? this.streak + 1 : 0;
      if (this.streak >= this.patience) this.earlyStopStep = step;
    }
    return record;
  }

  /** A step's measurements (as `step` returned them, read back) per point. */
  normalise(step: number, loss: number, aux: Readonly<Record<string, number>>): BnnStepRecord {
    const perPoint = (v: number | undefined, n: number) => (v === undefined || n === 0 ? NaN : v / n);
    return {
      step,
      trainLoss: (loss * this.divisor) / this.nTrain,
      valLoss: perPoint(aux.valLoss, this.nVal),
      trainNll: perPoint(aux.trainNll, this.nTrain),
      valNll: perPoint(aux.valNll, this.nVal),
      learningRate: aux.learningRate ?? NaN,
    };
  }

  /** The run ends by itself once its stopping rule has fired. */
  verdict(): TrainerVerdict | null {
    return this.earlyStopStep === null ? null : { end: 'finished' };
  }

  /** `step` and `observe` at once, reading synchronously (cpu backend only). */
  stepSync(): BnnStepRecord {
    return this.observe(readStepSync(this.step()));
  }

  /** A one-particle ELBO estimate on other data at the current parameters (no gradients). */
  evaluate(data: BnnData, k: Key): ElboEstimate {
    return traceElbo({ model: bnnModel, guide: this.guide, params: this.params, data, key: k });
  }

  /** Frees every tensor the run holds (GPU memory); the run cannot step afterwards. */
  dispose(): void {
    this.disposeState();
    for (const d of [this.train, this.val]) {
      d?.x.dispose();
      d?.y.dispose();
    }
  }

  private disposeState(): void {
    if (this.opt.kind === 'adam') disposeAdam(this.params, this.opt.state);
    else for (const t of Object.values(this.params)) t.dispose();
  }
}
