/**
 * Learning-rate schedules as pure functions of the 0-based update index, plus reduce-on-plateau.
 *
 * The schedules follow optax's semantics (optax.constant_schedule, exponential_decay,
 * linear_schedule, linear_onecycle_schedule and optax.contrib.reduce_on_plateau), written from
 * their documented behaviour. Each `Schedule` plugs into the `learningRate` field of the Adam and
 * SGD configs; `ReduceOnPlateau` returns a multiplicative scale for their `scale` argument, so
 * any schedule and the plateau rule act together:
 *
 *   const lr = oneCycle({ steps: 8000, peak: 0.008, pctStart: 0.2, pctFinal: 0.8, divFactor: 3, finalDivFactor: 4 });
 *   const plateau = new ReduceOnPlateau({ accumulationSize: 100, patience: 10, rtol: 1e-4, factor: 0.1 });
 *   ({ params, state } = adamUpdate(params, grads, state, { learningRate: lr }, plateau.update(loss)));
 */
import type { Schedule } from './adam';

export type { Schedule };

function check(ok: boolean, message: string): void {
  if (!ok) throw new RangeError(message);
}

const finite = (v: number): boolean => Number.isFinite(v);
const nonNegativeInteger = (v: number): boolean => Number.isInteger(v) && v >= 0;

/** The same learning rate at every step. */
export function constant(learningRate: number): Schedule {
  check(finite(learningRate), `constant: learning rate must be finite, got ${learningRate}`);
  return () => learningRate;
}

export interface ExponentialDecayOptions {
  /** Value at (and before) `transitionBegin`. */
  init: number;
  /** Multiplicative decay per `transitionSteps` steps (< 1 decays, > 1 grows). */
  decayRate: number;
  /** Number of steps over which the value is multiplied by `decayRate` once. */
  transitionSteps: number;
  /** Decay in whole jumps every `transitionSteps` steps instead of continuously. Default false. */
  staircase?: boolean;
  /** Bound the value never crosses: a floor when decaying, a ceiling when growing. */
  endValue?: number;
  /** Steps held at `init` before the decay starts. Default 0. */
  transitionBegin?: number;
}

/**
 * optax.exponential_decay: init * decayRate^p with p = (step - transitionBegin) / transitionSteps
 * (floored with `staircase`), held at init until transitionBegin, then clipped at endValue
 * (from below if decayRate < 1, from above if it is > 1). As in optax, transitionSteps <= 0 or
 * decayRate = 0 gives the constant init.
 */
export function exponentialDecay(o: ExponentialDecayOptions): Schedule {
  const begin = o.transitionBegin ?? 0;
  check(finite(o.init) && finite(o.decayRate) && o.decayRate >= 0, `exponentialDecay: init and decayRate must be finite, decayRate >= 0`);
  check(finite(o.transitionSteps), `exponentialDecay: transitionSteps must be finite, got ${o.transitionSteps}`);
  check(nonNegativeInteger(begin), `exponentialDecay: transitionBegin must be a non-negative integer, got ${begin}`);
  check(o.endValue === undefined || finite(o.endValue), `exponentialDecay: endValue must be finite`);
  if (o.transitionSteps <= 0 || o.decayRate === 0) return () => o.init;
  const clip =
    o.endValue === undefined
      ? (v: number) => v
      : o.decayRate < 1
        ? (v: number) => Math.max(v, o.endValue as number)
        : (v: number) => Math.min(v, o.endValue as number);
  return (step) => {
    const elapsed = step - begin;
    if (elapsed <= 0) return clip(o.init);
    let p = elapsed / o.transitionSteps;
    if (o.staircase) p = Math.floor(p);
    return clip(o.init * o.decayRate ** p);
  };
}

export interface LinearWarmupOptions {
  /** Value reached at `warmupSteps` and kept afterwards. */
  peak: number;
  /** Length of the ramp in steps; for "warm-up over E epochs" pass E * ceil(N / B). */
  warmupSteps: number;
  /** Value at step 0. Default 0 (optax.linear_schedule's usual start). */
  start?: number;
}

