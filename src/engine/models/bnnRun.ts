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
 *
 * Each ELBO estimate is one fused op over the data (bnnTraceElbo). A step runs in two recorded
 * parts (replay.ts), so that reduce-on-plateau can read the training loss between them: the
 * gradient (the step key its input), then the update and the validation estimate (Adam's
 * hyperparameters and the validation key its inputs). On the cpu, with Adam on the whole training
 * set (the notebook's run), each part is recorded once and replayed into the same buffers; with
 * mini-batches (whose data change from step to step) or plain SGD the parts are called afresh at
 * every step, as on WebGPU.
 */
import type { Backend, FloatDType, Tensor } from '../tensor';
import * as E from '../ops';
import { valueAndGrad } from '../grad';
import { adamApply, adamHyper, adamInit } from '../optim/adam';
import type { AdamHyper } from '../ops/adamStep/adamStep';
import { sgdUpdate } from '../optim/sgd';
import type { Schedule } from '../optim/schedules';
import { ReduceOnPlateau, constant, oneCycle } from '../optim/schedules';
import type { Key } from '../random';
import { foldIn, split } from '../random';
import { StepKey } from '../stepKey';
import { RecordedStep, treeLeaves } from '../replay';
import type { ElboEstimate } from '../prob/elbo';
import type { StepRecord, StepResult, Trainer, TrainerVerdict } from '../train/trainer';
import { readStepSync } from '../train/trainer';
import { permutation } from './linearRegression';
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
  /** Record the step once and replay it (cpu, Adam on the whole training set; default true). */
  replay?: boolean;
}

/** What a step carries to the next: the guide's parameters and the optimiser's moments (Adam's m and v; none for SGD). */
type BnnState = { params: MeanFieldParams; moments: MeanFieldParams[] };

/** What the gradient part of a step hands to the update part. */
type GradientOut = { loss: Tensor; trainNll: Tensor; grads: MeanFieldParams };

/** What the update part reports: the validation figures (none without validation data). */
type UpdateOut = { valLoss?: Tensor; valNll?: Tensor };

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

