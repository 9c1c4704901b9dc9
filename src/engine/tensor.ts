/**
 * The tensor type and the contract every backend (cpu, webgpu) implements.
 *
 * A tensor is an immutable value: a shape, a dtype and storage owned by a backend.
 * Autodiff bookkeeping (`node`) is attached by the op layer (ops.ts), never by backends.
 */
import type { Shape } from './shape';
import { sizeOf } from './shape';

export type DType = 'f32' | 'f64' | 'i32';
export type FloatDType = 'f32' | 'f64';
export type TypedArray = Float64Array | Float32Array | Int32Array;

export type UnaryOp =
  | 'neg'
  | 'exp'
  | 'log'
  | 'log1p'
  | 'sqrt'
  | 'square'
  | 'abs'
  | 'sign'
  | 'reciprocal'
  | 'tanh'
  | 'sigmoid'
  | 'softplus'
  | 'lgamma'
  | 'digamma'
  | 'trigamma';

export type BinaryOp = 'add' | 'sub' | 'mul' | 'div' | 'maximum' | 'minimum' | 'greater';

/** One node of the reverse-mode graph: the inputs of the op and how to pull a cotangent back. */
export interface GradNode {
  readonly inputs: readonly Tensor[];
  /** Given d(out), returns d(input_i) for each input (null where no gradient flows). */
  readonly backward: (g: Tensor) => readonly (Tensor | null)[];
  readonly name: string;
}

let nextTensorId = 1;

/** Open `tidy` scopes: every tensor constructed while one is open is recorded in the innermost. */
const openScopes: Tensor[][] = [];

export class Tensor {
  readonly id = nextTensorId++;
  /** Set by the op layer when the tensor depends on a value being differentiated. */
  node: GradNode | null = null;
  requiresGrad = false;

  constructor(
    readonly shape: Shape,
    readonly dtype: DType,
    readonly backend: Backend,
    /** Backend-owned storage: a typed array on cpu, a buffer handle on webgpu. */
    readonly storage: unknown,
    /** True when `storage` belongs to another tensor (a reshape, a traced leaf): never disposed by `tidy`. */
    readonly isView = false,
  ) {
    if (!isView) openScopes[openScopes.length - 1]?.push(this);
  }

  get size(): number {
    return sizeOf(this.shape);
  }

  get rank(): number {
    return this.shape.length;
  }

  /** Copies the values back to JavaScript (asynchronous because a GPU readback is). */
  data(): Promise<TypedArray> {
    return this.backend.read(this);
  }

  /** Synchronous readback; only backends that hold data in JavaScript memory (cpu) support it. */
  dataSync(): TypedArray {
    return this.backend.readSync(this);
  }

  /** The single value of a size-1 tensor (synchronous; cpu only). */
  item(): number {
    const d = this.dataSync();
    if (d.length !== 1) throw new Error(`item() needs a tensor of size 1, got shape [${this.shape.join(',')}]`);
    return d[0];
  }

  /** Releases the storage now (GPU memory); cpu storage is left to the garbage collector. */
  dispose(): void {
    this.backend.dispose(this);
  }

  toString(): string {
    return `Tensor(${this.dtype}[${this.shape.join(',')}] on ${this.backend.name})`;
  }
}

/** Options of a triangular solve op(L) X = B. */
export interface TriangularSolveOptions {
  /** L is lower triangular (true) or upper (false); the other triangle is ignored. */
  lower: boolean;
  /** Solve with L^T instead of L. */
  transpose: boolean;
}

/** The backends: typed arrays in JavaScript memory, and WebGPU. */
export type BackendName = 'cpu' | 'webgpu';

/**
 * What a backend provides: storage, and the primitive kernels that take and return tensors of
 * its own. Kernels never see autodiff; every input is already validated by the op layer
 * (shapes compatible, dtypes equal). Model-specific fused kernels (rbf, dense, the Adam step, ...)
 * are not part of this contract: their ops register them per backend (see ops/registry.ts).
 */
export interface Backend {
  readonly name: BackendName;
  fromArray(data: ArrayLike<number>, shape: Shape, dtype: DType): Tensor;
  full(shape: Shape, value: number, dtype: DType): Tensor;
  read(t: Tensor): Promise<TypedArray>;
  readSync(t: Tensor): TypedArray;
  dispose(t: Tensor): void;
  /** Same storage, new shape (sizes equal, checked by the caller). */
  reshape(t: Tensor, shape: Shape): Tensor;
  cast(t: Tensor, dtype: DType): Tensor;

