/**
 * Adam and AdamW over a record of parameter tensors (Kingma & Ba 2015; decoupled weight
 * decay of Loshchilov & Hutter 2019), with optax's conventions: b1 0.9, b2 0.999, eps 1e-8
 * added outside the square root, bias-corrected moments.
 */
import type { Tensor } from '../tensor';
import type { TensorRecord } from '../autodiff';
import { zerosLike } from '../ops';
import type { AdamHyper } from '../ops/adamStep/adamStep';
import { adamStep } from '../ops/adamStep/adamStep';

/** A learning rate as a function of the 0-based step index. */
export type Schedule = (step: number) => number;

export interface AdamConfig {
  learningRate: number | Schedule;
  b1?: number;
  b2?: number;
  eps?: number;
  /** Decoupled weight decay (AdamW); default 0. */
  weightDecay?: number;
}

export interface AdamState<P extends TensorRecord> {
  /** Number of updates applied so far. */
  count: number;
  m: P;
  v: P;
}

/** Zero first and second moments for every parameter. */
export function adamInit<P extends TensorRecord>(params: P): AdamState<P> {
  const m = {} as Record<string, Tensor>;
  const v = {} as Record<string, Tensor>;
  for (const [name, p] of Object.entries(params)) {
    m[name] = zerosLike(p);
    v[name] = zerosLike(p);
  }
  return { count: 0, m: m as P, v: v as P };
}

/** The learning rate used for update number `count` (0-based), times an external scale. */
export function learningRateAt(config: AdamConfig, count: number, scale = 1): number {
  const lr = typeof config.learningRate === 'number' ? config.learningRate : config.learningRate(count);
  return lr * scale;
}

/**
 * The hyperparameters of update number `count + 1` (bias corrections from the step count, the
 * scheduled learning rate times `scale`), written into `into` when given: a recorded step's
 * kernels read that record when they run, so a training loop updates it in place before every
 * step (see replay.ts).
 */
export function adamHyper(config: AdamConfig, count: number, scale = 1, into?: AdamHyper): AdamHyper {
  const h = into ?? ({} as AdamHyper);
  h.learningRate = learningRateAt(config, count, scale);
  h.b1 = config.b1 ?? 0.9;
  h.b2 = config.b2 ?? 0.999;
  h.eps = config.eps ?? 1e-8;
  h.step = count + 1;
  h.weightDecay = config.weightDecay ?? 0;
  return h;
}

/** One Adam(W) update of every parameter with the given hyperparameters: new parameters and moments. */
export function adamApply<P extends TensorRecord>(params: P, grads: { [K in keyof P]: Tensor }, m: P, v: P, hyper: AdamHyper): { params: P; m: P; v: P } {
  const next = {} as Record<string, Tensor>;
  const m2 = {} as Record<string, Tensor>;
  const v2 = {} as Record<string, Tensor>;
  for (const name of Object.keys(params)) {
    [next[name], m2[name], v2[name]] = adamStep(params[name], grads[name], m[name], v[name], hyper);
  }
  return { params: next as P, m: m2 as P, v: v2 as P };
}

/**
 * One Adam(W) update: returns new parameters and state (inputs are not modified).
 * `scale` multiplies the learning rate (used by reduce-on-plateau).
 */
export function adamUpdate<P extends TensorRecord>(
  params: P,
  grads: { [K in keyof P]: Tensor },
  state: AdamState<P>,
  config: AdamConfig,
  scale = 1,
): { params: P; state: AdamState<P> } {
  const next = adamApply(params, grads, state.m, state.v, adamHyper(config, state.count, scale));
  return { params: next.params, state: { count: state.count + 1, m: next.m, v: next.v } };
}

/** Frees the parameters and both moments of an Adam run (GPU memory). */
export function disposeAdam<P extends TensorRecord>(params: P, state: AdamState<P>): void {
  for (const record of [params, state.m, state.v]) for (const t of Object.values(record)) t.dispose();
}
