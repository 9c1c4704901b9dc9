/**
 * The bnn page's run in the worker: the data and its split, the prior predictive check, training
 * through the training loop with the validation figures and early stopping, snapshots of the
 * posterior predictive on a grid, and the test AUC at the end. No DOM and no Comlink here.
 *
 * Keys follow the headless notebook: split(key(s), 3) gives the data, split and run keys; the
 * data and split come from the data seed and the run from the training seed, so equal seeds
 * reproduce `npm run notebook -- bnn --seed S` (exactly on the cpu backend).
 *
 * The posterior predictive is computed on this worker's CPU from a float64 copy of the guide's
 * 62 parameters, whichever backend trains: it is a few small forward passes, and reading the
 * parameters back once is cheaper than a readback per draw.
 */
import type { Backend, FloatDType, Tensor } from '../../engine/tensor';
import * as E from '../../engine/ops';
import { cpu } from '../../engine/cpu/backend';
import type { Key } from '../../engine/random';
import { foldIn, key, split } from '../../engine/random';
import type { ClassificationData, DataSplit } from '../../engine/data/twoMoons';
import { splitTrainValTest, twoMoons } from '../../engine/data/twoMoons';
import type { Latents, MeanFieldParams } from '../../engine/prob/guides';
import { bnnLogits, bnnPriorDraw } from '../../engine/models/bnn';
import type { BnnStepRecord } from '../../engine/models/bnnRun';
import { BnnRun } from '../../engine/models/bnnRun';
import { auc, posteriorPredictive, rocCurve } from '../../engine/models/bnnMetrics';
import type { Progress } from '../../engine/train/loop';
import type { StepRecord, StepResult, Trainer, TrainerVerdict } from '../../engine/train/trainer';
import type { BnnDataSpec, BnnPriorRequest, BnnProgress, BnnRecords, BnnRunRequest, BnnSnapshot } from './protocol';

/** The notebook's data: 2,000 two-moons points with noise 0.25. */
export const MOONS = { n: 2000, noise: 0.25 } as const;

/** The test-set draws use the same key as the headless notebook. */
const TEST_DRAW_TAG = 0x7e57;
/** The heatmap draws use one fixed key, so the picture changes only because the guide does. */
const GRID_DRAW_TAG = 0x97d;

export function bnnDataFor(spec: BnnDataSpec): DataSplit {
  const [dataKey, splitKey] = split(key(spec.dataSeed), 3);
  const data: ClassificationData = spec.kind === 'moons' ? twoMoons(MOONS.n, MOONS.noise, dataKey) : { x: spec.x, y: spec.y, n: spec.y.length };
  return splitTrainValTest(data, splitKey);
}

/** Cell centres of a size x size grid over [-r, r]^2, row-major, x1 fastest, row 0 at the lowest x2. */
export function cellCentres(size: number, r: number): Float64Array {
  const g = new Float64Array(2 * size * size);
  const h = (2 * r) / size;
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < size; j++) {
      const k = i * size + j;
      g[2 * k] = -r + (j + 0.5) * h;
      g[2 * k + 1] = -r + (i + 0.5) * h;
    }
  }
  return g;
}

/** A float64 copy on the cpu backend of a tensor on any backend. */
async function onCpu(t: Tensor): Promise<Tensor> {
  return E.tensor(await t.data(), t.shape, { backend: cpu, dtype: 'f64' });
}

/** p(x) on the grid for `count` networks drawn from the prior (draw i from foldIn(key(seed), i)). */
export async function priorSurfaces(r: BnnPriorRequest): Promise<Float32Array[]> {
  const grid = E.tensor(cellCentres(r.gridSize, r.extent), [r.gridSize * r.gridSize, 2], { backend: cpu, dtype: 'f64' });
  const out: Float32Array[] = [];
  for (let i = 0; i < r.count; i++) {
    const draw = bnnPriorDraw(foldIn(key(r.seed), i));
    const latents: Latents = {};
    for (const [name, t] of Object.entries(draw)) latents[name] = await onCpu(t);
    out.push(Float32Array.from(E.sigmoid(bnnLogits(latents, grid)).dataSync()));
  }
  return out;
}