/**
 * Linear warm-up: start + (peak - start) * step / warmupSteps for step < warmupSteps, then peak
 * (optax.linear_schedule from start to peak). Goyal et al. (2017), "Accurate, large minibatch
 * SGD: training ImageNet in 1 hour", Sec. 2.2, ramp from the small-batch rate eta to k * eta over
 * the first epochs ("gradual warm-up"): pass start = eta, peak = k * eta.
 */
export function linearWarmup(o: LinearWarmupOptions): Schedule {
  const start = o.start ?? 0;
  check(finite(o.peak) && finite(start), 'linearWarmup: peak and start must be finite');
  check(nonNegativeInteger(o.warmupSteps), `linearWarmup: warmupSteps must be a non-negative integer, got ${o.warmupSteps}`);
  const n = o.warmupSteps;
  return (step) => {
    if (step >= n) return o.peak;
    if (step <= 0) return start;
    return start + ((o.peak - start) * step) / n;
  };
}

export interface OneCycleOptions {
  /** Total length; the schedule holds its final value after it. */
  steps: number;
  /** Largest value, reached at floor(pctStart * steps). */
  peak: number;
  /** Fraction of the steps spent rising. Default 0.3 (optax). */
  pctStart?: number;
  /** Fraction at which the value is back to peak / divFactor. Default 0.85 (optax). */
  pctFinal?: number;
  /** Initial value = peak / divFactor. Default 25 (optax). */
  divFactor?: number;
  /** Final value = (peak / divFactor) / finalDivFactor. Default 1e4 (optax). */
  finalDivFactor?: number;
}

/**
 * Linear one-cycle (Smith 2017, "Cyclical learning rates for training neural networks", and
 * Smith & Topin 2017's one-cycle policy; optax.linear_onecycle_schedule): three linear pieces
 * through the knots
 *   (0, peak/div), (floor(pctStart*steps), peak), (floor(pctFinal*steps), peak/div),
 *   (steps, peak/div/finalDiv),
 * constant after the last. A zero-length piece is skipped (its right knot value applies).
 * The notebook's BNN setting: steps 8000, peak 0.008, pctStart 0.2, pctFinal 0.8, div 3, final div 4.
 */
export function oneCycle(o: OneCycleOptions): Schedule {
  const pctStart = o.pctStart ?? 0.3;
  const pctFinal = o.pctFinal ?? 0.85;
  const div = o.divFactor ?? 25;
  const finalDiv = o.finalDivFactor ?? 1e4;
  check(Number.isInteger(o.steps) && o.steps > 0, `oneCycle: steps must be a positive integer, got ${o.steps}`);
  check(finite(o.peak), `oneCycle: peak must be finite, got ${o.peak}`);
  check(0 <= pctStart && pctStart <= pctFinal && pctFinal <= 1, `oneCycle: need 0 <= pctStart <= pctFinal <= 1, got ${pctStart}, ${pctFinal}`);
  check(finite(div) && div > 0 && finite(finalDiv) && finalDiv > 0, 'oneCycle: divFactor and finalDivFactor must be positive');
  const low = o.peak / div;
  const knots: [number, number][] = [
    [0, low],
    [Math.floor(pctStart * o.steps), o.peak],
    [Math.floor(pctFinal * o.steps), low],
    [o.steps, low / finalDiv],
  ];
  return (step) => {
    if (step <= 0) return pctStart === 0 ? o.peak : low;
    for (let i = 1; i < knots.length; i++) {
      const [s1, v1] = knots[i];
      if (step <= s1) {
        const [s0, v0] = knots[i - 1];
        return v0 + ((v1 - v0) * (step - s0)) / (s1 - s0); // s1 > s0 here because step > s0
      }
    }
    return knots[knots.length - 1][1];
  };
}

