/**
 * Experiment 5 of the scaling notebook, beyond the source: the linear scaling rule on the
 * Bayesian network's ELBO. Each (k B, k eta) run is a BnnRun (models/bnnRun.ts) configured with
 * mini-batches, driven by the training loop (so it pauses, steps and stops like any run, and its
 * clock is the loop's); each epoch ends with an evaluation taken as the loop's snapshot.
 */
import type { Backend, FloatDType, Tensor } from '../../tensor';
import { tidy } from '../../tensor';
import * as E from '../../ops';
import { foldIn, key, split } from '../../random';
import type { Schedule } from '../../optim/adam';
import { constant, linearWarmup } from '../../optim/schedules';
import { splitTrainValTest, twoMoons } from '../../data/twoMoons';
import { bnnModel } from '../../models/bnn';
import { BnnRun } from '../../models/bnnRun';
import type { MeanFieldParams } from '../../prob/guides';
import { RunControl } from '../../train/control';
import { TrainingLoop } from '../../train/loop';
import type { Trainer, TrainerVerdict } from '../../train/trainer';
import { D } from './common';
import { ksUpTo } from '../../notebooks/scaling/sizes';

export type BnnRuleOptimizer = 'sgd' | 'adam';

export interface BnnRuleOptions {
  /** Seed of the data, the split and the guide, split as the bnn notebook splits it. */
  seed: number;
  /** Two-moons points before the split (default 2,000: 980 train) and their noise (0.25). */
  n?: number;
  noise?: number;
  baseBatch?: number;
  baseLearningRate?: number;
  ks?: readonly number[];
  epochs?: number;
  optimizer?: BnnRuleOptimizer;
  /** Linear warm-up from eta to k eta over this many epochs; 0 (default) for a constant rate. */
  warmupEpochs?: number;
  /** Weight draws per step: 1 (default), or k for the run with k when true. */
  particlesGrowWithK?: boolean;
  /** Fixed weight draws behind each epoch's -ELBO per point (default 16, the same for every run and epoch). */
  evalDraws?: number;
  /** An epoch loss above this multiple of the starting one counts as divergence (default 100). */
  explodeRatio?: number;
  backend?: Backend;
  dtype?: FloatDType;
  /** Pauses, steps or stops the experiment (default: runs to the end). */
  control?: RunControl;
  onStart?: (info: BnnRuleStart) => void | Promise<void>;
  /** Called after each evaluation (epoch 0 is the start); return true to stop the whole experiment. */
  onEpoch?: (p: BnnRuleEpoch) => boolean | void | Promise<boolean | void>;
  onRun?: (run: BnnRuleRun) => void | Promise<void>;
}

export interface BnnRuleSetting {
  k: number;
  batch: number;
  learningRate: number;
  particles: number;
  stepsPerEpoch: number;
}

export interface BnnRuleStart {
  nTrain: number;
  /** Number of guide parameters (locations and scales). */
  parameters: number;
  runs: BnnRuleSetting[];
}

export interface BnnRuleEpoch {
  k: number;
  epoch: number;
  /** -ELBO per training point, averaged over the fixed evaluation draws. */
  loss: number;
}

export interface BnnRuleRun extends BnnRuleSetting {
  /** -ELBO per point at the start and after each epoch (cut short by divergence or a stop). */
  losses: number[];
  diverged: boolean;
  divergedAtEpoch: number | null;
  /** Mean over the last quarter of the epochs (at least one); null if it diverged or stopped early. */
  tailMean: number | null;
  steps: number;
  /** Training seconds (the loop's clock: evaluations left out). */
  seconds: number;
}

export interface BnnRuleResult {
  nTrain: number;
  baseBatch: number;
  baseLearningRate: number;
  epochs: number;
  optimizer: BnnRuleOptimizer;
  warmupEpochs: number;
  runs: BnnRuleRun[];
  /** True when a callback or the control stopped the experiment before every run finished. */
  stopped: boolean;
}

