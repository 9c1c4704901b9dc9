/**
 * Experiment 4 of the scaling notebook: gradient accumulation, one big batch against K
 * accumulated micro-batches, on the cpu (synchronously) and on any backend.
 */
import type { Backend, FloatDType, Tensor } from '../../tensor';
import { tidy } from '../../tensor';
import * as E from '../../ops';
import { valueAndGrad } from '../../grad';
import type { LinearData, LinearParams } from '../../models/linearRegression';
import { batchTensors, linearRegressionLoss, permutation } from '../../models/linearRegression';
import type { DataChoice } from './common';
import { D, dataFor, streamKey } from './common';
import { powersOfTwo } from '../../notebooks/scaling/sizes';

export interface AccumulationOptions extends DataChoice {
  /** Number of micro-batches K (default 8). */
  micro?: number;
  /** Micro-batch size b (default 32); the big batch has K b points. */
  microBatch?: number;
  /** Where the gradients are taken (default theta_true / 2, a point with sizeable residuals). */
  theta?: readonly number[];
  dtype?: FloatDType;
  backend?: Backend;
}

export interface AccumulationResult {
  micro: number;
  microBatch: number;
  batch: number;
  dtype: FloatDType;
  /** Gradient of the loss on all K b points at once. */
  oneShot: number[];
  /** Sum over the K micro-batches of the gradient of (their loss / K). */
  accumulated: number[];
  /** max_j |oneShot_j - accumulated_j|. */
  maxAbsDifference: number;
  /** max_j |oneShot_j|, for scale. */
  maxAbsGradient: number;
}

const lossGrad = valueAndGrad((p: LinearParams, x: Tensor, y: Tensor, over: number) => E.div(linearRegressionLoss(p, x, y), over));

/**
 * The two gradients of gradient accumulation as engine tensors (autodiff), so a page can read
 * them back from any backend: the gradient of the mean loss over rows idx[0..K b) in one batch,
 * and the sum of the K gradients of (micro-batch loss / K) over consecutive slices of b. Equal in
 * exact arithmetic because the mean over K b points is the mean of the K micro-batch means.
 */
export function accumulatedGradients(
  data: LinearData,
  idx: ArrayLike<number>,
  micro: number,
  microBatch: number,
  theta: readonly number[],
  options: { dtype?: FloatDType; backend?: Backend } = {},
): { oneShot: Tensor; accumulated: Tensor } {
  const co = { dtype: options.dtype ?? 'f64', backend: options.backend };
  const params: LinearParams = { theta: E.tensor(theta, [theta.length], co) };
  const all = batchTensors(data, idx, 0, micro * microBatch, co);
  const oneShot = lossGrad(params, all.x, all.y, 1).grads.theta;
  let accumulated: Tensor | null = null;
  for (let k = 0; k < micro; k++) {
    const part = batchTensors(data, idx, k * microBatch, (k + 1) * microBatch, co);
    const g = lossGrad(params, part.x, part.y, micro).grads.theta;
    accumulated = accumulated ? E.add(accumulated, g) : g;
  }
  return { oneShot, accumulated: accumulated as Tensor };
}

