/**
 * A WGSL kernel's interface, declared once in TypeScript: the fields of its uniform parameter
 * block and its storage bindings, in order. From the declaration come both sides of the
 * contract, so they cannot drift apart:
 *  - the WGSL text: `struct Params { ... }`, the uniform variable `P` (group 0, binding 0) and one
 *    `var<storage, ...>` line per binding (group 1, bindings 0, 1, ...), which the loader puts
 *    where the shader file has its `#layout` line;
 *  - the writer of the parameter block, which places each named value at the offset that WGSL's
 *    layout rules give its field (WGSL specification, "Memory Layout": a scalar is 4 bytes
 *    aligned to 4, vec2 8 aligned to 8, vec4 16 aligned to 16, an array of vec4 a stride of 16;
 *    a struct is aligned to its largest member and its size rounded up to that alignment). The
 *    uniform address space also wants array strides that are multiples of 16, which is why
 *    arrays hold vec4 elements only.
 */
import type { Access } from './context';
import { shaderSource } from './shaders';

export type ScalarType = 'u32' | 'i32' | 'f32';
export type VectorType = 'vec2u' | 'vec2i' | 'vec2f' | 'vec4u' | 'vec4i' | 'vec4f';
/** A fixed-length array of vec4 (the only arrays the uniform address space takes without padding). */
export interface ArrayType {
  readonly array: 'vec4u' | 'vec4i' | 'vec4f';
  readonly length: number;
}
export type FieldType = ScalarType | VectorType | ArrayType;
/** Field name -> type, in the order of the struct. */
export type ParamSpec = Readonly<Record<string, FieldType>>;

/** A scalar field takes a number; vectors and arrays take their components in order (an array's as flat words). */
export type FieldValue<F extends FieldType> = F extends ScalarType ? number : ArrayLike<number>;
/** One value per declared field, no more and no fewer. */
export type ParamValues<P extends ParamSpec> = { readonly [K in keyof P]: FieldValue<P[K]> };

export type StorageElement = 'f32' | 'i32' | 'u32' | 'vec4f';
/** Access mode and element type of a storage binding, as WGSL writes them. */
export type BindingType = `read ${StorageElement}` | `read_write ${StorageElement | 'atomic<u32>'}`;
/** Binding name -> type, in binding order. */
export type BindingSpec = Readonly<Record<string, BindingType>>;

/** A parameter block in the host-side arena (see GpuContext.params). */
export interface ParamBlock {
  /** Word index of the block in the arena. */
  readonly base: number;
  readonly u32: Uint32Array;
  readonly i32: Int32Array;
  readonly f32: Float32Array;
  /** The batch (flush count) the block belongs to. */
  readonly generation: number;
}

/** Shorthand for an array field of the declaration. */
export function arrayOf(array: ArrayType['array'], length: number): ArrayType {
  return { array, length };
}

interface FieldLayout {
  readonly name: string;
  readonly wgsl: string;
  /** Which view of the arena the words are written through. */
  readonly kind: 'u32' | 'i32' | 'f32';
  /** First word, from the start of the block. */
  readonly word: number;
  readonly words: number;
}

function describeField(type: FieldType): { wgsl: string; kind: FieldLayout['kind']; bytes: number; align: number } {
  if (typeof type === 'object') {
    if (!Number.isInteger(type.length) || type.length < 1) throw new Error(`layout: an array needs a length >= 1, got ${type.length}`);
    return { wgsl: `array<${type.array}, ${type.length}>`, kind: kindOf(type.array), bytes: 16 * type.length, align: 16 };
  }
  switch (type) {
    case 'u32':
    case 'i32':
    case 'f32':
      return { wgsl: type, kind: type, bytes: 4, align: 4 };
    case 'vec2u':
    case 'vec2i':
    case 'vec2f':
      return { wgsl: type, kind: kindOf(type), bytes: 8, align: 8 };
    case 'vec4u':
    case 'vec4i':
    case 'vec4f':
      return { wgsl: type, kind: kindOf(type), bytes: 16, align: 16 };
  }
}

function kindOf(vector: string): FieldLayout['kind'] {
  const last = vector[vector.length - 1];
  return last === 'u' ? 'u32' : last === 'i' ? 'i32' : 'f32';
}

/** The uniform block of a declaration: field offsets, its size, its WGSL struct, and its writer. */
export class ParamLayout<P extends ParamSpec> {
  readonly fields: readonly FieldLayout[];
  /** Size of the struct in bytes (a multiple of its alignment). */
  readonly bytes: number;

  constructor(spec: P) {
    const fields: FieldLayout[] = [];
    let offset = 0;
    let structAlign = 4;
    for (const [name, type] of Object.entries(spec)) {
      const f = describeField(type);
      offset = Math.ceil(offset / f.align) * f.align;
      fields.push({ name, wgsl: f.wgsl, kind: f.kind, word: offset / 4, words: f.bytes / 4 });
      offset += f.bytes;
      structAlign = Math.max(structAlign, f.align);
    }
    this.fields = fields;
    this.bytes = Math.max(structAlign, Math.ceil(offset / structAlign) * structAlign);
  }

