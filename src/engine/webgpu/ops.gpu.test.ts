/**
 * Every kernel of the webgpu backend against the cpu backend in float32, forward and gradient,
 * at several sizes including ones that are not multiples of the workgroup size (64).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Tensor } from '../tensor';
import * as E from '../ops';
import { adamStep } from '../ops/adamStep/adamStep';
import type { WebGpuBackend } from './backend';
import { createWebGpuBackend } from './backend';
import type { Input } from './gpuTesting';
import { compareForward, compareGrad, lowerTriangular, rand, sharedGpu, spd, values } from './gpuTesting';
import { weightedSum } from '../testing/fixtures';

let gpu: WebGpuBackend;
beforeAll(async () => {
  gpu = await sharedGpu();
});

/** sum(w * y) with fixed distinct weights w in [0.5, 1.5): a scalar that depends on every entry of y. */
const weighted = (y: Tensor, seed = 99): Tensor => weightedSum(y, seed, 0.5, 1.5);

const SIZES = [[1], [7], [63], [65], [1000], [3, 129]];

describe('unary maps, f32', () => {
  const cases: [string, (x: Tensor) => Tensor, number, number, number?][] = [
    ['neg', E.neg, -3, 3],
    ['exp', E.exp, -5, 5],
    ['log', E.log, 0.01, 50],
    ['log1p', E.log1p, -0.9, 30],
    ['sqrt', E.sqrt, 0.001, 100],
    ['square', E.square, -10, 10],
    ['abs', E.abs, -4, 4],
    ['sign', E.sign, -2, 2],
    ['reciprocal', E.reciprocal, 0.05, 20],
    ['tanh', E.tanh, -12, 12],
    ['sigmoid', E.sigmoid, -30, 30],
    ['softplus', E.softplus, -30, 30],
    ['lgamma', E.lgamma, 0.01, 40, 2e-6],
    ['digamma', E.digamma, 0.05, 40, 2e-6],
    ['trigamma', E.trigamma, 0.05, 40],
  ];
  for (const [name, f, lo, hi, atol] of cases) {
    it(`${name}: forward at sizes ${SIZES.map((s) => `[${s}]`).join(' ')}`, async () => {
      for (const [k, shape] of SIZES.entries()) {
        await compareForward(gpu, f, [rand(shape, 10 + k, lo, hi)], { rtol: 3e-6, atol: atol ?? 3e-7 }, `${name}[${shape}]`);
      }
    });
    if (name !== 'sign' && name !== 'trigamma') {
      it(`${name}: gradient`, async () => {
        await compareGrad(gpu, (p) => weighted(f(p.x)), { x: rand([65], 3, lo, hi) }, { rtol: 2e-5, atol: 2e-6 }, name);
      });
    }
  }

  it('exp is within 1.5 ulp over the whole normal range, with IEEE special values (not the builtin: shaders/exp.wgsl)', async () => {
    const count = 20001;
    const x = Float32Array.from({ length: count }, (_, i) => -87 + (175.7 * i) / (count - 1));
    const got = await E.exp(E.tensor(x, [count], { backend: gpu, dtype: 'f32' })).data();
    let worst = 0;
    for (let i = 0; i < count; i++) {
      const want = Math.exp(x[i]);
      // One ulp of want in float32: 2^(floor(log2 want) - 23).
      const ulp = 2 ** (Math.floor(Math.log2(want)) - 23);
      worst = Math.max(worst, Math.abs(got[i] - want) / ulp);
    }
    expect(worst, 'largest error in ulp').toBeLessThan(1.5);
    const special = await E.exp(E.tensor([Number.NaN, Infinity, -Infinity, 89, -110, 0], [6], { backend: gpu, dtype: 'f32' })).data();
    expect(Array.from(special)).toEqual([Number.NaN, Infinity, 0, Infinity, 0, 1]);
  });

  it('small arguments keep their relative accuracy (tanh, log1p, lgamma near 1 and 2)', async () => {
    const x = { data: [1e-7, -3e-5, 0.01, 0.3, 0.62, -0.63, 1, 2, 1 + 1e-3, 2 - 1e-3], shape: [10] };
    await compareForward(gpu, E.tanh, [x], { rtol: 3e-6, atol: 0 });
    await compareForward(gpu, E.log1p, [x], { rtol: 3e-6, atol: 0 });
    const pos = { data: [1e-5, 0.5, 1, 1.001, 1.4616, 2, 2.001, 3.5, 7.9, 8, 1e4], shape: [11] };
    await compareForward(gpu, E.lgamma, [pos], { rtol: 4e-6, atol: 1e-7 });
    await compareForward(gpu, E.digamma, [pos], { rtol: 4e-6, atol: 1e-7 });
  });
});

