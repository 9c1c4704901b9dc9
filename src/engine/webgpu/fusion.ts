/**
 * Lazy elementwise expressions and their compilation into fused kernels.
 *
 * `LazyEngine.node` records an elementwise node (see storage.ts); `materialize` turns the
 * expression below a storage into one dispatch of a kernel generated from
 * shaders/elementwise.wgsl; `reduce` evaluates an expression inside a reduction kernel
 * generated from shaders/reduce.wgsl. Generated source depends only on the expression's
 * structure (ops, dtypes, which reads are contiguous), never on sizes or constant values,
 * which travel in the parameter block: a training step compiles its kernels once.
 *
 * Bounds that keep every kernel valid on any adapter: at most `maxInputs` distinct input
 * buffers (storage bindings), at most MAX_FORMS index forms and MAX_CONSTS constants in the
 * parameter block, and rank <= 4 after merging dimensions. Expressions that would exceed them
 * materialise an input first.
 */
import type { BinaryOp, DType, UnaryOp } from '../tensor';
import type { Shape } from '../shape';
import { sizeOf, stridesOf } from '../shape';
import type { GpuContext } from './context';
import type { PooledBuffer } from './pool';
import type { Affine, Edge, Form, LazyNode } from './storage';
import { GStorage, affineKey, compose, coordForm, edgesOf, identity, leafForm } from './storage';
import type { BindingType, ParamSpec, ParamValues } from './layout';
import { ParamLayout, arrayOf, bindingAccess, withLayout } from './layout';
import { fillTemplate, shaderSource } from './shaders';

const MAX_FORMS = 24;
const MAX_CONSTS = 32;
/** Expression tree size at which an input is materialised instead of inlined. */
const MAX_COST = 64;
/** Elements x tree size above which a lazy value read twice is computed once and stored. */
const RECOMPUTE_LIMIT = 8192;
const MAX_RANK = 4;

class LimitError extends Error {}

/** Thrown by code generation when an input must be computed by its own kernel first. */
class NeedMaterialize extends Error {
  constructor(readonly storage: GStorage) {
    super('materialise first');
  }
}

/** The leading fields of the elementwise template's parameters (index forms and constants follow). */
const ELEMENTWISE_HEAD: ParamSpec = { n: 'u32', shape: 'vec4u', cstride: 'vec4u' };
/** The leading fields of the reduction template's parameters. */
const REDUCE_HEAD: ParamSpec = { out_size: 'u32', red_size: 'u32', kstride: 'vec4u', kshape: 'vec4u', rstride: 'vec4u', rshape: 'vec4u' };

/** Field names of each template's parameter block (for the tests that check the WGSL against them). */
export function templateFields(): Readonly<Record<'elementwise.wgsl' | 'reduce.wgsl', readonly string[]>> {
  const tail = ['forms', 'offs', 'consts'];
  return { 'elementwise.wgsl': [...Object.keys(ELEMENTWISE_HEAD), ...tail], 'reduce.wgsl': [...Object.keys(REDUCE_HEAD), ...tail] };
}

/** Largest reduction inlined as a loop into its consumer (elements). */
export const INLINE_REDUCE_MAX = 16384;

/** WGSL type of a dtype (f64 never reaches the GPU). */
export function wgslType(dtype: DType): 'f32' | 'i32' {
  return dtype === 'i32' ? 'i32' : 'f32';
}

function lit(dtype: DType, v: 0 | 1): string {
  return dtype === 'i32' ? `${v}i` : `${v}.0`;
}

function unaryExpr(op: UnaryOp, dtype: DType, x: string): string {
  if (dtype === 'i32') {
    switch (op) {
      case 'neg':
        return `-(${x})`;
      case 'abs':
        return `abs(${x})`;
      case 'sign':
        return `sign(${x})`;
      case 'square':
        return `(${x} * ${x})`;
      default:
        // Non-integer results are truncated toward zero, as an Int32Array store does.
        return `i32(${unaryExpr(op, 'f32', `f32(${x})`)})`;
    }
  }
  switch (op) {
    case 'neg':
      return `-(${x})`;
    case 'exp':
      // Not the builtin: see shaders/exp.wgsl.
      return `exp_f32(${x})`;
    case 'log':
      return `log_f32(${x})`;
    case 'log1p':
      return `log1p_f32(${x})`;
    case 'sqrt':
      return `sqrt(${x})`;
    case 'square':
      return `(${x} * ${x})`;
    case 'abs':
      return `abs(${x})`;
    case 'sign':
      // Spelled out so that NaN gives 0, as on the cpu backend.
      return `select(select(0.0, -1.0, ${x} < 0.0), 1.0, ${x} > 0.0)`;
    case 'reciprocal':
      return `(1.0 / ${x})`;
    case 'tanh':
      return `tanh_f32(${x})`;
    case 'sigmoid':
      return `sigmoid_f32(${x})`;
    case 'softplus':
      return `softplus_f32(${x})`;
    case 'lgamma':
      return `lgamma_f32(${x})`;
    case 'digamma':
      return `digamma_f32(${x})`;
    case 'trigamma':
      return `trigamma_f32(${x})`;
  }
}