export interface ReduceOnPlateauOptions {
  /** Multiplier applied to the scale at each reduction, in (0, 1). Default 0.1. */
  factor?: number;
  /** Number of consecutive non-improving windows that triggers a reduction. Default 10. */
  patience?: number;
  /** Relative tolerance: a window improves when mean < best - (rtol * |best| + atol). Default 1e-4. */
  rtol?: number;
  /** Absolute tolerance. Default 0. */
  atol?: number;
  /** Windows after a reduction during which no plateau is counted. Default 0. */
  cooldown?: number;
  /** Losses averaged into one window. Default 1. */
  accumulationSize?: number;
  /** The scale never falls below this. Default 0. */
  minScale?: number;
}

/**
 * Reduce-on-plateau as a multiplicative learning-rate scale (optax.contrib.reduce_on_plateau).
 *
 * Losses are averaged over windows of `accumulationSize` calls. At the end of each window its
 * mean is compared with the best window mean so far: it improves if it is lower by more than
 * rtol * |best| + atol (optax writes (1 - rtol) * best - atol, the same for positive losses; the
 * |best| keeps the test meaningful for negative losses such as a negative ELBO below zero).
 * Each non-improving window adds one to a plateau count; when the count reaches `patience` the
 * scale is multiplied by `factor` (never below `minScale`), the count is reset and the next
 * `cooldown` windows are ignored. Within a window the scale is constant.
 */
export class ReduceOnPlateau {
  readonly factor: number;
  readonly patience: number;
  readonly rtol: number;
  readonly atol: number;
  readonly cooldown: number;
  readonly accumulationSize: number;
  readonly minScale: number;
  /** The current multiplicative scale. */
  scale = 1;
  /** Best window mean so far (Infinity before the first full window). */
  best = Infinity;
  /** Consecutive non-improving windows since the last improvement or reduction. */
  plateauCount = 0;
  /** Windows of cooldown left. */
  cooldownLeft = 0;
  /** Number of reductions applied. */
  reductions = 0;
  private windowSum = 0;
  private windowCount = 0;

  constructor(o: ReduceOnPlateauOptions = {}) {
    this.factor = o.factor ?? 0.1;
    this.patience = o.patience ?? 10;
    this.rtol = o.rtol ?? 1e-4;
    this.atol = o.atol ?? 0;
    this.cooldown = o.cooldown ?? 0;
    this.accumulationSize = o.accumulationSize ?? 1;
    this.minScale = o.minScale ?? 0;
    check(this.factor > 0 && this.factor < 1, `ReduceOnPlateau: factor must be in (0, 1), got ${this.factor}`);
    check(Number.isInteger(this.patience) && this.patience >= 1, `ReduceOnPlateau: patience must be a positive integer, got ${this.patience}`);
    check(this.rtol >= 0 && this.atol >= 0 && finite(this.rtol) && finite(this.atol), 'ReduceOnPlateau: rtol and atol must be finite and >= 0');
    check(nonNegativeInteger(this.cooldown), `ReduceOnPlateau: cooldown must be a non-negative integer, got ${this.cooldown}`);
    check(Number.isInteger(this.accumulationSize) && this.accumulationSize >= 1, `ReduceOnPlateau: accumulationSize must be a positive integer, got ${this.accumulationSize}`);
    check(this.minScale >= 0 && this.minScale <= 1, `ReduceOnPlateau: minScale must be in [0, 1], got ${this.minScale}`);
  }

  /** Records one loss; returns the scale to use for this step. A NaN loss never improves. */
  update(loss: number): number {
    this.windowSum += loss;
    this.windowCount++;
    if (this.windowCount < this.accumulationSize) return this.scale;
    const mean = this.windowSum / this.windowCount;
    this.windowSum = 0;
    this.windowCount = 0;
    const improved = this.best === Infinity ? mean < Infinity : mean < this.best - (this.rtol * Math.abs(this.best) + this.atol);
    if (improved) {
      this.best = mean;
      this.plateauCount = 0;
    } else {
      this.plateauCount++;
    }
    if (this.cooldownLeft > 0) {
      this.cooldownLeft--;
      this.plateauCount = 0;
    } else if (this.plateauCount >= this.patience) {
      this.scale = Math.max(this.scale * this.factor, this.minScale);
      this.reductions++;
      this.plateauCount = 0;
      this.cooldownLeft = this.cooldown;
    }
    return this.scale;
  }
}
