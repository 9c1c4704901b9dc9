/** The squared-exponential (RBF) cross-kernel and its fused backward pass on the cpu. */
import type { Tensor, TypedArray } from '../../tensor';
import type { CpuKernelApi } from '../../cpu/kernelApi';
import type { RbfGrads } from './rbf';

/** k[i,j] = s2 exp(-|a_i - b_j|^2 / (2 l^2)); a [p,d], b [q,d], k [p,q]. */
export function rbfInto(a: TypedArray, b: TypedArray, k: TypedArray, p: number, q: number, d: number, s2: number, l: number): void {
  const c = -0.5 / (l * l);
  for (let i = 0; i < p; i++) {
    for (let j = 0; j < q; j++) {
      let r2 = 0;
      for (let t = 0; t < d; t++) {
        const diff = a[i * d + t] - b[j * d + t];
        r2 += diff * diff;
      }
      k[i * q + j] = s2 * Math.exp(c * r2);
    }
  }
}

/**
 * Gradients of sum(g ∘ k) for k = rbf(a, b): with h = g ∘ k,
 * dA_i = (sum_j h_ij (b_j - a_i)) / l^2, dB_j = (sum_i h_ij (a_i - b_j)) / l^2,
 * d log s2 = sum h, d log l = sum(h r2) / l^2.
 */
export function rbfBackwardInto(
  a: TypedArray,
  b: TypedArray,
  k: TypedArray,
  g: TypedArray,
  p: number,
  q: number,
  d: number,
  l: number,
  dA: TypedArray,
  dB: TypedArray,
): { dLogVariance: number; dLogLengthscale: number } {
  const il2 = 1 / (l * l);
  dA.fill(0);
  dB.fill(0);
  let sumH = 0;
  let sumHr2 = 0;
  for (let i = 0; i < p; i++) {
    for (let j = 0; j < q; j++) {
      const h = g[i * q + j] * k[i * q + j];
      if (h === 0) continue;
      let r2 = 0;
      for (let t = 0; t < d; t++) {
        const diff = a[i * d + t] - b[j * d + t];
        r2 += diff * diff;
        dA[i * d + t] -= h * diff;
        dB[j * d + t] += h * diff;
      }
      sumH += h;
      sumHr2 += h * r2;
    }
  }
  for (let t = 0; t < p * d; t++) dA[t] *= il2;
  for (let t = 0; t < q * d; t++) dB[t] *= il2;
  return { dLogVariance: sumH, dLogLengthscale: sumHr2 * il2 };
}

/** k = rbf(a, b, logVariance, logLengthscale) [p,q] for a [p,d], b [q,d]. */
export function rbfCpu(cpu: CpuKernelApi, a: Tensor, b: Tensor, logVariance: Tensor, logLengthscale: Tensor): Tensor {
  const [p, d] = a.shape;
  const q = b.shape[0];
  const out = cpu.output([p, q], a.dtype);
  rbfInto(cpu.data(a), cpu.data(b), cpu.data(out), p, q, d, Math.exp(cpu.data(logVariance)[0]), Math.exp(cpu.data(logLengthscale)[0]));
  return out;
}

/** The input gradients a backward RBF kernel writes: dA like a [p,d], dB like b [q,d]. */
export function rbfInputGradOutputs(cpu: CpuKernelApi, a: Tensor, b: Tensor): { dA: Tensor; dB: Tensor } {
  return { dA: cpu.output(a.shape, a.dtype), dB: cpu.output(b.shape, b.dtype) };
}

/** Gradients of sum(g ∘ k) for k = rbf(a, b, ...), k passed in. */
export function rbfBackwardCpu(cpu: CpuKernelApi, a: Tensor, b: Tensor, logLengthscale: Tensor, k: Tensor, g: Tensor): RbfGrads {
  const [p, d] = a.shape;
  const q = b.shape[0];
  const { dA, dB } = rbfInputGradOutputs(cpu, a, b);
  const l = Math.exp(cpu.data(logLengthscale)[0]);
  const s = rbfBackwardInto(cpu.data(a), cpu.data(b), cpu.data(k), cpu.data(g), p, q, d, l, cpu.data(dA), cpu.data(dB));
  return {
    dA,
    dB,
    dLogVariance: cpu.fromArray([s.dLogVariance], [], a.dtype),
    dLogLengthscale: cpu.fromArray([s.dLogLengthscale], [], a.dtype),
  };
}