describe('binary maps with broadcasting, f32', () => {
  const shapes: [number[], number[]][] = [
    [[65], [65]],
    [[3, 67], [67]],
    [[67, 3], [67, 1]],
    [[5, 1], [1, 130]],
    [[2, 3, 65], [3, 1]],
    [[129, 7], []],
    [[], [4, 4]],
  ];
  for (const op of ['add', 'sub', 'mul', 'div', 'maximum', 'minimum'] as const) {
    it(`${op}: forward and gradients`, async () => {
      for (const [k, [sa, sb]] of shapes.entries()) {
        const a = rand(sa, 20 + k, 0.5, 2);
        const b = rand(sb, 40 + k, 0.5, 2);
        await compareForward(gpu, (x, y) => E[op](x, y), [a, b], {}, `${op} [${sa}] [${sb}]`);
        await compareGrad(gpu, (p) => weighted(E[op](p.a, p.b)), { a, b }, { rtol: 3e-5, atol: 3e-6 }, `${op} [${sa}] [${sb}]`);
      }
    });
  }

  it('greater gives 1 or 0, and scalar operands broadcast', async () => {
    await compareForward(gpu, (x, y) => E.greater(x, y), [rand([67, 3], 1), rand([3], 2)]);
    await compareForward(gpu, (x) => E.add(E.mul(x, 2.5), -1), [rand([1000], 3)]);
    await compareForward(gpu, (x) => E.div(1, E.sub(3, x)), [rand([5, 7], 4)]);
  });

  it('long chains fuse into one kernel and stay correct', async () => {
    const before = gpu.stats.dispatches;
    await compareForward(
      gpu,
      (x, y) => {
        let z = x;
        for (let i = 0; i < 60; i++) z = E.add(E.mul(z, 0.9), E.mul(y, 0.01 * i));
        return z;
      },
      [rand([130], 5), rand([130], 6)],
      { rtol: 1e-4, atol: 1e-5 },
    );
    // 60 steps of two multiplies and an add: a handful of fused kernels, not 180 dispatches.
    expect(gpu.stats.dispatches - before).toBeLessThan(12);
  });

  it('NaN and infinities propagate as on the cpu backend', async () => {
    const x = { data: [NaN, Infinity, -Infinity, 0, -0, 1], shape: [6] };
    const y = { data: [1, 1, 1, 0, 1, NaN], shape: [6] };
    await compareForward(gpu, (a, b) => [E.add(a, b), E.maximum(a, b), E.minimum(a, b), E.sign(a), E.exp(a), E.mul(a, b)], [x, y]);
    await compareForward(gpu, (a) => [E.log(a), E.sqrt(a), E.tanh(a), E.sigmoid(a), E.softplus(a), E.neg(a), E.abs(a), E.log1p(a)], [{ data: [NaN, Infinity, 0, 1, 2, 1e-30], shape: [6] }]);
  });
});