/** Mean of the last quarter (at least one) of losses[1..epochs]; null when the run is shorter. */
export function tailMean(losses: readonly number[], epochs: number): number | null {
  if (epochs < 1 || losses.length < epochs + 1) return null;
  const tail = Math.max(1, Math.ceil(epochs / 4));
  let s = 0;
  for (let e = epochs - tail + 1; e <= epochs; e++) s += losses[e];
  return s / tail;
}

/**
 * The linear scaling rule on the variational objective of the bnn notebook's network (two
 * moons, MLP 2-4-3-1, mean-field Normal guide). Every (k B, k eta) run starts from the same
 * guide and trains for `epochs` epochs of reshuffled mini-batches (last partial batch kept) on
 * the per-point negative ELBO
 *   -( log p(w) - log q(w) + (N / b) log p(y_batch | w) ) / N,   w ~ q (one draw, or k),
 * whose expectation is the full-data -ELBO / N whatever the batch. After each epoch the
 * full-data -ELBO / N is estimated with the same `evalDraws` fixed draws for every run, so
 * differences between curves come from training, not from the estimate.
 *
 * Keys: split(key(seed), 3) gives the data, split and run keys as in the bnn notebook; the guide
 * starts from split(runKey, 3)[0], the bnn notebook's initial guide. Epoch e of every run is
 * shuffled by foldIn(foldIn(runKey, 11), e); step t draws its weights from foldIn(foldIn(runKey,
 * 12), t); the evaluation draws come from foldIn(runKey, 13).
 */
