import { describe, expect, it } from 'vitest';
import * as E from '../ops';
import { inverseAndLogAbsDet, relativeDifference } from '../testing/dense';
import { curveGrid, exactGpTarget, generateExactGpData, initExactGpParams, EXACT_GP_DEFAULTS } from './exactGp';
import type { CurveData } from './exactGp';
import { ExactGpRun } from './exactGpRun';
import { cpuKernelsName, disableWasmKernels, enableWasmKernels } from '../cpu/wasm';

const softplus = (v: number) => Math.log1p(Math.exp(v));
const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));

interface Raw {
  mean: number;
  rawOutputscale: number;
  rawLengthscale: number;
  rawNoise: number;
}

/**
 * The loss and its gradient written out from the formulas, in plain float64, with an explicit
 * inverse (Gauss–Jordan) instead of a factorisation and without the engine's autodiff:
 *   loss = (1/N) [ 1/2 r^T C^{-1} r + 1/2 log det C + N/2 log 2 pi ],
 *   d loss / d theta = (1/2N) tr((C^{-1} - alpha alpha^T) dC/dtheta),  d loss / dc = -(1/N) sum alpha,
 * with dC/da = sigmoid(a) E, dC/db = sigmoid(b) s^2 E ∘ D / l^3 (E the unit-variance kernel, D the
 * squared distances), dC/dn = sigmoid(n) I.
 */
function directLossAndGradient(data: CurveData, p: Raw): { loss: number; grad: Raw } {
  const n = data.n;
  const s2 = softplus(p.rawOutputscale);
  const l = softplus(p.rawLengthscale);
  const noise = EXACT_GP_DEFAULTS.noiseFloor + softplus(p.rawNoise);
  const unit = new Float64Array(n * n);
  const dist2 = new Float64Array(n * n);
  const c = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const d2 = (data.x[i] - data.x[j]) ** 2;
      dist2[i * n + j] = d2;
      unit[i * n + j] = Math.exp(-d2 / (2 * l * l));
      c[i * n + j] = s2 * unit[i * n + j] + (i === j ? noise : 0);
    }
  }
  const { inverse, logAbsDet } = inverseAndLogAbsDet(c, n);
  const r = Float64Array.from(data.y, (v) => v - p.mean);
  const alpha = new Float64Array(n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) alpha[i] += inverse[i * n + j] * r[j];
  const quad = r.reduce((s, v, i) => s + v * alpha[i], 0);
  const loss = (0.5 * quad + 0.5 * logAbsDet + 0.5 * n * Math.log(2 * Math.PI)) / n;
  // tr(W dC) with W = C^{-1} - alpha alpha^T.
  let trA = 0;
  let trB = 0;
  let trN = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const w = inverse[i * n + j] - alpha[i] * alpha[j];
      trA += w * unit[i * n + j];
      trB += w * s2 * unit[i * n + j] * (dist2[i * n + j] / l ** 3);
      if (i === j) trN += w;
    }
  }
  const scale = 1 / (2 * n);
  return {
    loss,
    grad: {
      mean: -alpha.reduce((s, v) => s + v, 0) / n,
      rawOutputscale: scale * trA * sigmoid(p.rawOutputscale),
      rawLengthscale: scale * trB * sigmoid(p.rawLengthscale),
      rawNoise: scale * trN * sigmoid(p.rawNoise),
    },
  };
}

function runAt(data: CurveData, p: Raw, path: 'fused' | 'generic') {
  const params = {
    mean: E.scalar(p.mean),
    rawOutputscale: E.scalar(p.rawOutputscale),
    rawLengthscale: E.scalar(p.rawLengthscale),
    rawNoise: E.scalar(p.rawNoise),
  };
  const run = new ExactGpRun({ data, path, params });
  const { loss, grads } = run.lossAndGradient();
  return { loss: loss.item(), grad: Object.fromEntries(Object.entries(grads).map(([k, v]) => [k, v.item()])) as unknown as Raw };
}

const names = ['mean', 'rawOutputscale', 'rawLengthscale', 'rawNoise'] as const;
const relative = (got: number, want: number) => Math.abs(got - want) / Math.abs(want);

