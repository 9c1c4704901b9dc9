/**
 * Reverse-mode automatic differentiation on a dynamic tape, in the style of JAX's
 * `value_and_grad`: a function of a record of parameter tensors returns a scalar;
 * we return the value and a record of gradients of the same shapes.
 */
import type { GradNode } from './tensor';
import { Tensor } from './tensor';

let recording = false;

/** True while a function under `valueAndGrad` is being traced. */
export function isRecording(): boolean {
  return recording;
}

/** Attaches a backward rule to `out` when any input is being differentiated. */
export function record(out: Tensor, inputs: readonly Tensor[], name: string, backward: GradNode['backward']): Tensor {
  if (!recording) return out;
  if (!inputs.some((t) => t.requiresGrad)) return out;
  out.requiresGrad = true;
  out.node = { inputs, backward, name };
  return out;
}

/** Runs fn without recording gradients (used for backward passes and optimiser updates). */
export function noGrad<T>(fn: () => T): T {
  const was = recording;
  recording = false;
  try {
    return fn();
  } finally {
    recording = was;
  }
}

/** Tensors reachable from `out` through graph nodes, in topological order (inputs first). */
function topologicalOrder(out: Tensor): Tensor[] {
  const order: Tensor[] = [];
  const seen = new Set<Tensor>();
  // Iterative post-order DFS: graphs of long unrolled computations would overflow recursion.
  const stack: [Tensor, number][] = [[out, 0]];
  seen.add(out);
  while (stack.length) {
    const top = stack[stack.length - 1];
    const [t, i] = top;
    const inputs = t.node?.inputs ?? [];
    if (i < inputs.length) {
      top[1]++;
      const next = inputs[i];
      if (next.requiresGrad && !seen.has(next)) {
        seen.add(next);
        stack.push([next, 0]);
      }
    } else {
      order.push(t);
      stack.pop();
    }
  }
  return order;
}

/** Pulls the cotangent `seed` of `out` back to every tensor in the graph. */
export function backpropagate(out: Tensor, seed: Tensor, add: (a: Tensor, b: Tensor) => Tensor): Map<Tensor, Tensor> {
  const grads = new Map<Tensor, Tensor>([[out, seed]]);
  const order = topologicalOrder(out);
  noGrad(() => {
    for (let k = order.length - 1; k >= 0; k--) {
      const t = order[k];
      const g = grads.get(t);
      if (!t.node || !g) continue;
      const inputGrads = t.node.backward(g);
      t.node.inputs.forEach((input, i) => {
        const gi = inputGrads[i];
        if (!gi || !input.requiresGrad) return;
        const prev = grads.get(input);
        grads.set(input, prev ? add(prev, gi) : gi);
      });
    }
  });
  return grads;
}

export type TensorRecord = Record<string, Tensor>;

export interface ValueAndGrad<P extends TensorRecord> {
  value: Tensor;
  grads: { [K in keyof P]: Tensor };
}

/** Marks fresh leaves for each parameter (same storage) and enables recording while f runs. */
export function trace<P extends TensorRecord>(params: P, f: (leaves: P) => Tensor): { value: Tensor; leaves: P } {
  const leaves = {} as Record<string, Tensor>;
  for (const [name, p] of Object.entries(params)) {
    const leaf = new Tensor(p.shape, p.dtype, p.backend, p.storage, true);
    leaf.requiresGrad = true;
    leaves[name] = leaf;
  }
  const was = recording;
  recording = true;
  try {
    return { value: f(leaves as P), leaves: leaves as P };
  } finally {
    recording = was;
  }
}