export async function bnnScalingRule(o: BnnRuleOptions): Promise<BnnRuleResult> {
  const place = { backend: o.backend, dtype: o.dtype ?? 'f64' } as const;
  const baseBatch = o.baseBatch ?? D.bnnB;
  const eta = o.baseLearningRate ?? D.bnnLr;
  const epochs = o.epochs ?? D.bnnEpochs;
  const optimizer = o.optimizer ?? D.bnnOpt;
  const warmupEpochs = o.warmupEpochs ?? D.bnnWarmup;
  const evalDraws = o.evalDraws ?? 16;
  const explode = o.explodeRatio ?? 100;
  const ks = [...(o.ks ?? ksUpTo(D.bnnMaxK))];
  const control = o.control ?? new RunControl();
  if (!Number.isInteger(baseBatch) || baseBatch < 1) throw new RangeError(`bnnScalingRule: base batch must be a positive integer, got ${baseBatch}`);
  if (!Number.isInteger(epochs) || epochs < 1) throw new RangeError(`bnnScalingRule: epochs must be a positive integer, got ${epochs}`);

  const [dataKey, splitKey, runKey] = split(key(o.seed), 3);
  const { train } = splitTrainValTest(twoMoons(o.n ?? 2000, o.noise ?? 0.25, dataKey), splitKey);
  const nTrain = train.n;
  const shuffleKey = foldIn(runKey, 11);
  const drawKey = foldIn(runKey, 12);
  const evalKey = foldIn(runKey, 13);
  const all = { x: E.tensor(train.x, [nTrain, 2], place), y: E.tensor(train.y, [nTrain], place) };

  const settings: BnnRuleSetting[] = ks.map((k) => {
    const batch = Math.min(k * baseBatch, nTrain);
    return { k, batch, learningRate: k * eta, particles: o.particlesGrowWithK ? k : 1, stepsPerEpoch: Math.ceil(nTrain / batch) };
  });
  const runOf = (s: BnnRuleSetting): BnnRun => {
    const schedule: Schedule =
      warmupEpochs > 0 ? linearWarmup({ start: eta, peak: s.learningRate, warmupSteps: warmupEpochs * s.stepsPerEpoch }) : constant(s.learningRate);
    return new BnnRun({
      train,
      key: runKey,
      minibatch: { size: s.batch, shuffleKey },
      particles: s.particles,
      update: { kind: optimizer, schedule },
      perPoint: true,
      stepKey: drawKey,
      ...place,
    });
  };

  // -ELBO / N at given parameters, averaged over the same fixed draws for every run and epoch.
  const probe = runOf(settings[0] ?? { k: 1, batch: baseBatch, learningRate: eta, particles: 1, stepsPerEpoch: 1 });
  const guide = probe.guide;
  const evalNoise = Array.from({ length: evalDraws }, (_, s) => guide.noise(foldIn(evalKey, s)));
  const evaluate = async (p: MeanFieldParams): Promise<number> => {
    const t = tidy(() => {
      let acc: Tensor | null = null;
      for (const eps of evalNoise) {
        const draw = guide.sampleWithNoise(p, eps);
        const terms = bnnModel(draw.latents, all);
        const w = E.sub(E.add(terms.logPrior, terms.logLikelihood), draw.logQ);
        acc = acc ? E.add(acc, w) : w;
      }
      return E.div(E.neg(acc as Tensor), evalDraws * nTrain);
    });
    try {
      return (await t.data())[0];
    } finally {
      t.dispose();
    }
  };

  const runs: BnnRuleRun[] = [];
  try {
    await o.onStart?.({ nTrain, parameters: 2 * guide.size, runs: settings });
    // Every run starts from the notebook's initial guide, the probe's.
    const initialLoss = await evaluate(probe.params);
    for (const s of settings) {
      if (control.stopped) break;
      const losses = [initialLoss];
      let divergedAtEpoch: number | null = null;
      if ((await o.onEpoch?.({ k: s.k, epoch: 0, loss: initialLoss })) === true) control.stop();
      if (control.stopped) break;
      const run = runOf(s);
      const blewUp = (loss: number) => !Number.isFinite(loss) || loss > explode * initialLoss;
      let lastEpochLoss = initialLoss;
      const trainer: Trainer<number> = {
        step: () => run.step(),
        snapshotDue: (step) => step % s.stepsPerEpoch === 0,
        snapshot: async () => (lastEpochLoss = await evaluate(run.params)),
        verdict: (): TrainerVerdict | null => (blewUp(lastEpochLoss) ? { end: 'diverged', message: `the loss blew up at epoch ${losses.length}` } : null),
        dispose: () => run.dispose(),
      };
      const loop = new TrainingLoop(trainer, { totalSteps: epochs * s.stepsPerEpoch, control, snapshots: { minIntervalMs: Infinity }, reportEveryMs: Infinity }, async (p) => {
        // Evaluations at epoch ends only (the loop's final snapshot repeats the last one).
        const epoch = p.step / s.stepsPerEpoch;
        if (p.snapshot === null || !Number.isInteger(epoch) || epoch < losses.length) return;
        const loss = p.snapshot;
        if (Number.isFinite(loss)) losses.push(loss);
        if (blewUp(loss)) divergedAtEpoch = epoch;
        if (Number.isFinite(loss) && (await o.onEpoch?.({ k: s.k, epoch, loss })) === true) control.stop();
      });
      const status = await loop.run();
      if (status === 'failed') throw new Error(loop.message ?? 'the run failed');
      // A step whose loss is not finite ends the run inside its epoch.
      if (status === 'diverged' && divergedAtEpoch === null) divergedAtEpoch = Math.floor(Math.max(0, run.steps - 1) / s.stepsPerEpoch) + 1;
      const diverged = status === 'diverged';
      const record: BnnRuleRun = { ...s, losses, diverged, divergedAtEpoch, tailMean: diverged ? null : tailMean(losses, epochs), steps: run.steps, seconds: loop.seconds };
      runs.push(record);
      await o.onRun?.(record);
    }
  } finally {
    probe.dispose();
    all.x.dispose();
    all.y.dispose();
  }
  return { nTrain, baseBatch, baseLearningRate: eta, epochs, optimizer, warmupEpochs, runs, stopped: control.stopped };
}
