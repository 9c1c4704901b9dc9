/**
 * Helpers of the GPU tests: run the same computation on the webgpu backend and on the cpu
 * backend in float32 from the same inputs, and compare values and gradients.
 */
import { expect } from 'vitest';
import type { Backend, DType, Tensor, TypedArray } from '../tensor';
import { tidy } from '../tensor';
import * as E from '../ops';
import { cpu } from '../cpu/backend';
import { valueAndGrad } from '../grad';
import type { WebGpuBackend } from './backend';
import { createWebGpuBackend } from './backend';
import { randomSpdValues, randomValues } from '../testing/fixtures';

let shared: Promise<WebGpuBackend> | null = null;

/** One webgpu backend for a whole test file (device creation is slow on software GPUs). */
export function sharedGpu(): Promise<WebGpuBackend> {
  if (!shared) {
    shared = createWebGpuBackend().then((b) => {
      b.onError((e) => console.error(`[webgpu ${e.kind}] ${e.message}`));
      return b;
    });
  }
  return shared;
}

/** An input given as plain numbers: created identically on both backends. */
export interface Input {
  data: ArrayLike<number>;
  shape: number[];
  dtype?: DType;
}

export interface Tolerance {
  /** Relative tolerance per element. */
  rtol?: number;
  /** Absolute tolerance, as a fraction of the largest |reference| value of the output. */
  atol?: number;
}

/** Asserts |got - want| <= atol * max|want| + rtol * |want| elementwise (NaN must match NaN). */
export function expectClose(got: TypedArray | ArrayLike<number>, want: TypedArray | ArrayLike<number>, tol: Tolerance = {}, what = 'value'): void {
  const rtol = tol.rtol ?? 2e-5;
  const atolRel = tol.atol ?? 2e-6;
  expect(got.length, `${what}: length`).toBe(want.length);
  let scale = 0;
  for (let i = 0; i < want.length; i++) if (Number.isFinite(want[i])) scale = Math.max(scale, Math.abs(want[i]));
  const atol = atolRel * Math.max(scale, 1e-30);
  let worst = 0;
  let worstAt = -1;
  for (let i = 0; i < want.length; i++) {
    const g = got[i];
    const w = want[i];
    if (Number.isNaN(w) || !Number.isFinite(w)) {
      if (!Object.is(g, w) && !(Number.isNaN(g) && Number.isNaN(w))) {
        throw new Error(`${what}[${i}]: got ${g}, want ${w}`);
      }
      continue;
    }
    const excess = Math.abs(g - w) / (atol + rtol * Math.abs(w));
    if (!(excess <= worst)) {
      worst = Number.isNaN(excess) ? Infinity : excess;
      worstAt = i;
    }
  }
  if (worst > 1) {
    throw new Error(
      `${what}[${worstAt}]: got ${got[worstAt]}, want ${want[worstAt]} (|diff| ${Math.abs(got[worstAt] - want[worstAt]).toExponential(3)}, ` +
        `${worst.toFixed(1)}x the tolerance rtol ${rtol}, atol ${atol.toExponential(2)})`,
    );
  }
}

function make(b: Backend, i: Input): Tensor {
  return E.tensor(i.data, i.shape, { backend: b, dtype: i.dtype ?? 'f32' });
}

function asList(r: Tensor | Tensor[]): Tensor[] {
  return Array.isArray(r) ? r : [r];
}

/** Runs f on both backends from the same inputs and compares every output. */
export async function compareForward(gpu: WebGpuBackend, f: (...xs: Tensor[]) => Tensor | Tensor[], inputs: Input[], tol: Tolerance = {}, what = 'forward'): Promise<void> {
  const want = tidy(() => asList(f(...inputs.map((i) => make(cpu, i)))).map((t) => ({ shape: [...t.shape], data: t.dataSync() })));
  const gIn = inputs.map((i) => make(gpu, i));
  const gOut = tidy(() => asList(f(...gIn)));
  try {
    for (let k = 0; k < want.length; k++) {
      expect(gOut[k].shape, `${what} output ${k} shape`).toEqual(want[k].shape);
      expectClose(await gOut[k].data(), want[k].data, tol, `${what} output ${k}`);
    }
  } finally {
    for (const t of [...gIn, ...gOut]) t.dispose();
  }
}

/**
 * valueAndGrad(f) on both backends from the same parameters: compares the value and the
 * gradient of every parameter.
 */
export async function compareGrad(
  gpu: WebGpuBackend,
  f: (p: Record<string, Tensor>) => Tensor,
  params: Record<string, Input>,
  tol: Tolerance = {},
  what = 'grad',
): Promise<void> {
  const names = Object.keys(params);
  const vg = valueAndGrad(f);
  const want = tidy(() => {
    const p: Record<string, Tensor> = {};
    for (const n of names) p[n] = make(cpu, params[n]);
    const r = vg(p);
    return { value: r.value.dataSync(), grads: names.map((n) => r.grads[n].dataSync()) };
  });
  const gp: Record<string, Tensor> = {};
  for (const n of names) gp[n] = make(gpu, params[n]);
  const r = tidy(() => vg(gp));
  try {
    expectClose(await r.value.data(), want.value, tol, `${what} value`);
    for (let k = 0; k < names.length; k++) {
      expectClose(await r.grads[names[k]].data(), want.grads[k], tol, `${what} d/d${names[k]}`);
    }
  } finally {
    r.value.dispose();
    for (const n of names) {
      r.grads[n].dispose();
      gp[n].dispose();
    }
  }
}

/** Values uniform in [lo, hi) (the unit tests' fixture generator). */
export const values = randomValues;

/** An input of the given shape with entries uniform in [lo, hi). */
export function rand(shape: number[], seed: number, lo = -1, hi = 1): Input {
  return { data: values(shape.reduce((a, b) => a * b, 1), seed, lo, hi), shape };
}

/** A well-conditioned SPD matrix X X^T / n + I as an input [n,n]. */
export function spd(n: number, seed: number): Input {
  return { data: randomSpdValues(n, seed), shape: [n, n] };
}

/** A lower-triangular matrix with a dominant diagonal (a well-conditioned solve) [n,n]. */
export function lowerTriangular(n: number, seed: number): Input {
  const x = values(n * n, seed, -0.5, 0.5);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) x[i * n + j] = 0;
    x[i * n + i] = 1 + Math.abs(x[i * n + i]) + 0.1 * Math.sqrt(n);
  }
  return { data: x, shape: [n, n] };
}

/**
 * A symmetric positive-definite matrix 2 I + (W + W^T) / (2 sqrt(n)), W uniform in [-1, 1): its
 * eigenvalues lie near [1.2, 2.8] for any n, and it costs n^2 to make (for n in the thousands).
 */
export function spdLarge(n: number, seed: number): Input {
  const w = values(n * n, seed);
  const a = new Float64Array(n * n);
  const s = 1 / (2 * Math.sqrt(n));
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) a[i * n + j] = (i === j ? 2 : 0) + s * (w[i * n + j] + w[j * n + i]);
  return { data: a, shape: [n, n] };
}

/**
 * A lower-triangular matrix that stays well conditioned for any n: diagonal in [1, 2),
 * off-diagonal entries uniform in [-0.5, 0.5) / sqrt(n), so substitution does not grow.
 */
export function lowerTriangularLarge(n: number, seed: number): Input {
  const x = values(n * n, seed, -0.5, 0.5);
  const s = 1 / Math.sqrt(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) x[i * n + j] = j > i ? 0 : j === i ? 1.5 + x[i * n + j] : s * x[i * n + j];
  }
  return { data: x, shape: [n, n] };
}