describe('reductions, f32', () => {
  const shapes = [[1], [7], [1000], [5000], [3, 129], [129, 3], [65, 66], [4, 5, 67], [2, 3, 4, 5]];
  it('sum and max over every axis and over all, forward', async () => {
    for (const [k, shape] of shapes.entries()) {
      const x = rand(shape, 50 + k, -2, 2);
      const axesList: (number[] | undefined)[] = [undefined, ...shape.map((_, i) => [i])];
      if (shape.length >= 3) axesList.push([0, 2], [1, 2], [0, shape.length - 1]);
      for (const axes of axesList) {
        await compareForward(gpu, (t) => [E.sum(t, axes), E.max(t, axes), E.mean(t, axes, true)], [x], { rtol: 2e-5, atol: 2e-6 }, `reduce [${shape}] axes ${axes}`);
      }
    }
  });

  it('sum of an expression fuses the expression into the reduction', async () => {
    const x = rand([129, 65], 1);
    const y = rand([65], 2);
    const before = gpu.stats.dispatches;
    await compareForward(gpu, (a, b) => E.sum(E.square(E.sub(a, b)), 1), [x, y]);
    expect(gpu.stats.dispatches - before).toBe(1);
  });

  it('small reductions are evaluated inside the scalar kernel that reads them', async () => {
    const a = rand([50, 50], 1);
    const b = rand([50, 1], 2);
    const c = rand([2, 200], 3);
    const before = gpu.stats.dispatches;
    await compareForward(
      gpu,
      (x, y, z) => {
        const rows = E.sum(z, 1);
        const pick = (k: number) => E.sliceFlat(rows, k, []);
        return E.add(E.mul(E.sum(E.mul(x, x)), 0.5), E.sub(E.max(E.abs(y)), E.div(pick(0), E.exp(pick(1)))));
      },
      [a, b, c],
      { rtol: 2e-5, atol: 1e-6 },
    );
    expect(gpu.stats.dispatches - before).toBe(1);
    // Read where the coordinates vary (x - max over rows): computed by a kernel of its own.
    await compareForward(gpu, (x) => E.sub(x, E.max(x, 1, true)), [rand([7, 65], 4)]);
  });

  it('logsumexp and reductions have the right gradients', async () => {
    const x = rand([7, 65], 3, -3, 3);
    await compareGrad(gpu, (p) => weighted(E.logsumexp(p.x, 1)), { x });
    await compareGrad(gpu, (p) => weighted(E.sum(p.x, 0)), { x });
    await compareGrad(gpu, (p) => E.sum(E.mean(p.x)), { x });
  });

  it('max propagates NaN like the cpu backend', async () => {
    await compareForward(gpu, (t) => [E.max(t), E.max(t, 1)], [{ data: [1, NaN, 3, 4, 5, 6], shape: [2, 3] }]);
  });
});

describe('shape ops, f32', () => {
  it('transpose, expand, reshape, tril, triu, diag, diagMatrix, eye, cast', async () => {
    const m = rand([67, 5], 1);
    await compareForward(gpu, (x) => E.transpose(x), [m]);
    await compareForward(gpu, (x) => E.broadcastTo(x, [3, 67, 5]), [m]);
    await compareForward(gpu, (x) => E.reshape(E.exp(x), [5, 67]), [m]);
    await compareForward(gpu, (x) => E.reshape(E.transpose(x), [335]), [m]);
    const sq = rand([65, 65], 2);
    await compareForward(gpu, (x) => [E.tril(x), E.tril(x, 0.5), E.triu(x), E.diag(x), E.diagMatrix(E.diag(x))], [sq]);
    await compareForward(gpu, (x) => E.add(E.eye(66, { backend: x.backend, dtype: 'f32' }), x), [rand([66], 3)]);
    await compareForward(gpu, (x) => E.cast(E.cast(x, 'f32'), 'f32'), [m]);
  });

  it('gradients of shape ops', async () => {
    const sq = rand([7, 7], 2);
    await compareGrad(gpu, (p) => weighted(E.add(E.tril(p.x, 0.5), E.transpose(p.x))), { x: sq });
    await compareGrad(gpu, (p) => weighted(E.diagMatrix(E.diag(p.x))), { x: sq });
    await compareGrad(gpu, (p) => weighted(E.broadcastTo(p.x, [3, 7, 7])), { x: sq });
  });
});

