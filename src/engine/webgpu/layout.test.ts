/**
 * Parameter layouts: the offsets follow WGSL's layout rules, the writer puts each named value at
 * its field, and every WGSL kernel agrees with its declaration (every `P.<field>` it reads is
 * declared, every declared field is read, every declared binding is used, and the file declares
 * no parameters or bindings of its own).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ParamBlock } from './layout';
import { ParamLayout, arrayOf, bindingLines, declaredShaders, withLayout } from './layout';
import { shaderFiles, shaderSource } from './shaders';
import { templateFields } from './fusion';
// Loading the backend loads every kernel's declaration.
import './backend';

function block(words: number): ParamBlock {
  const buf = new ArrayBuffer(words * 4);
  return { base: 2, u32: new Uint32Array(buf), i32: new Int32Array(buf), f32: new Float32Array(buf), generation: 0 };
}

/** Names read as P.<name> (comments stripped). */
function paramReads(source: string): Set<string> {
  const code = source.replace(/\/\/.*$/gm, '');
  return new Set([...code.matchAll(/\bP\.([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]));
}

describe('parameter layouts', () => {
  it('place fields at the offsets of the WGSL layout rules', () => {
    const l = new ParamLayout({ a: 'u32', b: 'vec2u', c: 'f32', d: 'vec4f', e: 'i32', f: arrayOf('vec4u', 3), g: 'u32' });
    expect(['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((n) => l.offsetOf(n as 'a'))).toEqual([0, 8, 16, 32, 48, 64, 112]);
    // Size: rounded up to the largest alignment (16).
    expect(l.bytes).toBe(128);
    expect(new ParamLayout({ n: 'u32', shift: 'f32' }).bytes).toBe(8);
    expect(new ParamLayout({ n: 'u32', key: 'vec2u' }).bytes).toBe(16);
    expect(() => new ParamLayout({ f: arrayOf('vec4f', 0) })).toThrow(/length >= 1/);
  });

  it('write each value by name, in its own number type', () => {
    const l = new ParamLayout({ m: 'u32', lo: 'f32', lo_i: 'i32', key: 'vec2u', forms: arrayOf('vec4u', 2) });
    const b = block(40);
    l.write(b, { m: 7, lo: 0.5, lo_i: -3, key: [11, 12], forms: [1, 2, 3, 4, 5] });
    expect(b.u32[2]).toBe(7);
    expect(b.f32[3]).toBe(0.5);
    expect(b.i32[4]).toBe(-3);
    expect([b.u32[6], b.u32[7]]).toEqual([11, 12]);
    expect(Array.from(b.u32.subarray(10, 15))).toEqual([1, 2, 3, 4, 5]);
    expect(() => l.write(b, { m: 1, lo: 0, lo_i: 0, key: [1, 2, 3], forms: [] })).toThrow(/key takes at most 2 words/);
  });

  it('generate the struct and the binding lines', () => {
    const l = new ParamLayout({ n: 'u32', w: 'f32' });
    expect(l.struct).toBe('struct Params {\n  n: u32,\n  w: f32,\n}\n@group(0) @binding(0) var<uniform> P: Params;');
    expect(bindingLines({ x: 'read f32', out: 'read_write atomic<u32>' })).toBe(
      '@group(1) @binding(0) var<storage, read> x: array<f32>;\n@group(1) @binding(1) var<storage, read_write> out: array<atomic<u32>>;',
    );
    expect(() => withLayout('fn main() {}', l, {}, 'a kernel')).toThrow(/exactly one #layout line, found 0/);
    expect(withLayout('// head\n#layout\nfn main() {}', l, {}, 'a kernel')).toContain('var<uniform> P: Params;\n// ---- end layout\nfn main() {}');
  });
});

describe('every WGSL kernel against its declaration', () => {
  const shaders = declaredShaders();
  const templates = templateFields();

  it('every file of shaders/ is a declared kernel, a template, or an included snippet without entry points', () => {
    const declared = shaders.map((s) => s.file);
    expect(new Set(declared).size).toBe(declared.length);
    const snippets = shaderFiles().filter((f) => !declared.includes(f) && !(f in templates));
    expect(snippets.length).toBeGreaterThan(0);
    for (const f of snippets) expect(shaderSource(f), `shaders/${f}`).not.toMatch(/@compute|#layout|\bP\.|@binding/);
  });

  for (const s of declaredShaders()) {
    it(`${s.file}: reads exactly its declared fields and binds exactly its declared buffers`, () => {
      const raw = s.rawSource;
      expect(raw, 'parameters and bindings come from the declaration').not.toMatch(/struct Params|@binding\(/);
      expect(paramReads(raw)).toEqual(new Set(s.paramNames));
      const code = raw.replace(/\/\/.*$/gm, '');
      for (const b of s.bindingNames) expect(code, `binding ${b}`).toMatch(new RegExp(`\\b${b}\\[`));
      expect(s.source).toContain('var<uniform> P: Params;');
      // The file names the module that declares it, and that module does.
      const where = /Parameters \(P\) and bindings: declared in (\S+)\.\n#layout/.exec(raw);
      expect(where, 'a pointer to the declaration above #layout').not.toBeNull();
      expect(readFileSync(new URL(`../../../${where?.[1]}`, import.meta.url), 'utf8')).toContain(`file: '${s.file}'`);
    });
  }

  it('the templates read only declared fields, and so does the code that fusion.ts writes into them', () => {
    for (const [file, fields] of Object.entries(templates)) {
      const raw = shaderSource(file);
      expect(raw).not.toMatch(/struct Params|@binding\(/);
      for (const f of paramReads(raw)) expect(fields, `${file} reads P.${f}`).toContain(f);
    }
    const generator = readFileSync(new URL('./fusion.ts', import.meta.url), 'utf8');
    const all = new Set([...templates['elementwise.wgsl'], ...templates['reduce.wgsl']]);
    for (const f of paramReads(generator)) expect(all, `fusion.ts writes P.${f}`).toContain(f);
  });
});
