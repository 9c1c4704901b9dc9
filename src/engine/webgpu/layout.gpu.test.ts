/**
 * Parameter layouts on a real device: every declared kernel compiles through its generated
 * header, at every entry point, and a block written by ParamLayout reads back field by field in
 * WGSL exactly as written (so the offsets computed in TypeScript are the ones WGSL uses).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { WebGpuBackend } from './backend';
import { ParamLayout, arrayOf, declaredShaders, withLayout } from './layout';
import { sharedGpu } from './gpuTesting';

let gpu: WebGpuBackend;
beforeAll(async () => {
  gpu = await sharedGpu();
});

describe('generated kernel layouts', () => {
  it('every declared kernel compiles with its generated header, at every entry point', async () => {
    const device = gpu.device;
    expect(declaredShaders().length).toBeGreaterThan(5);
    for (const s of declaredShaders()) {
      const module = device.createShaderModule({ label: s.file, code: s.source });
      const info = await module.getCompilationInfo();
      expect(info.messages.filter((m) => m.type === 'error').map((m) => `${s.file} ${m.lineNum}:${m.linePos} ${m.message}`)).toEqual([]);
      const entries = [...s.rawSource.matchAll(/@compute[^\n]*\n\s*fn\s+([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]);
      expect(entries.length, `${s.file} entry points`).toBeGreaterThan(0);
      for (const entryPoint of entries) {
        const made = await device.createComputePipelineAsync({ layout: 'auto', compute: { module, entryPoint } }).then(
          () => 'ok',
          (e: unknown) => `${s.file} ${entryPoint}: ${e instanceof Error ? e.message : String(e)}`,
        );
        expect(made).toBe('ok');
      }
    }
  });

  it('a block written by ParamLayout reads back field by field in WGSL', async () => {
    const device = gpu.device;
    const layout = new ParamLayout({ a: 'u32', b: 'vec2u', c: 'f32', d: 'vec4f', e: 'i32', f: arrayOf('vec4u', 3), g: 'u32', h: 'vec2f' });
    const source = withLayout(
      `#layout
@compute @workgroup_size(1)
fn main() {
  out[0] = P.a; out[1] = P.b.x; out[2] = P.b.y; out[3] = bitcast<u32>(P.c);
  for (var k = 0u; k < 4u; k++) { out[4u + k] = bitcast<u32>(P.d[k]); }
  out[8] = bitcast<u32>(P.e);
  for (var r = 0u; r < 3u; r++) { for (var k = 0u; k < 4u; k++) { out[9u + 4u * r + k] = P.f[r][k]; } }
  out[21] = P.g; out[22] = bitcast<u32>(P.h.x); out[23] = bitcast<u32>(P.h.y);
}`,
      layout,
      { out: 'read_write u32' },
      'the layout test kernel',
    );
    const host = new ArrayBuffer(layout.bytes);
    const block = { base: 0, u32: new Uint32Array(host), i32: new Int32Array(host), f32: new Float32Array(host), generation: 0 };
    const f = Array.from({ length: 12 }, (_, k) => 100 + k);
    layout.write(block, { a: 1, b: [2, 3], c: 0.25, d: [-1, 2.5, 3.75, 1e-3], e: -7, f, g: 9, h: [0.5, -2] });
    const uniform = device.createBuffer({ size: Math.max(16, layout.bytes), usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
    device.queue.writeBuffer(uniform, 0, host);
    const out = device.createBuffer({ size: 24 * 4, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
    const staging = device.createBuffer({ size: 24 * 4, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    const pipeline = device.createComputePipeline({ layout: 'auto', compute: { module: device.createShaderModule({ code: source }), entryPoint: 'main' } });
    const enc = device.createCommandEncoder();
    const pass = enc.beginComputePass();
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries: [{ binding: 0, resource: { buffer: uniform } }] }));
    pass.setBindGroup(1, device.createBindGroup({ layout: pipeline.getBindGroupLayout(1), entries: [{ binding: 0, resource: { buffer: out } }] }));
    pass.dispatchWorkgroups(1);
    pass.end();
    enc.copyBufferToBuffer(out, 0, staging, 0, 24 * 4);
    device.queue.submit([enc.finish()]);
    await staging.mapAsync(GPUMapMode.READ);
    const words = new Uint32Array(staging.getMappedRange().slice(0));
    staging.unmap();
    for (const b of [uniform, out, staging]) b.destroy();
    const asF32 = (i: number) => new Float32Array(words.buffer, i * 4, 1)[0];
    expect([words[0], words[1], words[2], asF32(3)]).toEqual([1, 2, 3, 0.25]);
    expect([asF32(4), asF32(5), asF32(6), asF32(7)]).toEqual([-1, 2.5, 3.75, Math.fround(1e-3)]);
    expect(new Int32Array(words.buffer, 8 * 4, 1)[0]).toBe(-7);
    expect(Array.from(words.subarray(9, 21))).toEqual(f);
    expect([words[21], asF32(22), asF32(23)]).toEqual([9, 0.5, -2]);
  });
});