describe('the exact GP', () => {
  const points: Raw[] = [
    { mean: 0, rawOutputscale: 0, rawLengthscale: 0, rawNoise: 0 },
    { mean: 0.1, rawOutputscale: 0.3, rawLengthscale: -1, rawNoise: -2 },
    { mean: -0.2, rawOutputscale: 1.1, rawLengthscale: -1.6, rawNoise: -3.5 },
  ];
  for (const [k, p] of points.entries()) {
    it(`loss and gradient at point ${k} against the formulas written out (float64, 1e-10 relative), on both paths`, () => {
      const data = generateExactGpData(60, 7 + k);
      const want = directLossAndGradient(data, p);
      for (const path of ['fused', 'generic'] as const) {
        const got = runAt(data, p, path);
        expect(relative(got.loss, want.loss), `${path} loss`).toBeLessThan(1e-10);
        for (const name of names) expect(relative(got.grad[name], want.grad[name]), `${path} d/d${name}`).toBeLessThan(1e-10);
      }
    });
  }

  it('the two paths give the same gradient to 1e-10 (relative) at N = 300', () => {
    const data = generateExactGpData(300, 3);
    for (const p of points) {
      const fused = runAt(data, p, 'fused');
      const generic = runAt(data, p, 'generic');
      for (const name of names) expect(relative(fused.grad[name], generic.grad[name]), name).toBeLessThan(1e-10);
    }
  });

  it('the two paths train the same 50 steps to 1e-9 (relative)', () => {
    const data = generateExactGpData(200, 0);
    const trace = (path: 'fused' | 'generic') => {
      const run = new ExactGpRun({ data, path });
      const losses = Array.from({ length: 50 }, () => run.step().loss.item());
      return { losses, final: names.map((name) => run.params[name].item()) };
    };
    const fused = trace('fused');
    const generic = trace('generic');
    for (let i = 0; i < 50; i++) expect(relative(fused.losses[i], generic.losses[i]), `loss ${i + 1}`).toBeLessThan(1e-9);
    expect(relativeDifference(fused.final, generic.final)).toBeLessThan(1e-9);
  });

  it('a recorded and replayed run trains the same 20 steps as one that runs every step, bit for bit', () => {
    const data = generateExactGpData(150, 4);
    const trace = (replay: boolean) => {
      const run = new ExactGpRun({ data, path: 'fused', replay });
      const out = Array.from({ length: 20 }, () => {
        const s = run.step();
        return [s.loss, s.outputscale, s.lengthscale, s.noise, s.mean].map((t) => t.item());
      });
      run.dispose();
      return out.flat();
    };
    expect(trace(true)).toEqual(trace(false));
  });

  it('50 steps (float64, both paths) agree to 1e-9 with the WebAssembly and the TypeScript kernels', async () => {
    const data = generateExactGpData(300, 6);
    const trace = (path: 'fused' | 'generic') => {
      const run = new ExactGpRun({ data, path });
      const losses = Array.from({ length: 50 }, () => run.step().loss.item());
      const final = names.map((name) => run.params[name].item());
      run.dispose();
      return [...losses, ...final];
    };
    expect(cpuKernelsName()).toBe('WebAssembly SIMD');
    const wasm = { fused: trace('fused'), generic: trace('generic') };
    disableWasmKernels();
    try {
      expect(cpuKernelsName()).toBe('JavaScript');
      for (const path of ['fused', 'generic'] as const) {
        const typescript = trace(path);
        for (let i = 0; i < typescript.length; i++) expect(relative(wasm[path][i], typescript[i]), `${path} ${i}`).toBeLessThan(1e-9);
      }
    } finally {
      await enableWasmKernels();
    }
  }, 120_000);

  it('fits the tutorial: lengthscale near 0.3, noise variance near 0.04 (sd 0.2), the loss falls', () => {
    for (const seed of [0, 1, 2]) {
      const run = new ExactGpRun({ data: generateExactGpData(200, seed) });
      const first = run.step().loss.item();
      let last = first;
      for (let i = 1; i < 50; i++) last = run.step().loss.item();
      const h = run.hyperparameters();
      expect(last, `seed ${seed}`).toBeLessThan(first - 0.8);
      expect(h.lengthscale.item(), `seed ${seed}`).toBeGreaterThan(0.2);
      expect(h.lengthscale.item(), `seed ${seed}`).toBeLessThan(0.4);
      expect(h.noise.item(), `seed ${seed}`).toBeGreaterThan(0.025);
      expect(h.noise.item(), `seed ${seed}`).toBeLessThan(0.06);
      const grid = curveGrid();
      const mean = run.predict(grid).mean.dataSync();
      const rmse = Math.sqrt(grid.reduce((s, x, i) => s + (mean[i] - exactGpTarget(x)) ** 2, 0) / grid.length);
      expect(rmse, `seed ${seed}`).toBeLessThan(0.08);
    }
  });

  it('predicts the posterior mean and variance of the formulas', () => {
    const data = generateExactGpData(40, 5);
    const p: Raw = { mean: 0.05, rawOutputscale: 0.2, rawLengthscale: -1.2, rawNoise: -2.5 };
    const params = { mean: E.scalar(p.mean), rawOutputscale: E.scalar(p.rawOutputscale), rawLengthscale: E.scalar(p.rawLengthscale), rawNoise: E.scalar(p.rawNoise) };
    const run = new ExactGpRun({ data, params });
    const xs = curveGrid(7, -0.2, 1.2);
    const got = run.predict(xs);
    const n = data.n;
    const s2 = softplus(p.rawOutputscale);
    const l = softplus(p.rawLengthscale);
    const k = (a: number, b: number) => s2 * Math.exp(-((a - b) ** 2) / (2 * l * l));
    const c = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) c[i * n + j] = k(data.x[i], data.x[j]) + (i === j ? EXACT_GP_DEFAULTS.noiseFloor + softplus(p.rawNoise) : 0);
    const inv = inverseAndLogAbsDet(c, n).inverse;
    const mean = new Float64Array(xs.length);
    const variance = new Float64Array(xs.length);
    for (let t = 0; t < xs.length; t++) {
      const ks = Float64Array.from(data.x, (xi) => k(xi, xs[t]));
      let m = p.mean;
      let q = 0;
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          m += ks[i] * inv[i * n + j] * (data.y[j] - p.mean);
          q += ks[i] * inv[i * n + j] * ks[j];
        }
      }
      mean[t] = m;
      variance[t] = s2 - q;
    }
    expect(relativeDifference(got.mean.dataSync(), mean)).toBeLessThan(1e-10);
    expect(relativeDifference(got.variance.dataSync(), variance)).toBeLessThan(1e-8);
  });

  it('starts where GPyTorch starts: every constrained value at ln 2 (the noise 1e-4 above)', () => {
    const run = new ExactGpRun({ data: generateExactGpData(10, 0) });
    const h = run.hyperparameters();
    expect(h.outputscale.item()).toBeCloseTo(Math.LN2, 15);
    expect(h.lengthscale.item()).toBeCloseTo(Math.LN2, 15);
    expect(h.noise.item()).toBeCloseTo(Math.LN2 + 1e-4, 15);
    expect(initExactGpParams().mean.item()).toBe(0);
  });

  it('draws the same data from the same seed, x in [0, 1]', () => {
    const a = generateExactGpData(100, 4);
    expect(Array.from(a.x)).toEqual(Array.from(generateExactGpData(100, 4).x));
    expect(Array.from(a.x)).not.toEqual(Array.from(generateExactGpData(100, 5).x));
    expect(a.x.every((v) => v >= 0 && v <= 1)).toBe(true);
    // The noise has standard deviation 0.2 about sin(2 pi x).
    const resid = Array.from(a.y, (y, i) => y - exactGpTarget(a.x[i]));
    const sd = Math.sqrt(resid.reduce((s, v) => s + v * v, 0) / resid.length);
    expect(sd).toBeGreaterThan(0.15);
    expect(sd).toBeLessThan(0.25);
  });
});
