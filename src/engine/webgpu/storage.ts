/**
 * Tensor storage of the webgpu backend: either a GPU buffer or a lazy elementwise expression
 * that has not been computed yet.
 *
 * Why lazy: at the sizes of this app a dispatch costs more than the arithmetic, and a model's
 * forward and backward passes are full of short elementwise chains (scalar bookkeeping of the
 * ELBO, masks, broadcasts, transposes). Elementwise ops therefore only record a node; the chain
 * is compiled into one kernel when something needs the values (a matrix kernel, a reduction,
 * a readback). Reductions evaluate their input expression in place.
 *
 * Lifetime: storages are reference counted. A tensor holds one reference (released by the first
 * `dispose` of any tensor sharing the storage, which is what `tidy` does), and every lazy node
 * holds one on each input, so a buffer returns to the pool only when no tensor and no pending
 * expression can read it any more.
 */
import type { BinaryOp, DType, UnaryOp } from '../tensor';
import type { Shape } from '../shape';
import { sizeOf, stridesOf } from '../shape';
import type { PooledBuffer } from './pool';

/**
 * An affine map between coordinate systems: child[d] = sum_p rows[d][p] * parent[p] + off[d].
 * Broadcasts, transposes, diagonals, slices and (most) reshapes are all of this form.
 */
export interface Affine {
  readonly rows: readonly (readonly number[])[];
  readonly off: readonly number[];
}

/** How a node reads one input: the input storage, the shape it is read as, and the map. */
export interface Edge {
  readonly s: GStorage;
  readonly shape: Shape;
  readonly map: Affine;
}

export type LazyNode =
  | { readonly kind: 'const'; readonly value: number }
  | { readonly kind: 'unary'; readonly op: UnaryOp; readonly x: Edge }
  | { readonly kind: 'binary'; readonly op: BinaryOp; readonly a: Edge; readonly b: Edge }
  | { readonly kind: 'cast'; readonly x: Edge }
  | { readonly kind: 'view'; readonly x: Edge }
  | { readonly kind: 'tril'; readonly x: Edge; readonly diagScale: number }
  | { readonly kind: 'eye' }
  | { readonly kind: 'diagMatrix'; readonly v: Edge }
  /** A function of shaders/special.wgsl applied elementwise to same-shape inputs. */
  | { readonly kind: 'call'; readonly fn: string; readonly args: readonly Edge[] }
  /**
   * A small reduction (shape: x's shape with `axes` kept as size 1). Inlined as a loop into a
   * consumer that reads it at one fixed coordinate (the scalar bookkeeping of a loss), else
   * computed by the reduction kernel.
   */
  | { readonly kind: 'reduce'; readonly op: 'sum' | 'max'; readonly x: Edge; readonly axes: readonly number[] };

let nextStorageId = 1;

export class GStorage {
  readonly id = nextStorageId++;
  /** References: the owning tensor(s), counted once, plus one per lazy node reading this. */
  refs = 1;
  ownerReleased = false;
  /** The computed values (null while lazy). */
  buf: PooledBuffer | null;
  /** Storage whose buffer `buf` is (a materialised no-op view): released instead of buf. */
  alias: GStorage | null = null;
  node: LazyNode | null;
  /** Times this storage was read by a new node or kernel (drives recomputation limits). */
  uses = 0;
  /** Size of the lazy expression tree below (1 for a buffer). */
  cost: number;
  /** Distinct buffer storages the expression reads (just itself for a buffer). */
  leaves: ReadonlySet<GStorage>;

  constructor(
    readonly dtype: DType,
    /** The shape of the node (lazy) or of the tensor that created the buffer. */
    readonly shape: Shape,
    buf: PooledBuffer | null,
    node: LazyNode | null,
  ) {
    this.buf = buf;
    this.node = node;
    this.cost = 1;
    this.leaves = buf ? new Set([this]) : new Set();
  }

  get size(): number {
    return sizeOf(this.shape);
  }
}

/** The inputs of a lazy node. */
export function edgesOf(node: LazyNode): Edge[] {
  switch (node.kind) {
    case 'const':
    case 'eye':
      return [];
    case 'unary':
    case 'cast':
    case 'view':
    case 'tril':
    case 'reduce':
      return [node.x];
    case 'binary':
      return [node.a, node.b];
    case 'diagMatrix':
      return [node.v];
    case 'call':
      return [...node.args];
  }
}

// ------------------------------------------------------------------ affine maps

