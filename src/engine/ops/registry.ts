/**
 * The kernel registry: the kernels of ops that need one of their own, keyed by op name and
 * backend name (in the manner of tfjs's registerKernel, with types).
 *
 * The Backend interface holds the primitives every backend implements (storage, elementwise
 * maps, reductions, matmul, the linear-algebra primitives, random draws). A fused model kernel
 * (rbf, dense, the Adam step, ...) does not widen that interface: its op defines it here with
 * its reference cpu implementation (`defineKernel`), so every kernel exists on the cpu, and each
 * other backend adds its own (`registerKernel`) from the op's `webgpu.ts`, which the webgpu
 * backend loads with itself. Code that runs in Node therefore never loads WebGPU code.
 *
 * A kernel is a function of the backend's kernel API and the op's arguments: on the cpu the
 * backend with its typed arrays (CpuKernelApi), on the GPU the backend with buffers, dispatches
 * of declared shaders and lazy tensors (GpuKernelApi). Kernels see no autodiff: the op checks
 * shapes, runs the kernel and records the backward rule.
 *
 * One backend may hold several implementations of a kernel (a WebAssembly cpu kernel beside the
 * TypeScript one, a blocked GPU kernel beside a one-workgroup one): the registered variant of
 * highest priority that accepts the arguments runs (a variant may accept only some sizes), and
 * every variant stays reachable by name (`runVariant`) for tests and comparisons.
 */
import type { Backend, BackendName } from '../tensor';
import type { CpuKernelApi } from '../cpu/kernelApi';
import type { GpuKernelApi } from '../webgpu/kernelApi';

/**
 * What a kernel of each backend is handed. Each backend class implements its own entry (the
 * cpu backend is a CpuKernelApi, the webgpu backend a GpuKernelApi): that is what makes the
 * downcast in `Kernel.run` sound.
 */
export interface KernelHosts {
  cpu: CpuKernelApi;
  webgpu: GpuKernelApi;
}

/** An implementation of a kernel with arguments A and result R on backend B. */
export type KernelImpl<B extends BackendName, A extends readonly unknown[], R> = (host: KernelHosts[B], ...args: A) => R;

/** The variant name of the TypeScript cpu kernel given to defineKernel. */
export const REFERENCE_VARIANT = 'typescript';

export interface VariantOptions<A extends readonly unknown[] = readonly unknown[]> {
  /** Its name among the backend's implementations (default 'default'). */
  variant?: string;
  /** The implementation of highest priority runs (default 0; the reference cpu kernel has 0). */
  priority?: number;
  /** When given, the implementation is considered only while this says true (the WebAssembly kernels once loaded). */
  when?: () => boolean;
  /**
   * The arguments this variant is chosen for (by default all): a blocked kernel that pays off
   * only for large matrices accepts those, and the variant below it runs the rest. Every
   * backend needs one variant that accepts everything. `runVariant` ignores it.
   */
  accepts?: (...args: A) => boolean;
}

interface Entry<B extends BackendName, A extends readonly unknown[], R> {
  variant: string;
  priority: number;
  impl: KernelImpl<B, A, R>;
  when: (() => boolean) | null;
  accepts: ((...args: A) => boolean) | null;
}

type Entries<A extends readonly unknown[], R> = { [B in BackendName]: Entry<B, A, R>[] };

/** What the registry says about a kernel, whatever its argument types. */
export interface KernelInfo {
  readonly name: string;
  /** Backends with at least one implementation. */
  backends(): BackendName[];
  /** Variant names on a backend, the one that runs first. */
  variants(backend: BackendName): string[];
  /** The variant that runs now on a backend, or null. */
  active(backend: BackendName): string | null;
}

const kernels = new Map<string, KernelInfo>();

/** Every kernel defined so far, by op name. */
export function definedKernels(): readonly KernelInfo[] {
  return [...kernels.values()];
}

/** A kernel of an op: its implementations per backend, and the call that picks one. */
export class Kernel<A extends readonly unknown[], R> implements KernelInfo {
  private readonly entries: Entries<A, R> = { cpu: [], webgpu: [] };

  constructor(readonly name: string) {}