  unary(op: UnaryOp, x: Tensor): Tensor;
  /** Elementwise with NumPy broadcasting; 'greater' returns 1 or 0 in the inputs' dtype. */
  binary(op: BinaryOp, a: Tensor, b: Tensor): Tensor;
  /** Sum over `axes` (sorted, unique), keeping them as size-1 dimensions. */
  sum(x: Tensor, axes: readonly number[]): Tensor;
  /** Max over `axes` (sorted, unique), keeping them as size-1 dimensions. */
  max(x: Tensor, axes: readonly number[]): Tensor;
  /** Broadcasts x to `shape`, materialising the copy. */
  expand(x: Tensor, shape: Shape): Tensor;
  /** [m,n] -> [n,m]. */
  transpose(x: Tensor): Tensor;
  /** op(a) op(b) for 2-D a and b, op = transpose where asked. */
  matmul(a: Tensor, b: Tensor, transA: boolean, transB: boolean): Tensor;
  /** Rows of x [n, ...] at idx [k] (i32) -> [k, ...]. */
  gatherRows(x: Tensor, idx: Tensor): Tensor;
  /** Adds the rows of g [k, ...] into a zero tensor [n, ...] at rows idx [k] (the adjoint of gatherRows). */
  scatterAddRows(g: Tensor, idx: Tensor, n: number): Tensor;
  /** Lower Cholesky factor of a + shift I for a symmetric [n,n] a (NaN-filled if not positive definite). */
  cholesky(a: Tensor, shift: number): Tensor;
  /** Ā [n,n] (symmetric) from L = chol(A) [n,n] and L̄ [n,n]: sym(L^{-T} Φ(L^T L̄) L^{-1}) (Murray 2016). */
  choleskyBackward(l: Tensor, lBar: Tensor): Tensor;
  /** X [n,k] with op(L) X = B for triangular L [n,n]. */
  triangularSolve(l: Tensor, b: Tensor, options: TriangularSolveOptions): Tensor;
  /** Lower triangle of a square matrix, the diagonal multiplied by diagScale, the rest zero. */
  tril(x: Tensor, diagScale: number): Tensor;
  /** Diagonal [n] of a square matrix [n,n]. */
  diag(x: Tensor): Tensor;
  /** Square matrix [n,n] with v [n] on its diagonal. */
  diagMatrix(v: Tensor): Tensor;
  /** Identity [n,n]. */
  eye(n: number, dtype: DType): Tensor;

  /** Threefry-based draws that match the TypeScript generator bit for bit (key: Uint32Array [2]). */
  randomUniform(key: Uint32Array, shape: Shape, dtype: FloatDType): Tensor;
  randomNormal(key: Uint32Array, shape: Shape, dtype: FloatDType): Tensor;
  /** Integers uniform in [lo, hi), as JAX's randint, i32. */
  randint(key: Uint32Array, shape: Shape, lo: number, hi: number): Tensor;
}

/** Every tensor reachable in a value built of arrays and plain records. */
function collectTensors(value: unknown, into: Set<unknown>): void {
  if (value instanceof Tensor) into.add(value.storage);
  else if (Array.isArray(value)) for (const v of value) collectTensors(v, into);
  else if (value !== null && typeof value === 'object' && !ArrayBuffer.isView(value)) {
    for (const v of Object.values(value as Record<string, unknown>)) collectTensors(v, into);
  }
}

/**
 * Runs fn and disposes every tensor it created except those reachable from its result
 * (compared by storage, because reshapes share storage). This is what keeps a long GPU run
 * from growing memory; on the cpu backend disposal is a no-op.
 */
export function tidy<T>(fn: () => T): T {
  const scope: Tensor[] = [];
  openScopes.push(scope);
  let result: T;
  try {
    result = fn();
  } finally {
    openScopes.pop();
  }
  const keep = new Set<unknown>();
  collectTensors(result, keep);
  const disposed = new Set<unknown>();
  for (const t of scope) {
    if (keep.has(t.storage)) {
      openScopes[openScopes.length - 1]?.push(t);
    } else if (!disposed.has(t.storage)) {
      disposed.add(t.storage);
      t.dispose();
    }
  }
  return result;
}