  /** Byte offset of a field (for tests). */
  offsetOf(name: keyof P & string): number {
    const f = this.fields.find((x) => x.name === name);
    if (!f) throw new Error(`layout: no field ${name}`);
    return 4 * f.word;
  }

  /** `struct Params { ... }` (empty when there are no fields: WGSL has no empty structs). */
  get struct(): string {
    if (this.fields.length === 0) return '';
    return `struct Params {\n${this.fields.map((f) => `  ${f.name}: ${f.wgsl},`).join('\n')}\n}\n@group(0) @binding(0) var<uniform> P: Params;`;
  }

  /** Writes every field's value at its offset in the block (the block is zeroed beforehand). */
  write(block: ParamBlock, values: ParamValues<P>): void {
    const named = values as Readonly<Record<string, number | ArrayLike<number>>>;
    for (const f of this.fields) {
      const v = named[f.name];
      const view = f.kind === 'u32' ? block.u32 : f.kind === 'i32' ? block.i32 : block.f32;
      const at = block.base + f.word;
      if (typeof v === 'number') {
        view[at] = v;
      } else {
        if (v === undefined || v.length > f.words) throw new Error(`layout: field ${f.name} takes at most ${f.words} words, got ${v === undefined ? 'nothing' : v.length}`);
        for (let k = 0; k < v.length; k++) view[at + k] = v[k];
      }
    }
  }
}

/** Binding lines of a binding declaration: group 1, bindings 0, 1, ... in order. */
export function bindingLines(spec: BindingSpec): string {
  return Object.entries(spec)
    .map(([name, type], i) => {
      const [access, element] = type.split(' ');
      return `@group(1) @binding(${i}) var<storage, ${access}> ${name}: array<${element}>;`;
    })
    .join('\n');
}

/** Access of each binding, in order, as the pipeline layout wants it. */
export function bindingAccess(spec: BindingSpec): Access[] {
  return Object.values(spec).map((t) => (t.startsWith('read_write') ? 'w' : 'r'));
}

const LAYOUT_LINE = /^[ \t]*#layout[ \t]*$/gm;

/** `source` with its one `#layout` line replaced by the declaration's WGSL. */
export function withLayout(source: string, params: ParamLayout<ParamSpec>, bindings: BindingSpec, what: string): string {
  const lines = source.match(LAYOUT_LINE)?.length ?? 0;
  if (lines !== 1) throw new Error(`webgpu: ${what} needs exactly one #layout line, found ${lines}`);
  const header = ['// ---- layout (generated from its declaration in TypeScript)', params.struct, bindingLines(bindings), '// ---- end layout']
    .filter((l) => l !== '')
    .join('\n');
  return source.replace(LAYOUT_LINE, header);
}

/** What the tests read of every declared shader. */
export interface DeclaredShader {
  readonly file: string;
  readonly paramNames: readonly string[];
  readonly bindingNames: readonly string[];
  /** The shader file, includes resolved, before the layout is put in. */
  readonly rawSource: string;
  readonly source: string;
}

const declared: DeclaredShader[] = [];

/** Every shader declared with {@link wgslShader} so far (one per file). */
export function declaredShaders(): readonly DeclaredShader[] {
  return declared;
}

/** A WGSL file of shaders/ with its declared parameters and bindings. */
export class WgslShader<P extends ParamSpec, B extends BindingSpec> implements DeclaredShader {
  readonly params: ParamLayout<P>;
  readonly paramNames: readonly string[];
  readonly bindingNames: readonly (keyof B & string)[];
  readonly access: readonly Access[];
  /** The file name without `.wgsl`: the default label of its pipelines. */
  readonly label: string;
  private text: string | null = null;

  constructor(
    readonly file: string,
    paramSpec: P,
    readonly bindings: B,
  ) {
    this.params = new ParamLayout(paramSpec);
    this.paramNames = Object.keys(paramSpec);
    this.bindingNames = Object.keys(bindings) as (keyof B & string)[];
    this.access = bindingAccess(bindings);
    this.label = file.replace(/\.wgsl$/, '');
  }

  get rawSource(): string {
    return shaderSource(this.file);
  }

  /** The complete WGSL: the file with includes resolved and the layout in place of `#layout` (cached). */
  get source(): string {
    this.text ??= withLayout(this.rawSource, this.params, this.bindings, `shaders/${this.file}`);
    return this.text;
  }
}

/**
 * Declares the interface of shaders/<file>: its uniform fields and storage bindings, each in
 * order. One declaration per file; kernels dispatch it with named values (see GpuKernelApi).
 */
export function wgslShader<P extends ParamSpec, B extends BindingSpec>(declaration: { file: string; params: P; bindings: B }): WgslShader<P, B> {
  if (declared.some((d) => d.file === declaration.file)) throw new Error(`webgpu: shaders/${declaration.file} is declared twice`);
  const shader = new WgslShader(declaration.file, declaration.params, declaration.bindings);
  declared.push(shader);
  return shader;
}