function binaryExpr(op: BinaryOp, dtype: DType, a: string, b: string): string {
  switch (op) {
    case 'add':
      return `(${a} + ${b})`;
    case 'sub':
      return `(${a} - ${b})`;
    case 'mul':
      return `(${a} * ${b})`;
    case 'div':
      return dtype === 'i32' ? `i32(f32(${a}) / f32(${b}))` : `(${a} / ${b})`;
    case 'maximum':
      return `select(${b}, ${a}, ${a} >= ${b})`;
    case 'minimum':
      return `select(${b}, ${a}, ${a} <= ${b})`;
    case 'greater':
      return `select(${lit(dtype, 0)}, ${lit(dtype, 1)}, ${a} > ${b})`;
  }
}

/** What one code generation collected: the body with form tokens, and its inputs. */
/** The coordinate system of an inlined reduction's loop body. */
interface SubCoords {
  coord: string;
  flat: string;
  rank: number;
  cstride: number[];
}

interface Gen {
  rank: number;
  /** The kernel's shape (before merging dimensions). */
  kshape: Shape;
  /** Raw vec4u slots after the forms (inlined reductions' shapes and index forms). */
  fixed: number[][];
  /** Set while generating the body of an inlined reduction. */
  sub: SubCoords | null;
  /** Input bindings allowed: the stage's storage buffer limit minus the outputs. */
  maxBindings: number;
  forms: Form[];
  formIndex: Map<string, number>;
  consts: number[];
  constIndex: Map<string, number>;
  bindings: GStorage[];
  bindingIndex: Map<GStorage, number>;
  lines: string[];
  cache: Map<string, string>;
  next: number;
  usesSpecial: boolean;
}