/** The identity map on a rank-r coordinate system. */
export function identity(rank: number): Affine {
  const rows = Array.from({ length: rank }, (_, d) => Array.from({ length: rank }, (_, p) => (p === d ? 1 : 0)));
  return { rows, off: new Array<number>(rank).fill(0) };
}

/** How an input of shape `child` is read under NumPy broadcasting to `parent`. */
export function broadcastMap(child: Shape, parent: Shape): Affine {
  const lead = parent.length - child.length;
  const rows = child.map((c, d) =>
    Array.from({ length: parent.length }, (_, p) => (p === d + lead && !(c === 1 && parent[p] !== 1) ? 1 : 0)),
  );
  return { rows, off: new Array<number>(child.length).fill(0) };
}

/** A [m,n] input read as its transpose [n,m]. */
export function transposeMap(): Affine {
  return { rows: [[0, 1], [1, 0]], off: [0, 0] };
}

/** A [n,n] input read along its diagonal as [n]. */
export function diagonalMap(): Affine {
  return { rows: [[1], [1]], off: [0, 0] };
}

/** A [n] input read at the row of a [n,n] node. */
export function rowMap(): Affine {
  return { rows: [[1, 0]], off: [0] };
}

/** Element `index` of a flat input of shape [k], read as a scalar []. */
export function elementMap(index: number): Affine {
  return { rows: [[]], off: [index] };
}

/**
 * The map for reading a tensor of shape `child` as shape `parent` (same size, row-major), or
 * null when it is not affine. Unit dimensions come and go freely; several parent dimensions may
 * merge into one child dimension (coordinate = their row-major index); a child dimension split
 * across parent dimensions, though, needs division, and is refused.
 */
export function reshapeMap(child: Shape, parent: Shape): Affine | null {
  const pDims: number[] = [];
  for (let p = 0; p < parent.length; p++) if (parent[p] !== 1) pDims.push(p);
  const rows: number[][] = child.map(() => new Array<number>(parent.length).fill(0));
  let k = 0;
  for (let d = 0; d < child.length; d++) {
    if (child[d] === 1) continue;
    // Consume parent dimensions until their product reaches child[d].
    const group: number[] = [];
    let prod = 1;
    while (prod < child[d] && k < pDims.length) {
      group.push(pDims[k]);
      prod *= parent[pDims[k]];
      k++;
    }
    if (prod !== child[d]) return null;
    let scale = 1;
    for (let g = group.length - 1; g >= 0; g--) {
      rows[d][group[g]] = scale;
      scale *= parent[group[g]];
    }
  }
  if (k !== pDims.length) return null;
  return { rows, off: new Array<number>(child.length).fill(0) };
}

/** outer ∘ inner: first inner (parent -> mid), then outer (mid -> child); parentRank columns. */
export function compose(outer: Affine, inner: Affine, parentRank: number): Affine {
  const rows = outer.rows.map((orow) => {
    const r = new Array<number>(parentRank).fill(0);
    for (let m = 0; m < orow.length; m++) {
      const c = orow[m];
      if (c === 0) continue;
      const irow = inner.rows[m];
      for (let p = 0; p < parentRank; p++) r[p] += c * irow[p];
    }
    return r;
  });
  const off = outer.rows.map((orow, d) => {
    let o = outer.off[d];
    for (let m = 0; m < orow.length; m++) o += orow[m] * inner.off[m];
    return o;
  });
  return { rows, off };
}

/** A linear offset form over kernel coordinates: offset = sum coef[p] c[p] + off. */
export interface Form {
  coef: number[];
  off: number;
}

/** The buffer offset of element (map applied to kernel coordinates) of a row-major `shape`. */
export function leafForm(shape: Shape, map: Affine, kernelRank: number): Form {
  const strides = stridesOf(shape);
  const coef = new Array<number>(kernelRank).fill(0);
  let off = 0;
  for (let d = 0; d < shape.length; d++) {
    if (shape[d] === 1) continue;
    const row = map.rows[d];
    for (let p = 0; p < kernelRank; p++) coef[p] += strides[d] * (row[p] ?? 0);
    off += strides[d] * map.off[d];
  }
  return { coef, off };
}

/** Coordinate d of a node, as a form over kernel coordinates. */
export function coordForm(map: Affine, d: number, kernelRank: number): Form {
  const row = map.rows[d];
  return { coef: Array.from({ length: kernelRank }, (_, p) => row[p] ?? 0), off: map.off[d] };
}

/** Key of an affine map, for common-subexpression elimination. */
export function affineKey(a: Affine): string {
  return `${a.rows.map((r) => r.join(',')).join(';')}|${a.off.join(',')}`;
}