describe('matrix products, f32', () => {
  const dims: [number, number, number][] = [
    [1, 1, 1],
    [5, 7, 3],
    [50, 50, 200],
    [13, 1000, 3],
    [50, 2000, 1],
    [65, 3, 130],
    // Multiples of 4 everywhere: the vec4 tile loads of both operands in every layout.
    [8, 12, 16],
    [100, 64, 36],
  ];
  for (const [transA, transB] of [
    [false, false],
    [true, false],
    [false, true],
    [true, true],
  ] as const) {
    it(`matmul transA=${transA} transB=${transB}: forward and gradients`, async () => {
      for (const [k, [m, kk, n]] of dims.entries()) {
        const a = rand(transA ? [kk, m] : [m, kk], 60 + k);
        const b = rand(transB ? [n, kk] : [kk, n], 70 + k);
        await compareForward(gpu, (x, y) => E.matmul(x, y, { transA, transB }), [a, b], { rtol: 1e-4, atol: 1e-5 }, `matmul ${m}x${kk}x${n}`);
        if (m * kk * n < 2e5) {
          await compareGrad(gpu, (p) => weighted(E.matmul(p.a, p.b, { transA, transB })), { a, b }, { rtol: 1e-4, atol: 1e-5 }, `matmul ${m}x${kk}x${n}`);
        }
      }
    });
  }

  it('operands read through tril() or transposed are not copied, and stay correct', async () => {
    const a = rand([50, 50], 1);
    const b = rand([50, 50], 2);
    const before = gpu.stats.dispatches;
    await compareForward(gpu, (x, y) => E.matmul(E.tril(x), E.tril(y, 0.5), { transB: true }), [a, b], { rtol: 1e-4, atol: 1e-5 });
    expect(gpu.stats.dispatches - before).toBe(1);
    await compareForward(gpu, (x, y) => E.matmul(E.transpose(E.tril(x)), E.tril(y), { transA: true }), [a, b], { rtol: 1e-4, atol: 1e-5 });
    await compareGrad(gpu, (p) => weighted(E.matmul(E.tril(p.a), E.tril(p.a), { transB: true })), { a: rand([7, 7], 3) }, { rtol: 1e-4, atol: 1e-5 });
    const l = lowerTriangular(50, 4);
    for (const lower of [true, false]) {
      for (const transpose of [false, true]) {
        const t = lower ? l : { data: transposeValues(l), shape: l.shape };
        await compareForward(gpu, (x, y) => E.triangularSolve(x, E.transpose(y), { lower, transpose }), [t, rand([17, 50], 5)], { rtol: 1e-4, atol: 1e-5 });
      }
    }
  });

  it('whitenedGram forward and gradients at m x n = 5 x 7, 50 x 200, 50 x 1000', async () => {
    for (const [m, n] of [
      [5, 7],
      [50, 200],
      [50, 1000],
    ]) {
      const l = lowerTriangular(m, 6 + m);
      const k = rand([m, n], 7 + n);
      await compareForward(gpu, (x, y) => E.whitenedGram(x, y), [l, k], { rtol: 1e-4, atol: 1e-4 }, `whitenedGram ${m} x ${n}`);
      await compareGrad(gpu, (p) => weighted(E.whitenedGram(p.l, p.k)), { l, k }, { rtol: 1e-4, atol: 1e-4 }, `whitenedGram ${m} x ${n}`);
    }
  });

  it('gram and weightedGram (symmetric kernel, split over long rows)', async () => {
    for (const [m, n] of [
      [1, 1],
      [5, 3],
      [50, 200],
      [50, 2000],
      [67, 130],
    ]) {
      const a = rand([m, n], m + n);
      await compareForward(gpu, (x) => E.gram(x), [a], { rtol: 1e-4, atol: 1e-5 }, `gram ${m}x${n}`);
      await compareForward(gpu, (x, g) => E.weightedGram(x, g), [a, rand([n], 7, 0, 2)], { rtol: 1e-4, atol: 1e-5 }, `weightedGram ${m}x${n}`);
      if (m * n <= 10000) await compareGrad(gpu, (p) => weighted(E.gram(p.a)), { a }, { rtol: 1e-4, atol: 1e-5 }, `gram ${m}x${n}`);
    }
  });

  it('columnQuadForm: forward and gradients', async () => {
    for (const [m, n] of [
      [1, 1],
      [5, 67],
      [50, 200],
    ]) {
      const w = rand([m, m], 3);
      const a = rand([m, n], 4);
      await compareForward(gpu, (x, y) => E.columnQuadForm(x, y), [w, a], { rtol: 1e-4, atol: 1e-5 });
      await compareGrad(gpu, (p) => weighted(E.columnQuadForm(p.w, p.a)), { w, a }, { rtol: 1e-4, atol: 1e-5 });
    }
  });
});