/** One batch of K b points against K accumulated micro-batches of b, read back synchronously (cpu). */
export function gradientAccumulation(o: AccumulationOptions): AccumulationResult {
  const data = dataFor(o);
  const micro = o.micro ?? D.micro;
  const microBatch = o.microBatch ?? D.microBatch;
  const dtype = o.dtype ?? D.dtype;
  if (!Number.isInteger(micro) || micro < 1 || !Number.isInteger(microBatch) || microBatch < 1 || micro * microBatch > data.n) {
    throw new RangeError(`gradientAccumulation: need K >= 1, b >= 1 and K b <= N = ${data.n}, got K = ${micro}, b = ${microBatch}`);
  }
  const theta = o.theta ?? Array.from(data.thetaTrue, (v) => v / 2);
  const idx = permutation(streamKey(o.seed, 4), data.n);
  const g = accumulatedGradients(data, idx, micro, microBatch, theta, { dtype, backend: o.backend });
  const oneShot = Array.from(g.oneShot.dataSync());
  const accumulated = Array.from(g.accumulated.dataSync());
  let maxAbsDifference = 0;
  let maxAbsGradient = 0;
  for (let j = 0; j < oneShot.length; j++) {
    maxAbsDifference = Math.max(maxAbsDifference, Math.abs(oneShot[j] - accumulated[j]));
    maxAbsGradient = Math.max(maxAbsGradient, Math.abs(oneShot[j]));
  }
  return { micro, microBatch, batch: micro * microBatch, dtype, oneShot, accumulated, maxAbsDifference, maxAbsGradient };
}

// ================================================================ 4b. accumulation against K, on any backend

export interface AccumulationSweepOptions extends DataChoice {
  /** Micro-batch size b (default 32). */
  microBatch?: number;
  /** Numbers of micro-batches K to compare (default 2, 4, ..., 64, those with K b <= N). */
  micros?: readonly number[];
  /** Where the gradients are taken (default theta_true / 2, as gradientAccumulation). */
  theta?: readonly number[];
  dtype?: FloatDType;
  backend?: Backend;
  /** Called with each K's comparison as soon as it is read back. */
  onPoint?: (p: AccumulationPoint) => void | Promise<void>;
}

/** One batch of K b points against K accumulated micro-batches of b (the figures of gradientAccumulation). */
export type AccumulationPoint = AccumulationResult;

/** The largest |a_j - b_j| and the largest |a_j|. */
export function maxAbsDifference(a: ArrayLike<number>, b: ArrayLike<number>): { difference: number; scale: number } {
  let difference = 0;
  let scale = 0;
  for (let j = 0; j < a.length; j++) {
    difference = Math.max(difference, Math.abs(a[j] - b[j]));
    scale = Math.max(scale, Math.abs(a[j]));
  }
  return { difference, scale };
}

/**
 * Gradient accumulation for several K at one micro-batch size, on any backend (the gradients
 * are read back asynchronously, as a GPU needs). The rows are the same as gradientAccumulation's:
 * the first K b entries of one permutation, so its figure for a given K is this one's on the cpu.
 */
export async function accumulationSweep(o: AccumulationSweepOptions): Promise<AccumulationPoint[]> {
  const data = dataFor(o);
  const microBatch = o.microBatch ?? D.microBatch;
  const dtype = o.dtype ?? D.dtype;
  const micros = [...(o.micros ?? powersOfTwo(2, 64).filter((k) => k * microBatch <= data.n))];
  for (const micro of micros) {
    if (!Number.isInteger(micro) || micro < 1 || !Number.isInteger(microBatch) || microBatch < 1 || micro * microBatch > data.n) {
      throw new RangeError(`accumulationSweep: need K >= 1, b >= 1 and K b <= N = ${data.n}, got K = ${micro}, b = ${microBatch}`);
    }
  }
  const theta = o.theta ?? Array.from(data.thetaTrue, (v) => v / 2);
  const idx = permutation(streamKey(o.seed, 4), data.n);
  const out: AccumulationPoint[] = [];
  for (const micro of micros) {
    const g = tidy(() => accumulatedGradients(data, idx, micro, microBatch, theta, { dtype, backend: o.backend }));
    const oneShot = Array.from(await g.oneShot.data());
    const accumulated = Array.from(await g.accumulated.data());
    g.oneShot.dispose();
    g.accumulated.dispose();
    const m = maxAbsDifference(oneShot, accumulated);
    const point = { micro, microBatch, batch: micro * microBatch, dtype, oneShot, accumulated, maxAbsDifference: m.difference, maxAbsGradient: m.scale };
    out.push(point);
    await o.onPoint?.(point);
  }
  return out;
}
