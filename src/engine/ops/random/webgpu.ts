/**
 * Random draws on the GPU (shaders/random.wgsl), bit-compatible with the TypeScript generator:
 * uniform and randint bit for bit, normal to within 2e-6 relative.
 */
import type { FloatDType, Tensor } from '../../tensor';
import type { Shape } from '../../shape';
import { sizeOf } from '../../shape';
import type { Key } from '../../random';
import { checkKey, randintRange, split } from '../../random';
import type { GpuKernelApi } from '../../webgpu/kernelApi';
import { checkGpuDtype, groups } from '../../webgpu/kernelApi';
import { wgslShader } from '../../webgpu/layout';
import { registerKernel } from '../registry';
import { randintKernel, randomNormalKernel, randomUniformKernel } from '../primitives';

const RANDOM = wgslShader({
  file: 'random.wgsl',
  params: {
    count: 'u32',
    // randint: the span of [lo, hi) as u32, and (2^16 mod span)^2 mod span.
    span_u: 'u32',
    multiplier: 'u32',
    // uniform / normal: the key; randint: the two halves of split(key).
    key: 'vec2u',
    key2: 'vec2u',
    // uniform: the lower bound and hi - lo, rounded to f32.
    lo: 'f32',
    span: 'f32',
    // randint: the lower bound.
    lo_i: 'i32',
  },
  // Bit patterns: f32 draws and i32 integers are both stored as u32 so that no value is touched
  // by a float conversion on the way out.
  bindings: { out_bits: 'read_write u32' },
});

function drawFloats(gpu: GpuKernelApi, mode: 0 | 1, key: Key, shape: Shape, dtype: FloatDType): Tensor {
  const op = mode === 0 ? 'randomUniform' : 'randomNormal';
  checkGpuDtype(dtype, op);
  checkKey(key, op);
  const count = sizeOf(shape);
  const out = gpu.output(dtype, shape);
  if (count > 0) {
    // The bounds as the f32 TypeScript sampler rounds them: [0, 1) for uniform,
    // [nextafter(-1, 0), 1) = [-1 + 2^-24, 1) for the normal's inverse-CDF uniform.
    const lo = mode === 0 ? 0 : Math.fround(-1 + 2 ** -24);
    const span = Math.fround(Math.fround(1) - lo);
    gpu.dispatch(RANDOM, {
      label: `random-${mode}`,
      constants: { MODE: mode },
      params: { count, span_u: 0, multiplier: 0, key, key2: [0, 0], lo, span, lo_i: 0 },
      bindings: { out_bits: out },
      workgroups: groups(count, 4),
    });
  }
  return out;
}

/** Uniform [0, 1) draws [shape], bit-identical to random.ts's f32 uniform for the same key. */
registerKernel(randomUniformKernel, 'webgpu', (gpu, key, shape, dtype) => {
  return drawFloats(gpu, 0, key, shape, dtype);
});

/**
 * Standard normal draws [shape] from the same (bit-identical) uniforms as random.ts; erfinv
 * is evaluated in f32 here and in f64 there, so values agree to within 2e-6 relative
 * (at most 16 f32 ulp; tested on 60,000 draws), not bit for bit.
 */
registerKernel(randomNormalKernel, 'webgpu', (gpu, key, shape, dtype) => {
  return drawFloats(gpu, 1, key, shape, dtype);
});

/** JAX's randint [shape] (i32), bit-identical to random.ts's randint. */
registerKernel(randintKernel, 'webgpu', (gpu, key, shape, lo, hi) => {
  checkKey(key, 'randint');
  const range = randintRange(lo, hi);
  const count = sizeOf(shape);
  const out = gpu.output('i32', shape);
  if (count > 0) {
    const [kh, kl] = split(key, 2);
    gpu.dispatch(RANDOM, {
      label: 'random-2',
      constants: { MODE: 2 },
      params: { count, span_u: range.span, multiplier: range.multiplier, key: kh, key2: kl, lo: 0, span: 0, lo_i: range.lo },
      bindings: { out_bits: out },
      workgroups: groups(count, 4),
    });
  }
  return out;
});