describe('linear algebra, f32', () => {
  const ns = [1, 5, 50, 64, 65, 130];
  it('cholesky forward at n = 1, 5, 50, 64, 65 (both kernels), 130', async () => {
    for (const n of ns) await compareForward(gpu, (a) => E.cholesky(a), [spd(n, n)], { rtol: 1e-4, atol: 1e-5 }, `cholesky ${n}`);
    for (const n of [5, 50, 65]) await compareForward(gpu, (a) => E.cholesky(a, 0.01), [spd(n, n + 1)], { rtol: 1e-4, atol: 1e-5 }, `cholesky ${n} shifted`);
  });

  it('cholesky of a matrix that is not positive definite is all NaN', async () => {
    const a = E.tensor([1, 2, 2, 1], [2, 2], { backend: gpu, dtype: 'f32' });
    const l = Array.from(await E.cholesky(a).data());
    expect(l.every(Number.isNaN)).toBe(true);
  });

  it('cholesky and logdet gradients at n = 3, 50, 65 (cholesky backward in one workgroup), 130 (blocked)', async () => {
    for (const n of [3, 50, 65, 130]) {
      await compareGrad(gpu, (p) => weighted(E.cholesky(E.symmetrize(p.a))), { a: spd(n, 1) }, { rtol: 2e-4, atol: 2e-5 }, `cholesky ${n}`);
      await compareGrad(gpu, (p) => E.logdet(p.a), { a: spd(n, 2) }, { rtol: 2e-4, atol: 2e-5 }, `logdet ${n}`);
    }
  });

  for (const lower of [true, false]) {
    for (const transpose of [false, true]) {
      it(`triangularSolve lower=${lower} transpose=${transpose}: forward and gradients`, async () => {
        for (const [n, k] of [
          [1, 1],
          [5, 1],
          [50, 17],
          [50, 300],
          [130, 20],
        ]) {
          const l0 = lowerTriangular(n, n + k);
          const t = lower ? l0 : { data: transposeValues(l0), shape: l0.shape };
          const b = rand([n, k], 5);
          await compareForward(gpu, (x, y) => E.triangularSolve(x, y, { lower, transpose }), [t, b], { rtol: 1e-4, atol: 1e-5 }, `solve ${n}x${k}`);
          if (n * k <= 1000) {
            await compareGrad(gpu, (p) => weighted(E.triangularSolve(p.t, p.b, { lower, transpose })), { t, b }, { rtol: 2e-4, atol: 2e-5 }, `solve ${n}x${k}`);
          }
        }
      });
    }
  }
});

