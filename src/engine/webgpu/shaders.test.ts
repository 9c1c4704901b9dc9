import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { shaderFiles, shaderSource } from './shaders';

describe('shader sources', () => {
  it('lists every file of shaders/ once, and resolves includes', () => {
    const onDisk = readdirSync(new URL('../../../shaders/', import.meta.url)).filter((f) => f.endsWith('.wgsl'));
    expect(shaderFiles()).toEqual([...onDisk].sort());
    const rbf = shaderSource('rbf.wgsl');
    expect(rbf).toContain('fn exp_f32(');
    expect(rbf).not.toMatch(/^\s*#include/m);
    expect(() => shaderSource('missing.wgsl')).toThrow(/no shader file shaders\/missing\.wgsl/);
  });
});
