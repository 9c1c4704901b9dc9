/**
 * The fused dense layer on the cpu. At the sizes of the notebooks (a 2-4-3-1 network on a
 * thousand points) one kernel call replaces five to ten generic ops, whose fixed cost per op
 * (allocation, dispatch, graph bookkeeping) would otherwise dominate the arithmetic.
 */
import type { Tensor, TypedArray } from '../../tensor';
import type { CpuKernelApi } from '../../cpu/kernelApi';
import { tanhInPlace } from '../../cpu/fastMath';
import type { DenseActivation, DenseGrads } from './dense';

/**
 * out = act(x w + b): x [n,k], w [k,m], b [m], out [n,m], all row-major. Inputs of width 1 to 4
 * (every layer of the notebooks' networks) get loops with the row of x held in locals, about
 * twice as fast as the general triple loop.
 */
export function denseInto(x: TypedArray, w: TypedArray, b: TypedArray, out: TypedArray, n: number, k: number, m: number, activation: DenseActivation): void {
  if (k === 1) {
    for (let i = 0; i < n; i++) {
      const x0 = x[i];
      const oi = i * m;
      for (let j = 0; j < m; j++) out[oi + j] = b[j] + x0 * w[j];
    }
  } else if (k === 2) {
    for (let i = 0; i < n; i++) {
      const x0 = x[2 * i];
      const x1 = x[2 * i + 1];
      const oi = i * m;
      for (let j = 0; j < m; j++) out[oi + j] = b[j] + x0 * w[j] + x1 * w[m + j];
    }
  } else if (k === 3) {
    for (let i = 0; i < n; i++) {
      const x0 = x[3 * i];
      const x1 = x[3 * i + 1];
      const x2 = x[3 * i + 2];
      const oi = i * m;
      for (let j = 0; j < m; j++) out[oi + j] = b[j] + x0 * w[j] + x1 * w[m + j] + x2 * w[2 * m + j];
    }
  } else if (k === 4) {
    for (let i = 0; i < n; i++) {
      const x0 = x[4 * i];
      const x1 = x[4 * i + 1];
      const x2 = x[4 * i + 2];
      const x3 = x[4 * i + 3];
      const oi = i * m;
      for (let j = 0; j < m; j++) out[oi + j] = b[j] + x0 * w[j] + x1 * w[m + j] + x2 * w[2 * m + j] + x3 * w[3 * m + j];
    }
  } else {
    for (let i = 0; i < n; i++) {
      const xi = i * k;
      const oi = i * m;
      for (let j = 0; j < m; j++) {
        let s = b[j];
        for (let t = 0; t < k; t++) s += x[xi + t] * w[t * m + j];
        out[oi + j] = s;
      }
    }
  }
  if (activation === 'tanh') tanhInPlace(out, n * m);
}

/** Scratch for the pre-activation cotangent, grown on demand and reused across calls. */
let scratch = new Float64Array(0);

/**
 * Gradients of sum(g ∘ out) for out = act(x w + b). With the pre-activation cotangent
 * d = g ∘ act'(out) (act' = 1 for linear, 1 - out^2 for tanh):
 * dx = d w^T [n,k] (skipped when dx is null: x is data), dw = x^T d [k,m], db = column sums of d [m].
 * Each output entry is summed in a local variable, so no loop waits on a store of the previous one.
 */
export function denseBackwardInto(
  x: TypedArray,
  w: TypedArray,
  out: TypedArray,
  g: TypedArray,
  n: number,
  k: number,
  m: number,
  activation: DenseActivation,
  dx: TypedArray | null,
  dw: TypedArray,
  db: TypedArray,
): void {
  const nm = n * m;
  if (scratch.length < nm) scratch = new Float64Array(nm);
  const d = scratch;
  if (activation === 'tanh') {
    for (let q = 0; q < nm; q++) {
      const o = out[q];
      d[q] = g[q] * (1 - o * o);
    }
  } else {
    for (let q = 0; q < nm; q++) d[q] = g[q];
  }
  for (let j = 0; j < m; j++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += d[i * m + j];
    db[j] = s;
    for (let t = 0; t < k; t++) {
      let a = 0;
      for (let i = 0; i < n; i++) a += x[i * k + t] * d[i * m + j];
      dw[t * m + j] = a;
    }
  }
  if (dx === null) return;
  for (let i = 0; i < n; i++) {
    const di = i * m;
    for (let t = 0; t < k; t++) {
      let a = 0;
      for (let j = 0; j < m; j++) a += d[di + j] * w[t * m + j];
      dx[i * k + t] = a;
    }
  }
}

/** act(x w + b) [n,m] for x [n,k], w [k,m], b [m]. */
export function denseCpu(cpu: CpuKernelApi, x: Tensor, w: Tensor, b: Tensor, activation: DenseActivation): Tensor {
  const [n, k] = x.shape;
  const m = w.shape[1];
  const out = cpu.output([n, m], x.dtype);
  denseInto(cpu.data(x), cpu.data(w), cpu.data(b), cpu.data(out), n, k, m, activation);
  return out;
}

/** The dense layer's gradient tensors, made for a backward kernel to write: dx like x (only if needDx), dw like w [k,m], db [m]. */
export function denseGradOutputs(cpu: CpuKernelApi, x: Tensor, w: Tensor, needDx: boolean): DenseGrads {
  const dx = needDx ? cpu.output(x.shape, x.dtype) : null;
  const dw = cpu.output(w.shape, w.dtype);
  const db = cpu.output([w.shape[1]], w.dtype);
  return { dx, dw, db };
}

/** Gradients of sum(g ∘ out) for out = dense(x, w, b, activation); dx only if needDx. */
export function denseBackwardCpu(cpu: CpuKernelApi, x: Tensor, w: Tensor, out: Tensor, g: Tensor, activation: DenseActivation, needDx: boolean): DenseGrads {
  const [n, k] = x.shape;
  const m = w.shape[1];
  const { dx, dw, db } = denseGradOutputs(cpu, x, w, needDx);
  denseBackwardInto(cpu.data(x), cpu.data(w), cpu.data(out), cpu.data(g), n, k, m, activation, dx && cpu.data(dx), cpu.data(dw), cpu.data(db));
  return { dx, dw, db };
}