describe('hardware-GPU variants', () => {
  it('the triangular solve with 64-wide workgroups (used on hardware adapters) matches too', async () => {
    const wide = await createWebGpuBackend(undefined, { smallWorkgroups: false });
    try {
      for (const [n, k] of [
        [50, 1],
        [50, 130],
      ]) {
        const l = lowerTriangular(n, k);
        for (const transpose of [false, true]) {
          await compareForward(wide, (x, y) => E.triangularSolve(x, y, { lower: true, transpose }), [l, rand([n, k], 2)], { rtol: 1e-4, atol: 1e-5 });
        }
      }
    } finally {
      wide.destroy();
    }
  });
});

function transposeValues(i: Input): Float64Array {
  const [n, m] = i.shape;
  const out = new Float64Array(n * m);
  for (let r = 0; r < n; r++) for (let c = 0; c < m; c++) out[c * n + r] = i.data[r * m + c];
  return out;
}

describe('model kernels, f32', () => {
  it('rbf forward and gradients (d = 1, 2, 3, 5; q not a multiple of 64)', async () => {
    for (const [p, q, d] of [
      [1, 1, 2],
      [50, 37, 2],
      [50, 2000, 2],
      [7, 65, 1],
      [9, 70, 3],
      [6, 33, 5],
    ]) {
      const a = rand([p, d], p);
      const b = rand([q, d], q);
      const lv = { data: [0.3], shape: [] };
      const ll = { data: [-0.4], shape: [] };
      await compareForward(gpu, (x, y, v, l) => E.rbf(x, y, v, l), [a, b, lv, ll], { rtol: 1e-5, atol: 1e-6 }, `rbf ${p}x${q}x${d}`);
      await compareGrad(gpu, (r) => weighted(E.rbf(r.a, r.b, r.lv, r.ll)), { a, b, lv, ll }, { rtol: 1e-4, atol: 1e-5 }, `rbf ${p}x${q}x${d}`);
    }
  });

  it('gatherRows and its adjoint scatterAddRows (repeated indices)', async () => {
    for (const [n, w, k] of [
      [10, 2, 1],
      [2000, 2, 200],
      [70, 3, 300],
    ]) {
      const idx = { data: Array.from(values(k, n + k, 0, n), Math.floor), shape: [k], dtype: 'i32' as const };
      const x = rand([n, w], 9);
      await compareForward(gpu, (t, i) => E.gatherRows(t, i), [x, idx], {}, `gather ${n}x${w} by ${k}`);
      await compareForward(gpu, (g, i) => g.backend.scatterAddRows(g, i, n), [rand([k, w], 4), idx], { rtol: 1e-5, atol: 1e-6 }, `scatter ${k} into ${n}`);
      await compareGrad(gpu, (p) => weighted(E.gatherRows(p.x, E.tensor(idx.data, idx.shape, { backend: p.x.backend, dtype: 'i32' }))), { x }, {}, `gather ${n}`);
    }
    // i32 rows move as bit patterns.
    await compareForward(gpu, (t, i) => E.gatherRows(t, i), [
      { data: [1, -2, 3, 2147483647, -2147483648, 0], shape: [3, 2], dtype: 'i32' },
      { data: [2, 0, 2], shape: [3], dtype: 'i32' },
    ]);
  });

  it('the Adam step with a gradient expression over many buffers stays within the binding limit', async () => {
    const hyper = { learningRate: 0.05, b1: 0.9, b2: 0.999, eps: 1e-8, step: 2, weightDecay: 0 };
    const ins = Array.from({ length: 9 }, (_, k) => rand([33], 10 + k));
    await compareForward(
      gpu,
      (p, m, v, ...gs) => {
        let g = gs[0];
        for (const x of gs.slice(1)) g = E.add(g, E.mul(x, 0.5));
        return adamStep(p, g, m, v, hyper);
      },
      [rand([33], 1), rand([33], 2, -0.1, 0.1), rand([33], 3, 0, 0.01), ...ins],
      { rtol: 1e-5, atol: 1e-6 },
    );
  });

  it('the Adam step matches the cpu update', async () => {
    for (const n of [1, 67, 2500]) {
      const hyper = { learningRate: 0.05, b1: 0.9, b2: 0.999, eps: 1e-8, step: 3, weightDecay: 0.01 };
      await compareForward(
        gpu,
        (p, g, m, v) => adamStep(p, g, m, v, hyper),
        [rand([n], 1), rand([n], 2), rand([n], 3, -0.1, 0.1), rand([n], 4, 0, 0.01)],
        { rtol: 1e-5, atol: 1e-6 },
        `adam ${n}`,
      );
    }
  });

  it('Poisson log-linear likelihood with gathered coefficients, and clip', async () => {
    const [n, P, M] = [1000, 37, 12];
    const ints = (f: (r: number) => number, dtype?: 'i32'): Input => ({ data: Array.from({ length: n }, (_, r) => f(r)), shape: [n], dtype });
    const product = ints((r) => (r * 7) % P, 'i32');
    const cell = ints((r) => (r * 5) % M, 'i32');
    const units = ints((r) => (r * 13) % 9);
    const weight = ints((r) => (r % 17 === 16 ? 0 : 1));
    const x = rand([n], 7, -1, 1);
    const [b, g, d] = [rand([P], 8, -2, 2), rand([M], 9, -1, 1), rand([P], 10, -1, 1)];
    const like = (bb: Tensor, gg: Tensor, dd: Tensor, pi: Tensor, ci: Tensor, xx: Tensor, u: Tensor, w: Tensor) =>
      E.poissonLogLinear(bb, gg, dd, { product: pi, cell: ci, x: xx, units: u, weight: w }, -1.2, 1.5);
    await compareForward(gpu, like, [b, g, d, product, cell, x, units, weight], { rtol: 1e-4, atol: 1e-5 });
    await compareGrad(gpu, (p) => like(p.b, p.g, p.d, p.pi, p.ci, p.x, p.u, p.w), { b, g, d, pi: product, ci: cell, x, u: units, w: weight }, { rtol: 1e-4, atol: 1e-4 });
    const y = rand([65], 11, -3, 3);
    await compareForward(gpu, (t) => E.clip(t, -1, 2), [y]);
    await compareGrad(gpu, (p) => weighted(E.clip(p.y, -1, 2)), { y });
  });

  it('dense layer, Bernoulli logits, flat slices', async () => {
    const x = rand([67, 3], 1);
    const w = rand([3, 4], 2);
    const b = rand([4], 3);
    for (const act of ['linear', 'tanh'] as const) {
      await compareForward(gpu, (p, q, r) => E.dense(p, q, r, act), [x, w, b], { rtol: 1e-5, atol: 1e-6 });
      await compareGrad(gpu, (p) => weighted(E.dense(p.x, p.w, p.b, act)), { x, w, b }, { rtol: 1e-4, atol: 1e-5 });
    }
    const l = rand([65], 4, -40, 40);
    const y = { data: Array.from(values(65, 5), (v) => (v > 0 ? 1 : 0)), shape: [65] };
    await compareForward(gpu, (p, q) => E.bernoulliLogitsLogProb(p, q), [l, y], { rtol: 1e-5, atol: 1e-7 });
    await compareGrad(gpu, (p) => weighted(E.bernoulliLogitsLogProb(p.l, p.y)), { l, y: { ...y } }, { rtol: 1e-5, atol: 1e-6 });
    const flat = rand([30], 6);
    await compareForward(gpu, (t) => [E.sliceFlat(t, 3, [4, 5]), E.sliceFlat(E.exp(t), 10, [20]), E.sliceFlat(E.reshape(t, [5, 6]), 7, [2, 2])], [flat]);
    await compareGrad(gpu, (p) => weighted(E.sliceFlat(p.t, 3, [4, 5])), { t: flat });
  });
});
