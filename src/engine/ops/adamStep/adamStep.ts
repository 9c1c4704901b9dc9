/**
 * One fused Adam(W) update of one parameter tensor: the kernel behind optim/adam.ts's
 * adamUpdate, which applies it to every parameter of a record. Not differentiated.
 */
import type { Tensor } from '../../tensor';
import { shapesEqual } from '../../shape';
import { checkPair } from '../checks';
import { adamStepCpu } from './cpu';
import { adamStepWasm } from './wasm';
import { defineKernelWithWasm } from '../../cpu/wasm';

/** Hyperparameters of one Adam(W) update (Kingma & Ba 2015; Loshchilov & Hutter 2019 for decay). */
export interface AdamHyper {
  learningRate: number;
  b1: number;
  b2: number;
  eps: number;
  /** 1-based step count, for the bias corrections. */
  step: number;
  /** Decoupled weight decay (AdamW); 0 for plain Adam. */
  weightDecay: number;
}

export const adamStepKernel = defineKernelWithWasm('adamStep', adamStepCpu, adamStepWasm);

/** The new [param, m, v] after one Adam(W) update with gradient grad; all four of one shape. */
export function adamStep(param: Tensor, grad: Tensor, m: Tensor, v: Tensor, hyper: AdamHyper): [Tensor, Tensor, Tensor] {
  for (const t of [grad, m, v]) {
    checkPair(param, t, 'adamStep');
    if (!shapesEqual(param.shape, t.shape)) throw new Error(`adamStep: shapes [${param.shape.join(',')}] and [${t.shape.join(',')}] differ`);
  }
  return adamStepKernel.run(param.backend, param, grad, m, v, hyper);
}