/** A summed figure per point (NaN where there is no figure or no point). */
function perPoint(v: number | undefined, n: number): number {
  return v === undefined || n === 0 ? NaN : v / n;
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
  /** Updates applied so far. */
  steps = 0;
  /** Steps whose figures have been observed (see `observe`). */
  observed = 0;
  /** The step at which the stopping rule fired, or null. */
  earlyStopStep: number | null = null;
  private state: BnnState;
  private readonly optimiser: 'adam' | 'sgd';
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
  /** The inputs of a step's two parts: the training and validation keys, the batch, the plateau scale, Adam's hyperparameters. */
  private readonly trainStepKey = new StepKey();
  private readonly valStepKey = new StepKey();
  private batch: { data: BnnData; scale: number; owned: boolean };
  /** The whole training set as the batch (every step's without mini-batches). */
  private readonly fullBatch: { data: BnnData; scale: number; owned: boolean };
  private plateauScale = 1;
  private readonly hyper: AdamHyper;
  private readonly gradient: RecordedStep<{ params: MeanFieldParams }, GradientOut>;
  private readonly update: RecordedStep<BnnState, UpdateOut>;
  /** The gradient part's results of the step in progress (read by the update part). */
  private lastGradient: GradientOut | null = null;

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
    this.optimiser = config.update?.kind ?? 'adam';
    const params = this.guide.init(initKey, o);
    if (this.optimiser === 'adam') {
      const { m, v } = adamInit(params);
      this.state = { params, moments: [m, v] };
    } else {
      this.state = { params, moments: [] };
    }
    this.hyper = adamHyper({ learningRate: this.schedule }, 0);
    this.fullBatch = { data: this.train, scale: 1, owned: false };
    this.batch = this.fullBatch;
    const backend = this.train.x.backend;
    // Replaying needs every step to read the same tensors: the whole training set, and Adam's
    // learning rate from its host record (SGD's enters the step as a number).
    const replay = (config.replay ?? true) && this.minibatch === null && this.optimiser === 'adam';
    let trainNll: Tensor | null = null;
    const lossAndGrad = valueAndGrad((p: MeanFieldParams) => {
      const { data, scale } = this.batch;
      const est = bnnTraceElbo({ guide: this.guide, params: p, data, key: this.trainStepKey, particles: this.particles, likelihoodScale: scale });
      trainNll = E.neg(est.logLikelihood);
      const loss = E.neg(est.elbo);
      return this.divisor === 1 ? loss : E.div(loss, this.divisor);
    });
    this.gradient = new RecordedStep(
      backend,
      (s: { params: MeanFieldParams }) => {
        const { value, grads } = lossAndGrad(s.params);
        return { carry: s, out: { loss: value, trainNll: trainNll as unknown as Tensor, grads } };
      },
      { keys: [this.trainStepKey], replay },
    );
    this.update = new RecordedStep(
      backend,
      (s: BnnState) => {
        const g = this.lastGradient as GradientOut;
        let next: BnnState;
        if (this.optimiser === 'adam') {
          const [m, v] = s.moments;
          const r = adamApply(s.params, g.grads, m, v, this.hyper);
          next = { params: r.params, moments: [r.m, r.v] };
        } else {
          const r = sgdUpdate(s.params, g.grads, { count: this.steps }, { learningRate: this.schedule }, this.plateauScale);
          next = { params: r.params, moments: [] };
        }
        const out: UpdateOut = {};
        if (this.val) {
          const valEst = bnnTraceElbo({ guide: this.guide, params: next.params, data: this.val, key: this.valStepKey });
          out.valLoss = E.neg(valEst.elbo);
          out.valNll = E.neg(valEst.logLikelihood);
        }
        return { carry: next, out };
      },
      { keys: [this.valStepKey], replay },
    );
  }

  /** The guide's current parameters. */
  get params(): MeanFieldParams {
    return this.state.params;
  }

  /** True once the stopping rule has fired. */
  get stopped(): boolean {
    return this.earlyStopStep !== null;
  }

  /** The next step's batch and its likelihood scale N / b (the whole training set, scale 1, without mini-batches). */
  private nextBatch(): { data: BnnData; scale: number; owned: boolean } {
    const mb = this.minibatch;
    if (!mb) return this.fullBatch;
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
   * expected log-likelihoods of both (summed), and the learning rate used. With synchronous reads
   * (the cpu) they are plain numbers, read at once; otherwise tensors to read when convenient.
   * Pass them to `observe`, in step order; on the cpu `stepSync` does both.
   */
  step(): StepResult {
    const t = this.steps;
    this.trainStepKey.assign(foldIn(this.stepKey, t));
    this.valStepKey.assign(foldIn(this.valKey, t));
    this.batch = this.nextBatch();
    const g = this.gradient.run({ params: this.state.params });
    let scale = 1;
    let trainLoss: number | null = null;
    if (this.plateau) {
      if (this.syncReads) {
        trainLoss = g.out.loss.item();
        scale = this.plateau.update(trainLoss);
        this.plateauFed = t + 1;
      } else {
        scale = this.plateau.scale;
      }
    }
    this.plateauScale = scale;
    adamHyper({ learningRate: this.schedule }, t, scale, this.hyper);
    const learningRate = this.hyper.learningRate;
    this.lastGradient = g.out;
    const before = this.state;
    const { carry, out } = this.update.run(before);
    this.lastGradient = null;
    let loss: Tensor | number;
    const aux: Record<string, Tensor | number> = {};
    if (this.syncReads) {
      // Read at once (the cpu): plain numbers, no copies of the step's results to read later.
      loss = trainLoss ?? g.out.loss.item();
      if (out.valLoss && out.valNll) {
        aux.valLoss = out.valLoss.item();
        aux.trainNll = g.out.trainNll.item();
        aux.valNll = out.valNll.item();
      }
      aux.learningRate = learningRate;
      if (!this.gradient.replays) {
        g.out.loss.dispose();
        g.out.trainNll.dispose();
        out.valLoss?.dispose();
        out.valNll?.dispose();
      }
    } else {
      if (out.valLoss && out.valNll) {
        aux.valLoss = this.update.keep(out.valLoss);
        aux.trainNll = this.gradient.keep(g.out.trainNll);
        aux.valNll = this.update.keep(out.valNll);
      }
      aux.learningRate = learningRate;
      loss = this.gradient.keep(g.out.loss);
      if (!this.gradient.replays && !this.val) g.out.trainNll.dispose();
    }
    if (!this.gradient.replays) for (const x of treeLeaves(g.out.grads)) x.dispose();
    if (this.batch.owned) {
      this.batch.data.x.dispose();
      this.batch.data.y.dispose();
    }
    this.batch = this.fullBatch;
    if (carry !== before) this.disposeState();
    this.state = carry;
    this.steps++;
    return { loss, aux };
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
    return bnnTraceElbo({ guide: this.guide, params: this.params, data, key: k });
  }

  /** Frees every tensor the run holds (GPU memory); the run cannot step afterwards. */
  dispose(): void {
    this.disposeState();
    this.gradient.dispose();
    this.update.dispose();
    for (const d of [this.train, this.val]) {
      d?.x.dispose();
      d?.y.dispose();
    }
  }

  private disposeState(): void {
    for (const t of treeLeaves(this.state)) t.dispose();
  }
}
