// The blocked GPU kernels (Cholesky, triangular solve, Cholesky backward, C^{-1} from L) against
// the cpu backend in float32, by name (runVariant) at every size, so the small sizes test the
// blocked code too; and which kernel runs by default at which size.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Tensor } from '../../tensor';
import type { WebGpuBackend } from '../../webgpu/backend';
import { createWebGpuBackend } from '../../webgpu/backend';
import { compareForward, lowerTriangularLarge, rand, sharedGpu, spdLarge } from '../../webgpu/gpuTesting';
import { REFERENCE_VARIANT } from '../registry';
import { choleskyBackwardKernel, choleskyKernel, triangularSolveKernel } from '../primitives';
import { choleskyInverseKernel } from '../invQuadLogdet/invQuadLogdet';
import { BLOCKED_CHOLESKY_FROM } from './webgpu';
import { BLOCKED_SOLVE_FROM } from '../triangularSolve/webgpu';

let gpu: WebGpuBackend;
beforeAll(async () => {
  gpu = await sharedGpu();
});

const SIZES = [1, 17, 64, 500, 2000];
/** Time budget of one test at n = 2,000 (its cpu reference is an O(n^3) loop in JavaScript). */
const LARGE_TIMEOUT_MS = 600_000;
/** The blocked variant on the GPU, the reference kernel on the cpu. */
const variant = (t: Tensor) => (t.backend.name === 'webgpu' ? 'blocked' : REFERENCE_VARIANT);

describe('blocked GPU kernels against the cpu backend (float32)', () => {
  it(`cholesky at n = ${SIZES.join(', ')}, with and without a shift`, async () => {
    for (const n of SIZES) {
      const started = performance.now();
      await compareForward(gpu, (a) => choleskyKernel.runVariant(a.backend, variant(a), a, 0), [spdLarge(n, n)], { rtol: 1e-4, atol: 2e-5 }, `cholesky ${n}`);
      console.log(`blocked cholesky n = ${n}: ${(performance.now() - started).toFixed(0)} ms with the cpu reference`);
    }
    await compareForward(gpu, (a) => choleskyKernel.runVariant(a.backend, variant(a), a, 0.3), [spdLarge(70, 3)], { rtol: 1e-4, atol: 2e-5 }, 'cholesky shifted');
  });

  it('cholesky of a matrix that is not positive definite is all NaN', async () => {
    const data = spdLarge(100, 4).data as Float64Array;
    data[80 * 100 + 80] = -1;
    const a = gpu.fromArray(data, [100, 100], 'f32');
    const l = await choleskyKernel.runVariant(gpu, 'blocked', a, 0).data();
    expect(Array.from(l).every(Number.isNaN)).toBe(true);
  });

  for (const lower of [true, false]) {
    for (const transpose of [false, true]) {
      it(`triangular solve lower=${lower} transpose=${transpose} at n = ${SIZES.join(', ')}`, async () => {
        for (const n of SIZES) {
          const l = lowerTriangularLarge(n, n + 1);
          const t = lower ? l : { data: transposed(l.data, n), shape: l.shape };
          for (const k of n >= 2000 ? [1] : [1, 3, 70]) {
            await compareForward(
              gpu,
              (a, b) => triangularSolveKernel.runVariant(a.backend, variant(a), a, b, { lower, transpose }),
              [t, rand([n, k], k)],
              { rtol: 1e-4, atol: 2e-5 },
              `solve ${n}x${k}`,
            );
          }
        }
      });
    }
  }

  it('triangular solve with the right-hand side given as a lazy transpose', async () => {
    for (const n of [17, 300]) {
      await compareForward(
        gpu,
        (a, b) => triangularSolveKernel.runVariant(a.backend, variant(a), a, a.backend.transpose(b), { lower: true, transpose: true }),
        [lowerTriangularLarge(n, 5), rand([9, n], 6)],
        { rtol: 1e-4, atol: 2e-5 },
        `solve ${n}x9, transposed right-hand side`,
      );
    }
  });

  // One test per size: at n = 2,000 the cpu reference alone takes minutes on a loaded machine,
  // so that size gets a time budget of its own instead of sharing one with the others.
  for (const n of SIZES) {
    it(`cholesky backward at n = ${n}`, { timeout: n >= 2000 ? LARGE_TIMEOUT_MS : undefined }, async () => {
      const started = performance.now();
      await compareForward(
        gpu,
        (l, g) => choleskyBackwardKernel.runVariant(l.backend, variant(l), l, g),
        [lowerTriangularLarge(n, 7), rand([n, n], 8)],
        { rtol: 2e-4, atol: 2e-5 },
        `cholesky backward ${n}`,
      );
      console.log(`blocked cholesky backward n = ${n}: ${(performance.now() - started).toFixed(0)} ms with the cpu reference`);
    });
  }

  for (const n of SIZES) {
    it(`C^-1 from L at n = ${n}`, { timeout: n >= 2000 ? LARGE_TIMEOUT_MS : undefined }, async () => {
      await compareForward(gpu, (l) => choleskyInverseKernel.run(l.backend, l), [lowerTriangularLarge(n, 9)], { rtol: 2e-4, atol: 2e-5 }, `cholesky inverse ${n}`);
    });
  }

  it('the blocked solve with 64-wide workgroups (used on hardware adapters) matches too', async () => {
    const wide = await createWebGpuBackend(undefined, { smallWorkgroups: false });
    try {
      for (const transpose of [false, true]) {
        await compareForward(
          wide,
          (a, b) => triangularSolveKernel.runVariant(a.backend, variant(a), a, b, { lower: true, transpose }),
          [lowerTriangularLarge(300, 10), rand([300, 5], 11)],
          { rtol: 1e-4, atol: 2e-5 },
          `solve 300x5, transpose=${transpose}`,
        );
      }
    } finally {
      wide.destroy();
    }
  });

  it('the blocked kernels run by default from their thresholds on, the one-workgroup kernels below', () => {
    const square = (n: number) => gpu.full([n, n], 1, 'f32');
    expect(choleskyKernel.chosenVariant('webgpu', square(BLOCKED_CHOLESKY_FROM - 1), 0)).toBe('default');
    expect(choleskyKernel.chosenVariant('webgpu', square(BLOCKED_CHOLESKY_FROM), 0)).toBe('blocked');
    expect(choleskyBackwardKernel.chosenVariant('webgpu', square(50), square(50))).toBe('default');
    expect(choleskyBackwardKernel.chosenVariant('webgpu', square(BLOCKED_CHOLESKY_FROM), square(BLOCKED_CHOLESKY_FROM))).toBe('blocked');
    const opts = { lower: true, transpose: false };
    expect(triangularSolveKernel.chosenVariant('webgpu', square(50), gpu.full([50, 10_000], 1, 'f32'), opts)).toBe('default');
    expect(triangularSolveKernel.chosenVariant('webgpu', square(BLOCKED_SOLVE_FROM), gpu.full([BLOCKED_SOLVE_FROM, 1], 1, 'f32'), opts)).toBe('blocked');
  });
});

function transposed(values: ArrayLike<number>, n: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[j * n + i] = values[i * n + j];
  return out;
}