// Every function of shaders/special.wgsl (and of exp.wgsl, which it includes) ends in _f32.
const SPECIAL_FNS = /[a-z0-9]_f32\(/;

/** Dimensions after dropping unit dimensions and merging neighbours that every form allows. */
function coalesce(shape: Shape, forms: Form[], reduced: readonly boolean[] | null): { shape: number[]; coefs: number[][]; reduced: boolean[] } {
  const dims: number[] = [];
  for (let d = 0; d < shape.length; d++) if (shape[d] !== 1) dims.push(d);
  const sh = dims.map((d) => shape[d]);
  const coefs = forms.map((f) => dims.map((d) => f.coef[d]));
  const red = dims.map((d) => (reduced ? reduced[d] : false));
  for (let d = sh.length - 2; d >= 0; d--) {
    const ok = red[d] === red[d + 1] && coefs.every((c) => c[d] === c[d + 1] * sh[d + 1]);
    if (!ok) continue;
    sh[d] *= sh[d + 1];
    sh.splice(d + 1, 1);
    red.splice(d + 1, 1);
    for (const c of coefs) {
      c[d] = c[d + 1];
      c.splice(d + 1, 1);
    }
  }
  return { shape: sh, coefs, reduced: red };
}

function pad4(v: readonly number[], fill: number): number[] {
  const out = [...v];
  while (out.length < 4) out.push(fill);
  return out;
}

export class LazyEngine {
  /** Distinct input buffers a fused kernel may read (storage bindings minus the output). */
  readonly maxInputs: number;
  /** Called with a one-line description of every fused kernel dispatched (diagnostics). */
  trace: ((line: string) => void) | null = null;
  /** Parameter layouts of the templates by template and array lengths. */
  private readonly layouts = new Map<string, ParamLayout<ParamSpec>>();

  constructor(private readonly ctx: GpuContext) {
    this.maxInputs = Math.min(8, ctx.device.limits.maxStorageBuffersPerShaderStage - 1);
  }

  // ------------------------------------------------------------------ references

  retain(s: GStorage): void {
    s.refs++;
  }

  release(s: GStorage): void {
    if (--s.refs > 0) return;
    if (s.alias) {
      const a = s.alias;
      s.alias = null;
      s.buf = null;
      this.release(a);
    } else if (s.buf) {
      this.ctx.pool.release(s.buf);
      s.buf = null;
    }
    if (s.node) {
      const edges = edgesOf(s.node);
      s.node = null;
      for (const e of edges) this.release(e.s);
    }
  }

  /** Drops the owning tensors' reference (idempotent: tensors sharing storage release once). */
  releaseOwner(s: GStorage): void {
    if (s.ownerReleased) return;
    s.ownerReleased = true;
    this.release(s);
  }

  /** A storage holding a buffer (owned by the new storage). */
  fromBuffer(dtype: DType, shape: Shape, buf: PooledBuffer): GStorage {
    return new GStorage(dtype, shape, buf, null);
  }

  // ------------------------------------------------------------------ building expressions

  private noteUse(s: GStorage): void {
    s.uses++;
    if (!s.node || s.uses < 2 || this.cheap(s.node)) return;
    // An inlined reduction costs its input's size each time it is evaluated.
    const elements = s.node.kind === 'reduce' ? s.node.x.s.size : s.size;
    if (elements * s.cost >= RECOMPUTE_LIMIT) this.materialize(s);
  }

  /** Constants and pure re-indexing of a buffer cost nothing to recompute. */
  private cheap(node: LazyNode): boolean {
    return node.kind === 'const' || node.kind === 'eye' || (node.kind === 'view' && node.x.s.buf !== null);
  }

  /** A lazy node of the given dtype and shape (its inputs are retained). */
  node(dtype: DType, shape: Shape, n: LazyNode): GStorage {
    const edges = edgesOf(n);
    for (const e of edges) this.noteUse(e.s);
    for (;;) {
      const leaves = new Set<GStorage>();
      let cost = 1;
      for (const e of edges) {
        for (const l of e.s.leaves) leaves.add(l);
        cost += e.s.cost;
      }
      if (leaves.size <= this.maxInputs && cost <= MAX_COST) {
        const s = new GStorage(dtype, [...shape], null, n);
        s.cost = cost;
        s.leaves = leaves;
        for (const e of edges) this.retain(e.s);
        return s;
      }
      // Too big to inline: compute the largest lazy input on its own first.
      let worst: GStorage | null = null;
      for (const e of edges) if (e.s.node && (!worst || e.s.cost > worst.cost)) worst = e.s;
      if (!worst) {
        const s = new GStorage(dtype, [...shape], null, n);
        s.leaves = leaves;
        for (const e of edges) this.retain(e.s);
        return s;
      }
      this.materialize(worst);
    }
  }

  // ------------------------------------------------------------------ materialising

  /** The storage's values in a buffer, row-major for its shape (computing them if lazy). */
  materialize(s: GStorage): PooledBuffer {
    if (s.buf) return s.buf;
    const node = s.node;
    if (!node) throw new Error('webgpu: storage used after it was disposed');
    if (node.kind === 'reduce') {
      const out = this.reduce(node.op, node.x.s, node.x.shape, node.axes);
      // Adopt the result's buffer: `out` is a fresh storage owned by nobody else.
      s.buf = out.buf;
      out.buf = null;
      s.node = null;
      s.cost = 1;
      s.leaves = new Set([s]);
      this.release(node.x.s);
      return s.buf as PooledBuffer;
    }
    // A view that reads its buffer contiguously from the start is the buffer itself.
    if (node.kind === 'view' && node.x.s.buf) {
      const f = leafForm(node.x.shape, node.x.map, s.shape.length);
      const cs = stridesOf(s.shape);
      if (f.off === 0 && s.shape.every((d, i) => d === 1 || f.coef[i] === cs[i])) {
        s.alias = node.x.s;
        s.buf = node.x.s.buf;
        s.node = null;
        s.cost = 1;
        s.leaves = new Set([s]);
        return s.buf;
      }
    }
    this.materializeMany([s]);
    const b: PooledBuffer | null = s.buf;
    if (!b) throw new Error('webgpu: materialisation produced no buffer');
    return b;
  }

  /**
   * Computes several lazy storages of one shape in a single kernel (shared subexpressions are
   * evaluated once). Storages that already hold buffers are skipped.
   */
  materializeMany(list: readonly GStorage[]): void {
    for (const t of list) if (!t.buf && t.node?.kind === 'reduce') this.materialize(t);
    const todo = list.filter((t) => !t.buf);
    if (todo.length === 0) return;
    for (const t of todo) {
      if (!t.node) throw new Error('webgpu: storage used after it was disposed');
      if (t.shape.length !== todo[0].shape.length || t.shape.some((d, i) => d !== todo[0].shape[i])) {
        throw new Error('webgpu: materializeMany needs storages of one shape');
      }
    }
    const outs = todo.map((t) => this.ctx.pool.acquire(Math.max(1, t.size) * 4));
    if (todo[0].size > 0) {
      for (;;) {
        try {
          this.runElementwise(todo, outs);
          break;
        } catch (e) {
          if (e instanceof NeedMaterialize) {
            this.materialize(e.storage);
            continue;
          }
          if (!(e instanceof LimitError)) {
            for (const o of outs) this.ctx.pool.release(o);
            throw e;
          }
          this.materializeLargestInput(todo);
        }
      }
    }
    todo.forEach((t, k) => {
      const node = t.node as LazyNode;
      t.buf = outs[k];
      t.node = null;
      t.cost = 1;
      t.leaves = new Set([t]);
      for (const e of edgesOf(node)) this.release(e.s);
    });
  }

  private materializeLargestInput(roots: readonly GStorage[]): void {
    let worst: GStorage | null = null;
    for (const t of roots) {
      if (!t.node) continue;
      for (const e of edgesOf(t.node)) {
        if (e.s.node && (!worst || e.s.cost > worst.cost)) worst = e.s;
      }
    }
    if (!worst) throw new Error('webgpu: an elementwise expression exceeds the kernel limits');
    this.materialize(worst);
  }

  private newGen(kshape: Shape, outputs = 1): Gen {
    return {
      rank: kshape.length,
      kshape,
      maxBindings: this.maxInputs + 1 - outputs,
      fixed: [],
      sub: null,
      forms: [],
      formIndex: new Map(),
      consts: [],
      constIndex: new Map(),
      bindings: [],
      bindingIndex: new Map(),
      lines: [],
      cache: new Map(),
      next: 0,
      usesSpecial: false,
    };
  }

  private fixedSlot(g: Gen, v: readonly number[]): string {
    const k = g.fixed.length;
    if (g.forms.length + k >= MAX_FORMS) throw new LimitError();
    g.fixed.push(pad4(v, 0));
    return `@G${k}@`;
  }

  private formToken(g: Gen, f: Form): string {
    if (g.sub) {
      // Inside an inlined reduction: index forms over the loop's own coordinates, resolved now.
      const sub = g.sub;
      if (f.coef.every((c) => c === 0)) return f.off === 0 ? '0u' : `${this.fixedSlot(g, [f.off])}.x`;
      if (f.off === 0 && f.coef.every((c, d) => c === sub.cstride[d])) return sub.flat;
      return `(dot(${sub.coord}, ${this.fixedSlot(g, f.coef)}) + ${this.fixedSlot(g, [f.off])}.x)`;
    }
    const key = `${f.coef.join(',')}|${f.off}`;
    let k = g.formIndex.get(key);
    if (k === undefined) {
      k = g.forms.length;
      if (k >= MAX_FORMS) throw new LimitError();
      g.forms.push(f);
      g.formIndex.set(key, k);
    }
    return `@F${k}@`;
  }

  private constExpr(g: Gen, dtype: DType, v: number): string {
    const key = Object.is(v, -0) ? '-0' : String(v);
    let k = g.constIndex.get(key);
    if (k === undefined) {
      k = g.consts.length;
      if (k >= MAX_CONSTS) throw new LimitError();
      g.consts.push(v);
      g.constIndex.set(key, k);
    }
    const e = `P.consts[${k >> 2}][${k & 3}]`;
    return dtype === 'i32' ? `i32(${e})` : e;
  }

  private emit(g: Gen, expr: string): string {
    const name = `v${g.next++}`;
    g.lines.push(`  let ${name} = ${expr};`);
    return name;
  }

  /** Code for the value of storage s, read as `shape`, at node coordinates = map(kernel coords). */
  private visit(g: Gen, s: GStorage, shape: Shape, map: Affine): string {
    const key = `${s.id}|${shape.join(',')}|${affineKey(map)}`;
    const hit = g.cache.get(key);
    if (hit) return hit;
    let out: string;
    // Coordinates are the kernel's, or an inlined reduction's loop coordinates.
    const rank = g.sub ? g.sub.rank : g.rank;
    if (s.buf) {
      let b = g.bindingIndex.get(s);
      if (b === undefined) {
        b = g.bindings.length;
        if (b >= g.maxBindings) throw new LimitError();
        g.bindings.push(s);
        g.bindingIndex.set(s, b);
      }
      out = this.emit(g, `in${b}[${this.formToken(g, leafForm(shape, map, rank))}]`);
    } else {
      const node = s.node;
      if (!node) throw new Error('webgpu: storage used after it was disposed');
      const child = (e: Edge) => this.visit(g, e.s, e.shape, compose(e.map, map, rank));
      const row = () => this.formToken(g, coordForm(map, 0, rank));
      const col = () => this.formToken(g, coordForm(map, 1, rank));
      const t = s.dtype;
      switch (node.kind) {
        case 'const':
          out = this.emit(g, this.constExpr(g, t, node.value));
          break;
        case 'unary':
          out = this.emit(g, unaryExpr(node.op, t, child(node.x)));
          break;
        case 'binary': {
          const a = child(node.a);
          const b = child(node.b);
          out = this.emit(g, binaryExpr(node.op, t, a, b));
          break;
        }
        case 'cast':
          out = this.emit(g, `${wgslType(t)}(${child(node.x)})`);
          break;
        case 'view':
          out = child(node.x);
          break;
        case 'tril': {
          const x = child(node.x);
          const r = row();
          const c = col();
          const scale = this.constExpr(g, t, node.diagScale);
          out = this.emit(g, `select(${lit(t, 0)}, ${x} * select(${lit(t, 1)}, ${scale}, ${r} == ${c}), ${c} <= ${r})`);
          break;
        }
        case 'eye':
          out = this.emit(g, `select(${lit(t, 0)}, ${lit(t, 1)}, ${row()} == ${col()})`);
          break;
        case 'diagMatrix': {
          const v = child(node.v);
          out = this.emit(g, `select(${lit(t, 0)}, ${v}, ${row()} == ${col()})`);
          break;
        }
        case 'call': {
          const args = node.args.map(child);
          out = this.emit(g, `${node.fn}(${args.join(', ')})`);
          break;
        }
        case 'reduce':
          out = this.inlineReduce(g, s, node, map);
          break;
      }
    }
    g.cache.set(key, out);
    return out;
  }

  /** Input bindings in0.. then the outputs, named as given. */
  /**
   * An inlined reduction: a loop over the reduced coordinates of its input inside the
   * consumer's body. Only where every invocation reads it at the same coordinates (a scalar
   * consumer, or a broadcast of one); otherwise the reduction needs its own kernel.
   */
  private inlineReduce(g: Gen, s: GStorage, node: Extract<LazyNode, { kind: 'reduce' }>, map: Affine): string {
    const varies = map.rows.some((row) => row.some((c, p) => c !== 0 && (g.sub ? true : g.kshape[p] !== 1)));
    if (g.sub || varies) throw new NeedMaterialize(s);
    const xShape = node.x.shape;
    const red = node.axes;
    if (red.length > MAX_RANK) throw new NeedMaterialize(s);
    const subShape = red.map((d) => xShape[d]);
    const rows = xShape.map((_, d) => red.map((r) => (r === d ? 1 : 0)));
    const off = xShape.map((_, d) => (red.includes(d) ? 0 : map.off[d]));
    const id = g.next++;
    const sub: SubCoords = { coord: `rc${id}`, flat: `rj${id}`, rank: red.length, cstride: stridesOf(subShape) };
    const shapeSlot = this.fixedSlot(g, pad4(subShape, 1));
    const strideSlot = this.fixedSlot(g, pad4(sub.cstride, 1));
    const acc = `racc${id}`;
    const max = node.op === 'max';
    // -inf made at run time (WGSL rejects infinities in constant expressions); the element
    // count is stride[0] * shape[0].
    g.lines.push(`  var ${acc} = ${max ? `bitcast<f32>(0xff800000u | (${shapeSlot}.x & 0u))` : '0.0'};`);
    g.lines.push(`  for (var ${sub.flat} = 0u; ${sub.flat} < ${strideSlot}.x * ${shapeSlot}.x; ${sub.flat}++) {`);
    g.lines.push(`  let ${sub.coord} = (vec4u(${sub.flat}) / ${strideSlot}) % ${shapeSlot};`);
    const cache = g.cache;
    g.cache = new Map();
    g.sub = sub;
    try {
      const v = this.visit(g, node.x.s, xShape, { rows, off });
      g.lines.push(
        max
          ? `  ${acc} = select(${acc}, ${v}, ${v} > ${acc} || (bitcast<u32>(${v}) & 0x7fffffffu) > 0x7f800000u);`
          : `  ${acc} = ${acc} + ${v};`,
      );
    } finally {
      g.sub = null;
      g.cache = cache;
    }
    g.lines.push('  }');
    return acc;
  }

  /** Replaces form tokens by their cheapest expression for the merged kernel shape. */
  private formExprs(body: string, coefs: number[][], offs: number[], contiguous: number[] | null): { body: string; general: boolean } {
    let general = false;
    const exprs = coefs.map((c, k) => {
      const zero = c.every((v) => v === 0);
      if (zero) return offs[k] === 0 ? '0u' : `P.offs[${k >> 2}][${k & 3}]`;
      if (contiguous && offs[k] === 0 && c.every((v, d) => v === contiguous[d])) return 'i';
      general = true;
      return `(dot(c, P.forms[${k}]) + P.offs[${k >> 2}][${k & 3}])`;
    });
    const fixedBase = coefs.length;
    const out = body.replace(/@F(\d+)@/g, (_m, k: string) => exprs[Number(k)]).replace(/@G(\d+)@/g, (_m, k: string) => `P.forms[${fixedBase + Number(k)}]`);
    return { body: out, general };
  }

  private specialSource(body: string): string {
    if (SPECIAL_FNS.test(body.replaceAll('exp_f32(', ''))) return shaderSource('special.wgsl');
    return body.includes('exp_f32(') ? shaderSource('exp.wgsl') : '';
  }

  /**
   * Completes a template (shaders/elementwise.wgsl or reduce.wgsl) for one generated body and
   * dispatches it: the parameter block is the template's own fields (`head`) followed by the
   * index forms, their offsets and the constants, declared once here for both the WGSL struct
   * and the writer; the inputs are bound as in0, in1, ... and the outputs under their names.
   */
  private launch(
    template: 'elementwise.wgsl' | 'reduce.wgsl',
    head: ParamSpec,
    headValues: ParamValues<ParamSpec>,
    g: Gen,
    tail: { coefs: readonly number[][]; offs: readonly number[] },
    outputs: readonly { name: string; dtype: DType; buf: PooledBuffer }[],
    fills: Readonly<Record<string, string>>,
    pipeline: { label: string; entryPoint?: string; workgroups: number },
  ): void {
    const nf = Math.max(1, g.forms.length + g.fixed.length);
    const nc = Math.max(1, g.consts.length);
    const key = `${template}|${nf}|${nc}`;
    let layout = this.layouts.get(key);
    if (!layout) {
      layout = new ParamLayout({ ...head, forms: arrayOf('vec4u', nf), offs: arrayOf('vec4u', Math.ceil(nf / 4)), consts: arrayOf('vec4f', Math.ceil(nc / 4)) });
      this.layouts.set(key, layout);
    }
    const bindings: Record<string, BindingType> = {};
    g.bindings.forEach((b, i) => {
      bindings[`in${i}`] = `read ${wgslType(b.dtype)}`;
    });
    for (const o of outputs) bindings[o.name] = `read_write ${wgslType(o.dtype)}`;
    // The templates take special.wgsl through their {{SPECIAL}} slot, filled only when the body
    // calls one of its functions: smaller kernels compile faster.
    const source = withLayout(fillTemplate(shaderSource(template), { ...fills, SPECIAL: this.specialSource(fills.BODY) }), layout, bindings, `shaders/${template}`);
    const kernel = this.ctx.kernel({ label: pipeline.label, source, entryPoint: pipeline.entryPoint, bindings: bindingAccess(bindings) });
    const block = this.ctx.params(layout.bytes);
    // Index forms (kernel coefficients, then the fixed slots of inlined reductions) are vec4 rows.
    const forms: number[] = [];
    for (const row of [...tail.coefs, ...g.fixed]) forms.push(...pad4(row, 0));
    layout.write(block, { ...headValues, forms, offs: tail.offs, consts: g.consts });
    const buffers = g.bindings.map((b) => b.buf as PooledBuffer);
    for (const o of outputs) buffers.push(o.buf);
    this.ctx.dispatch(kernel, block, buffers, pipeline.workgroups);
  }

  private runElementwise(roots: readonly GStorage[], outs: readonly PooledBuffer[]): void {
    const shape = roots[0].shape;
    const rank = shape.length;
    const g = this.newGen(shape, roots.length);
    const results = roots.map((s) => this.visit(g, s, shape, identity(rank)));
    const merged = coalesce(shape, g.forms, null);
    if (merged.shape.length > MAX_RANK) throw new Error(`webgpu: elementwise kernels support rank <= ${MAX_RANK} after merging dimensions, got [${shape.join(',')}]`);
    const offs = g.forms.map((f) => f.off);
    const cs = stridesOf(merged.shape);
    const { body, general } = this.formExprs(g.lines.map((l) => `  ${l}`).join('\n'), merged.coefs, offs, cs);
    const r = merged.shape.length;
    let coords = '    let c = vec4u(0u);';
    if (general) {
      const comps: string[] = [];
      const lane = ['x', 'y', 'z', 'w'];
      for (let d = 0; d < r; d++) {
        if (d === 0 && r === 1) comps.push('i');
        else if (d === 0) comps.push(`i / P.cstride.x`);
        else if (d === r - 1) comps.push(`i % P.shape.${lane[d]}`);
        else comps.push(`(i / P.cstride.${lane[d]}) % P.shape.${lane[d]}`);
      }
      coords = `    let c = vec4u(${pad4Strings(comps).join(', ')});`;
    }
    this.trace?.(`elementwise [${shape.join(',')}] x${roots.length} inputs ${g.bindings.length}: ${g.lines.length} ops ${roots.map((s) => describe(s)).join(' ; ')}`);
    const n = sizeOf(shape);
    this.launch(
      'elementwise.wgsl',
      ELEMENTWISE_HEAD,
      { n, shape: pad4(merged.shape, 1), cstride: pad4(cs, 1) },
      g,
      { coefs: merged.coefs, offs },
      roots.map((s, k) => ({ name: `out${k}`, dtype: s.dtype, buf: outs[k] })),
      { BODY: body, STORES: results.map((v, k) => `    out${k}[i] = ${v};`).join('\n'), COORDS: coords },
      { label: roots.length > 1 ? 'fused-elementwise-multi' : 'fused-elementwise', workgroups: Math.max(1, Math.min(4096, Math.ceil(n / 256))) },
    );
  }

  // ------------------------------------------------------------------ reductions

  /**
   * sum or max over `axes` as a lazy node when it is small enough to be inlined into a
   * consumer (float32, at most INLINE_REDUCE_MAX elements reduced, at most 16 outputs), else
   * null: the caller runs the reduction kernel.
   */
  lazyReduce(kind: 'sum' | 'max', s: GStorage, shape: Shape, axes: readonly number[]): GStorage | null {
    const reduced = axes.reduce((p, a) => p * shape[a], 1);
    const outShape = shape.map((d, i) => (axes.includes(i) ? 1 : d));
    if (s.dtype !== 'f32' || reduced === 0 || reduced > INLINE_REDUCE_MAX || sizeOf(outShape) > 16) return null;
    return this.node(s.dtype, outShape, { kind: 'reduce', op: kind, x: { s, shape, map: identity(shape.length) }, axes: [...axes] });
  }

  /**
   * sum or max of the value of `s` (read as `shape`) over `axes` (sorted), kept as size 1:
   * returns a new buffer storage of the reduced shape.
   */
  reduce(kind: 'sum' | 'max', s: GStorage, shape: Shape, axes: readonly number[]): GStorage {
    const outShape = shape.map((d, i) => (axes.includes(i) ? 1 : d));
    const outSize = sizeOf(outShape);
    const out = this.ctx.pool.acquire(Math.max(1, outSize) * 4);
    const result = new GStorage(s.dtype, outShape, out, null);
    if (outSize === 0) return result;
    this.noteUse(s);
    for (;;) {
      try {
        this.runReduce(kind, s, shape, axes, out);
        return result;
      } catch (e) {
        if (e instanceof NeedMaterialize) {
          this.materialize(e.storage);
          continue;
        }
        if (!(e instanceof LimitError)) throw e;
        if (s.node) this.materializeLargestInput([s]);
      }
    }
  }

  private runReduce(kind: 'sum' | 'max', s: GStorage, shape: Shape, axes: readonly number[], out: PooledBuffer): void {
    const rank = shape.length;
    const g = this.newGen(shape);
    const result = this.visit(g, s, shape, identity(rank));
    g.lines.push(`  return ${result};`);
    const reducedMask = shape.map((_, i) => axes.includes(i));
    const merged = coalesce(shape, g.forms, reducedMask);
    const r = merged.shape.length;
    if (r > MAX_RANK) throw new Error(`webgpu: reductions support rank <= ${MAX_RANK} after merging dimensions, got [${shape.join(',')}]`);
    const offs = g.forms.map((f) => f.off);
    const { body } = this.formExprs(g.lines.join('\n'), merged.coefs, offs, null);
    // Strides of the kept dimensions in the output index, and of the reduced ones in r.
    const kstride = new Array<number>(r).fill(1);
    const kshape = new Array<number>(r).fill(1);
    const rstride = new Array<number>(r).fill(1);
    const rshape = new Array<number>(r).fill(1);
    let ka = 1;
    let ra = 1;
    const reducedDims: number[] = [];
    for (let d = r - 1; d >= 0; d--) {
      if (merged.reduced[d]) {
        rstride[d] = ra;
        rshape[d] = merged.shape[d];
        ra *= merged.shape[d];
        reducedDims.unshift(d);
      } else {
        kstride[d] = ka;
        kshape[d] = merged.shape[d];
        ka *= merged.shape[d];
      }
    }
    let rcoords: string;
    if (reducedDims.length === 0) rcoords = '  return vec4u(0u);';
    else if (reducedDims.length === 1) {
      const comps = ['0u', '0u', '0u', '0u'];
      comps[reducedDims[0]] = 'r';
      rcoords = `  return vec4u(${comps.join(', ')});`;
    } else rcoords = '  return (vec4u(r) / P.rstride) % P.rshape;';
    const t = wgslType(s.dtype);
    const init = kind === 'sum' ? (t === 'i32' ? '0i' : '0.0') : t === 'i32' ? 'i32(-2147483648)' : 'bitcast<f32>(neg_inf_bits)';
    const combine =
      kind === 'sum'
        ? '  return a + b;'
        : t === 'i32'
          ? '  return max(a, b);'
          : // NaN wins, as on the cpu backend; tested on the bit pattern so no compiler can drop it.
            '  return select(a, b, b > a || (bitcast<u32>(b) & 0x7fffffffu) > 0x7f800000u);';
    const outSize = ka;
    const redSize = ra;
    // Few long reductions: a workgroup each, with a tree in workgroup memory. Many: a thread each.
    const grouped = outSize < 512 && redSize >= 128;
    this.trace?.(`${kind} [${shape.join(',')}] axes ${axes.join(',')} -> ${grouped ? 'group' : 'thread'}: ${g.lines.length - 1} ops ${describe(s)}`);
    this.launch(
      'reduce.wgsl',
      REDUCE_HEAD,
      { out_size: outSize, red_size: redSize, kstride: pad4(kstride, 1), kshape: pad4(kshape, 1), rstride: pad4(rstride, 1), rshape: pad4(rshape, 1) },
      g,
      { coefs: merged.coefs, offs },
      [{ name: 'out', dtype: s.dtype, buf: out }],
      { OUT_T: t, BODY: body, COMBINE: combine, RCOORDS: rcoords, INIT: init },
      { label: `fused-${kind}`, entryPoint: grouped ? 'main_group' : 'main_thread', workgroups: grouped ? Math.min(outSize, 65535) : Math.max(1, Math.ceil(outSize / 64)) },
    );
  }

}

/** A short description of an expression tree (diagnostics). */
function describe(s: GStorage, depth = 0): string {
  if (s.buf) return 'buf';
  const n = s.node;
  if (!n) return '?';
  if (depth > 6) return '...';
  const name = n.kind === 'unary' || n.kind === 'binary' ? n.op : n.kind === 'call' ? n.fn : n.kind;
  const kids = edgesOf(n).map((e) => describe(e.s, depth + 1));
  return kids.length ? `${name}(${kids.join(',')})` : name;
}

function pad4Strings(v: string[]): string[] {
  const out = [...v];
  while (out.length < 4) out.push('0u');
  return out;
}