function packRecords(rs: readonly BnnStepRecord[]): BnnRecords {
  const col = (pick: (r: BnnStepRecord) => number) => Float64Array.from(rs, pick);
  return {
    steps: col((r) => r.step),
    trainLoss: col((r) => r.trainLoss),
    valLoss: col((r) => r.valLoss),
    trainNll: col((r) => r.trainNll),
    valNll: col((r) => r.valNll),
    learningRate: col((r) => r.learningRate),
  };
}

/** The test figures computed at the end of a run. */
export interface BnnTestFigures {
  testAuc: number;
  trainAuc: number;
  roc: { fpr: Float64Array; tpr: Float64Array };
}

export interface BnnTrainerOptions {
  /** Read each step's figures synchronously (default: when the backend can, i.e. the cpu). */
  syncReads?: boolean;
}

/** A bnn run for the training loop. */
export class BnnTrainer implements Trainer<BnnSnapshot> {
  readonly run: BnnRun;
  readonly data: DataSplit;
  private readonly runKey: Key;
  private readonly grid: Tensor;
  /** The guide's parameters as of the last snapshot, on the cpu in float64. */
  private cpuParams: MeanFieldParams | null = null;

  constructor(
    private readonly request: BnnRunRequest,
    backend: Backend,
    dtype: FloatDType,
    options: BnnTrainerOptions = {},
  ) {
    this.data = bnnDataFor(request.data);
    this.runKey = split(key(request.seed), 3)[2];
    this.run = new BnnRun({
      train: this.data.train,
      val: this.data.val,
      key: this.runKey,
      optimizer: request.optimizer,
      scheduleSteps: request.steps,
      patience: request.patience,
      criterion: request.criterion,
      syncReads: options.syncReads,
      backend,
      dtype,
    });
    const n = request.gridSize * request.gridSize;
    this.grid = E.tensor(cellCentres(request.gridSize, request.extent), [n, 2], { backend: cpu, dtype: 'f64' });
  }

  step(): StepResult {
    return this.run.step();
  }

  observe(r: StepRecord): void {
    this.run.observe(r);
  }

  verdict(): TrainerVerdict | null {
    return this.run.verdict();
  }

  get earlyStopStep(): number | null {
    return this.run.earlyStopStep;
  }

  /** A progress report of the loop with its steps' figures per point, as the page charts them. */
  progress(p: Progress<BnnSnapshot>): BnnProgress {
    const records = Array.from(p.steps, (step, i) => {
      const aux: Record<string, number> = {};
      for (const [name, column] of Object.entries(p.aux)) aux[name] = column[i];
      return this.run.normalise(step, p.losses[i], aux);
    });
    return { ...p, records: packRecords(records), earlyStopStep: this.run.earlyStopStep };
  }

  async snapshot(): Promise<BnnSnapshot> {
    const p = this.run.params;
    const [loc, rawScale] = await Promise.all([onCpu(p.loc), onCpu(p.rawScale)]);
    this.cpuParams = { loc, rawScale };
    const pp = posteriorPredictive(this.run.guide, this.cpuParams, this.grid, this.request.gridDraws, foldIn(this.runKey, GRID_DRAW_TAG));
    return { gridSize: this.request.gridSize, mean: Float32Array.from(pp.mean), sd: Float32Array.from(pp.sd) };
  }

  /**
   * Test and training AUC of the posterior predictive mean, and the test ROC curve, at the
   * parameters of the last snapshot (the loop takes one after the last step).
   */
  evaluate(): BnnTestFigures | null {
    if (!this.cpuParams) return null;
    const k = foldIn(this.runKey, TEST_DRAW_TAG);
    const o = { backend: cpu, dtype: 'f64' } as const;
    const { test, train } = this.data;
    const testMean = posteriorPredictive(this.run.guide, this.cpuParams, E.tensor(test.x, [test.n, 2], o), this.request.testDraws, k).mean;
    const trainMean = posteriorPredictive(this.run.guide, this.cpuParams, E.tensor(train.x, [train.n, 2], o), this.request.testDraws, k).mean;
    const roc = rocCurve(testMean, test.y);
    return { testAuc: auc(testMean, test.y), trainAuc: auc(trainMean, train.y), roc: { fpr: roc.fpr, tpr: roc.tpr } };
  }

  dispose(): void {
    this.run.dispose();
  }
}
