/**
 * The WebAssembly kernels in a real browser (headless Chromium; no GPU involved, but this is the
 * config that runs tests there): the module loads through Vite in the page and in a module
 * Worker, SIMD is detected, and the kernels agree with the TypeScript ones as they do in Node.
 */
import { expect, test } from 'vitest';
import { loadWasmKernels, simdSupported } from './kernels';
import type { ProbeReply, ProbeRequest } from './kernelsProbe.worker';
import { matmulInto } from '../ops/matmul/cpu';
import { rbfBackwardInto, rbfInto } from '../ops/rbf/cpu';
import { tanh } from '../cpu/fastMath';
import { randomValues } from '../testing/fixtures';
import { TOLERANCE, elementwiseError, inArena, normwiseError } from './testHarness';

test('Chromium has WebAssembly SIMD and the page loads the kernels', async () => {
  expect(simdSupported()).toBe(true);
  const status = await loadWasmKernels();
  expect(status.ok ? 'loaded' : status.reason).toBe('loaded');
});

test('in the page, matmul, the RBF kernel with its backward, and tanh agree with the TypeScript kernels', async () => {
  const status = await loadWasmKernels();
  if (!status.ok) throw new Error(status.reason);
  const k = status.kernels;
  const [m, kk, n] = [50, 50, 203];
  const a = randomValues(m * kk, 1);
  const b = randomValues(kk * n, 2);
  const product = new Float64Array(m * n);
  matmulInto(a, b, product, m, kk, n, false, false);
  const z = randomValues(50 * 2, 3);
  const x = randomValues(203 * 2, 4);
  const kzx = new Float64Array(50 * 203);
  rbfInto(z, x, kzx, 50, 203, 2, 1.3, 0.6);
  const g = randomValues(50 * 203, 5);
  const [dA, dB] = [new Float64Array(100), new Float64Array(406)];
  rbfBackwardInto(z, x, kzx, g, 50, 203, 2, 0.6, dA, dB);
  const xs = randomValues(1001, 6, -8, 8);
  const got = inArena(k, (io) => {
    const out = io.garbage('f64', m * n);
    k.f64.matmul(io.input('f64', a), io.input('f64', b), out, m, kk, n, false, false);
    const pk = io.garbage('f64', 50 * 203);
    const [pz, px] = [io.input('f64', z), io.input('f64', x)];
    k.f64.rbf(pz, px, pk, 50, 203, 2, 1.3, 0.6);
    const [pdA, pdB, pSums] = [io.garbage('f64', 100), io.garbage('f64', 406), io.garbage('f64', 2)];
    k.f64.rbfBackward(pz, px, io.input('f64', kzx), io.input('f64', g), 50, 203, 2, 0.6, pdA, pdB, pSums);
    const pt = io.garbage('f64', xs.length);
    k.f64.map('tanh', io.input('f64', xs), pt, xs.length);
    return {
      product: io.read('f64', out, m * n),
      kzx: io.read('f64', pk, 50 * 203),
      dA: io.read('f64', pdA, 100),
      dB: io.read('f64', pdB, 406),
      tanh: io.read('f64', pt, xs.length),
    };
  });
  expect(normwiseError(got.product, product)).toBeLessThan(TOLERANCE.f64);
  expect(normwiseError(got.kzx, kzx)).toBeLessThan(TOLERANCE.f64);
  expect(normwiseError(got.dA, dA)).toBeLessThan(TOLERANCE.f64);
  expect(normwiseError(got.dB, dB)).toBeLessThan(TOLERANCE.f64);
  expect(elementwiseError(got.tanh, Array.from(xs, tanh))).toBeLessThan(1e-15);
});

test('a module Worker loads the kernels and computes the same product', async () => {
  const [m, k, n] = [17, 50, 257];
  const request: ProbeRequest = { a: randomValues(m * k, 7), b: randomValues(k * n, 8), m, k, n };
  const expected = new Float64Array(m * n);
  matmulInto(request.a, request.b, expected, m, k, n, false, false);
  const worker = new Worker(new URL('./kernelsProbe.worker.ts', import.meta.url), { type: 'module' });
  try {
    const reply = await new Promise<ProbeReply>((resolve, reject) => {
      worker.onmessage = (e: MessageEvent<ProbeReply>) => resolve(e.data);
      worker.onerror = (e) => reject(new Error(`worker failed: ${e.message}`));
      worker.postMessage(request);
    });
    if (!reply.ok) throw new Error(reply.reason);
    expect(normwiseError(reply.out, expected)).toBeLessThan(TOLERANCE.f64);
  } finally {
    worker.terminate();
  }
});
