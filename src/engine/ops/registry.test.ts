import { describe, expect, it } from 'vitest';
import type { Tensor } from '../tensor';
import * as E from '../ops';
import { cpu } from '../cpu/backend';
import type { CpuKernelApi } from '../cpu/kernelApi';
import { REFERENCE_VARIANT, defineKernel, definedKernels, registerKernel } from './registry';

describe('the kernel registry', () => {
  const twice = defineKernel('testTwice', (host, x: Tensor, k: number) => {
    const out = host.zeros(x.shape, x.dtype);
    const src = host.data(x);
    const dst = host.data(out);
    for (let i = 0; i < dst.length; i++) dst[i] = k * src[i];
    return out;
  });

  it('runs the reference cpu kernel, and names the missing backend when there is none', () => {
    expect(Array.from(twice.run(cpu, E.tensor([1, 2, 3]), 2).dataSync())).toEqual([2, 4, 6]);
    expect(twice.backends()).toEqual(['cpu']);
    const fakeGpu = { ...cpu, name: 'webgpu' as const };
    expect(() => twice.run(fakeGpu, E.tensor([1]), 2)).toThrow(/testTwice: no kernel for the webgpu backend/);
  });

  it('prefers the registered variant of highest priority and keeps the others reachable', () => {
    registerKernel(
      twice,
      'cpu',
      (host, x, k) => {
        const out = host.output(x.shape, x.dtype);
        host.data(out).set(Float64Array.from(host.data(x), (v) => k * v + 0.5));
        return out;
      },
      { variant: 'other', priority: 1 },
    );
    expect(twice.variants('cpu')).toEqual(['other', REFERENCE_VARIANT]);
    expect(Array.from(twice.run(cpu, E.tensor([1, 2]), 2).dataSync())).toEqual([2.5, 4.5]);
    expect(Array.from(twice.runVariant(cpu, REFERENCE_VARIANT, E.tensor([1, 2]), 2).dataSync())).toEqual([2, 4]);
    expect(() => twice.runVariant(cpu, 'wasm', E.tensor([1]), 2)).toThrow(/no wasm kernel for the cpu backend/);
    expect(() => registerKernel(twice, 'cpu', (_host, x, _k) => x, { variant: 'other' })).toThrow(/already registered/);
  });

  it('passes over a variant whose condition says no, and runs it again once it says yes', () => {
    let available = false;
    registerKernel(
      twice,
      'cpu',
      (host, x, k) => {
        const out = host.output(x.shape, x.dtype);
        host.data(out).set(Float64Array.from(host.data(x), (v) => k * v - 1));
        return out;
      },
      { variant: 'conditional', priority: 2, when: () => available },
    );
    expect(twice.active('cpu')).toBe('other');
    expect(Array.from(twice.run(cpu, E.tensor([1, 2]), 2).dataSync())).toEqual([2.5, 4.5]);
    available = true;
    expect(twice.active('cpu')).toBe('conditional');
    expect(Array.from(twice.run(cpu, E.tensor([1, 2]), 2).dataSync())).toEqual([1, 3]);
  });

  it('chooses by the arguments where a variant accepts only some', () => {
    const times = (host: CpuKernelApi, x: Tensor, k: number): Tensor => {
      const out = host.output(x.shape, x.dtype);
      host.data(out).set(Float64Array.from(host.data(x), (v) => k * v));
      return out;
    };
    const scaled = defineKernel('testScaled', (host, x: Tensor) => times(host, x, 2));
    registerKernel(scaled, 'cpu', (host, x) => times(host, x, 3), {
      variant: 'large',
      priority: 1,
      accepts: (x) => x.size > 2,
    });
    expect(scaled.chosenVariant('cpu', E.tensor([1, 2]))).toBe(REFERENCE_VARIANT);
    expect(Array.from(scaled.run(cpu, E.tensor([1, 2])).dataSync())).toEqual([2, 4]);
    expect(scaled.chosenVariant('cpu', E.tensor([1, 2, 3]))).toBe('large');
    expect(Array.from(scaled.run(cpu, E.tensor([1, 2, 3])).dataSync())).toEqual([3, 6, 9]);
    // By name, a variant runs whatever the arguments.
    expect(Array.from(scaled.runVariant(cpu, 'large', E.tensor([1])).dataSync())).toEqual([3]);
  });

  it('refuses a second kernel of the same name', () => {
    expect(() => defineKernel('testTwice', (_host, x: Tensor) => x)).toThrow(/defined twice/);
    expect(definedKernels().map((k) => k.name)).toContain('testTwice');
  });
});