  /** Runs the implementation of highest priority, among those available that accept the arguments, registered for the tensors' backend. */
  run(backend: Backend, ...args: A): R {
    switch (backend.name) {
      case 'cpu':
        // Through invoke, so that a recorded step keeps the call.
        return (backend as CpuKernelApi).invoke(this.chosen('cpu', args).impl, ...args);
      case 'webgpu':
        return this.chosen('webgpu', args).impl(backend as GpuKernelApi, ...args);
    }
  }

  /** The name of the variant `run` would choose for these arguments on a backend. */
  chosenVariant(backend: BackendName, ...args: A): string {
    return this.chosen(backend, args).variant;
  }

  /** Runs one named implementation (to compare variants, or to fall back by hand). */
  runVariant(backend: Backend, variant: string, ...args: A): R {
    switch (backend.name) {
      case 'cpu':
        return (backend as CpuKernelApi).invoke(this.named('cpu', variant).impl, ...args);
      case 'webgpu':
        return this.named('webgpu', variant).impl(backend as GpuKernelApi, ...args);
    }
  }

  register<B extends BackendName>(backend: B, impl: KernelImpl<B, A, R>, options: VariantOptions<A> = {}): void {
    const list: Entry<B, A, R>[] = this.entries[backend];
    const variant = options.variant ?? 'default';
    if (list.some((e) => e.variant === variant)) throw new Error(`kernel ${this.name}: a ${variant} implementation for ${backend} is already registered`);
    list.push({ variant, priority: options.priority ?? 0, impl, when: options.when ?? null, accepts: options.accepts ?? null });
    // Stable: among equal priorities the first registered stays first.
    list.sort((a, b) => b.priority - a.priority);
  }

  backends(): BackendName[] {
    return (Object.keys(this.entries) as BackendName[]).filter((b) => this.entries[b].length > 0);
  }

  variants(backend: BackendName): string[] {
    return this.entries[backend].map((e) => e.variant);
  }

  /** The variant of highest priority available now on a backend (for some arguments one below it may run: see `accepts`), or null. */
  active(backend: BackendName): string | null {
    const list: { variant: string; when: (() => boolean) | null }[] = this.entries[backend];
    return list.find((e) => e.when === null || e.when())?.variant ?? null;
  }

  private chosen<B extends BackendName>(backend: B, args: A): Entry<B, A, R> {
    const list: Entry<B, A, R>[] = this.entries[backend];
    if (list.length === 0) {
      throw new Error(`${this.name}: no kernel for the ${backend} backend (ops/${this.name}'s ${backend}.ts registers it when that backend loads)`);
    }
    // A plain loop: this runs at every kernel call.
    for (let i = 0; i < list.length; i++) {
      const e = list[i];
      if ((e.when === null || e.when()) && (e.accepts === null || e.accepts(...args))) return e;
    }
    throw new Error(`${this.name}: no ${backend} kernel available accepts these arguments (registered: ${list.map((x) => x.variant).join(', ')})`);
  }

  private named<B extends BackendName>(backend: B, variant: string): Entry<B, A, R> {
    const list: Entry<B, A, R>[] = this.entries[backend];
    const e = list.find((x) => x.variant === variant);
    if (!e) throw new Error(`${this.name}: no ${variant} kernel for the ${backend} backend (registered: ${list.map((x) => x.variant).join(', ') || 'none'})`);
    return e;
  }
}

/**
 * Defines the kernel `name` of an op with its reference cpu implementation (TypeScript on typed
 * arrays); the argument and result types of every other implementation follow from it.
 */
export function defineKernel<A extends readonly unknown[], R>(name: string, cpu: KernelImpl<'cpu', A, R>): Kernel<A, R> {
  if (kernels.has(name)) throw new Error(`kernel ${name} is defined twice`);
  const k = new Kernel<A, R>(name);
  k.register('cpu', cpu, { variant: REFERENCE_VARIANT });
  kernels.set(name, k);
  return k;
}

/** Adds backend `backend`'s implementation of a kernel (see VariantOptions for a second one). */
export function registerKernel<A extends readonly unknown[], R, B extends BackendName>(
  kernel: Kernel<A, R>,
  backend: B,
  impl: KernelImpl<B, A, R>,
  options: VariantOptions<A> = {},
): void {
  kernel.register(backend, impl, options);
}
