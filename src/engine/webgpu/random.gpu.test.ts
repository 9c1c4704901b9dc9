/**
 * Threefry-2x32 in WGSL against src/engine/random.ts: the same key gives the same bits.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { bits, foldIn, key, normal, randint, split, uniform } from '../random';
import type { WebGpuBackend } from './backend';
import { sharedGpu } from './gpuTesting';

let gpu: WebGpuBackend;
beforeAll(async () => {
  gpu = await sharedGpu();
});

/** Keys from many seeds, including extreme words, plus split and fold-in descendants. */
function keys(): Uint32Array[] {
  const out: Uint32Array[] = [key(0), key(1), key(42), key(2 ** 32 - 1), key(2 ** 32), key(Number.MAX_SAFE_INTEGER), Uint32Array.of(0xffffffff, 0xffffffff)];
  let k = key(1234);
  for (let i = 0; i < 25; i++) {
    const [a, b] = split(k);
    out.push(a, foldIn(b, i * 7919));
    k = b;
  }
  return out;
}

function bitsOf(a: Float32Array): Uint32Array {
  return new Uint32Array(a.buffer, a.byteOffset, a.length);
}

describe('Threefry-2x32 in WGSL', () => {
  it('uniform float32 draws are bit-identical on 57 keys at counts 1 .. 4097', async () => {
    const counts = [1, 2, 63, 64, 65, 1000, 4097];
    for (const [i, k] of keys().entries()) {
      const count = counts[i % counts.length];
      const got = (await gpu.randomUniform(k, [count], 'f32').data()) as Float32Array;
      const want = uniform(k, count, 'f32');
      expect(Array.from(bitsOf(got)), `key ${Array.from(k)} count ${count}`).toEqual(Array.from(bitsOf(want)));
    }
  });

  it('the raw bits behind them match bits() (uniform = (bits >>> 9) * 2^-23 exactly)', async () => {
    const k = key(99);
    const u = (await gpu.randomUniform(k, [100000], 'f32').data()) as Float32Array;
    const b = bits(k, 100000);
    for (let i = 0; i < b.length; i++) {
      if (u[i] !== (b[i] >>> 9) * 2 ** -23) throw new Error(`counter ${i}: ${u[i]} vs bits ${b[i]}`);
    }
  });

  it('randint is bit-identical, including negative, huge and degenerate ranges', async () => {
    const ranges: [number, number][] = [
      [0, 10],
      [0, 2000],
      [0, 10000],
      [-5, 5],
      [-2147483648, 2147483647],
      [0, 65537],
      [3, 3],
      [7, 2],
      [-(2 ** 40), 2 ** 40],
    ];
    for (const [i, k] of keys().entries()) {
      const [lo, hi] = ranges[i % ranges.length];
      const count = [1, 65, 200, 1000][i % 4];
      const got = await gpu.randint(k, [count], lo, hi).data();
      expect(Array.from(got), `key ${Array.from(k)} [${lo}, ${hi})`).toEqual(Array.from(randint(k, count, lo, hi)));
    }
  });

  it('normal draws agree to a few float32 ulp (erfinv evaluated in f32 on the GPU, f64 on the host)', async () => {
    // The uniforms feeding the inverse CDF are bit-identical; erfinv differs by rounding only.
    let maxUlp = 0;
    let maxRel = 0;
    for (const k of keys().slice(0, 12)) {
      const got = (await gpu.randomNormal(k, [5000], 'f32').data()) as Float32Array;
      const want = normal(k, 5000, 'f32');
      const gb = bitsOf(got);
      const wb = bitsOf(want);
      for (let i = 0; i < want.length; i++) {
        maxUlp = Math.max(maxUlp, Math.abs(gb[i] - wb[i]));
        maxRel = Math.max(maxRel, Math.abs(got[i] - want[i]) / Math.max(Math.abs(want[i]), 1e-6));
      }
    }
    expect(maxRel).toBeLessThan(2e-6);
    expect(maxUlp).toBeLessThanOrEqual(16);
  });
});
