/**
 * Recorded steps: a training step written once as a function of the state it carries from step
 * to step, recorded on its first run and replayed afterwards (on the cpu backend), so that the
 * op layer's bookkeeping (shape inference, the autodiff tape, tidy scopes) happens once per run
 * and a step allocates nothing: its tensors keep their buffers, in the WebAssembly kernels'
 * memory, from step to step. This is the cpu counterpart of recording a GPU command stream.
 *
 *   const step = new RecordedStep(backend, (state) => {
 *     const { value, grads } = lossAndGrad(state.params, ...);
 *     const next = adamApply(state.params, grads, state.m, state.v, hyper);
 *     return { carry: next, out: { loss: value } };
 *   }, { keys: [stepKey] });
 *   stepKey.assign(foldIn(runKey, t));          // this step's inputs, on the host
 *   adamHyperInto(hyper, config, t);
 *   ({ carry: state, out } = step.run(state));   // recorded at t = 0, replayed after
 *
 * What a step reads that changes from step to step must reach it as one of:
 * - the carried state (tensors: parameters, optimiser moments), copied into the step's own
 *   buffers at every run;
 * - a step key (stepKey.ts), set with `assign` before the run: the random kernels read it when
 *   they run, and keys split or folded from it inside the step are made again before a replay;
 * - a host record that a kernel reads when it runs (Adam's hyperparameters: step count, learning
 *   rate), updated in place before the run;
 * - a tensor made outside the step whose values the caller overwrites in place.
 * A number used inside the step is a constant of the recording, as is a tensor made inside it from
 * host values; reading a value back inside a step is refused while recording. The step's results
 * (`carry`, `out`) are the same tensors at every run, overwritten by the next: read them before,
 * or hand out a copy (`keep`).
 * Replaying computes exactly what running the step again would (tests: whole runs, bit for bit).
 *
 * On the webgpu backend (and with `replay: false`) `run` simply calls the step inside `tidy`.
 */
import type { Backend, TypedArray } from './tensor';
import { Tensor, tidy } from './tensor';
import { shapesEqual } from './shape';
import type { StepKey, DerivedKey } from './stepKey';
import { CpuProgram } from './cpu/program';
import { cpuBackendOf } from './cpu/backend';

/** Tensors in arrays and records, as a step carries and returns them. */
export type TensorTree = Tensor | readonly TensorTree[] | { readonly [name: string]: TensorTree };

/** What a step returns: the state for the next step, and what it reports. */
export interface StepResult<C extends TensorTree, O extends TensorTree> {
  carry: C;
  out: O;
}

export interface RecordedStepOptions {
  /** Step keys the step reads; set each with `assign` before every run. */
  keys?: readonly StepKey[];
  /** Record and replay on the cpu (default); false calls the step every time, as on WebGPU. */
  replay?: boolean;
}

/** The tensors of a tree, in a fixed order (arrays in order, records by their keys' order). */
export function treeLeaves(tree: TensorTree, into: Tensor[] = []): Tensor[] {
  if (tree instanceof Tensor) into.push(tree);
  else if (Array.isArray(tree)) for (const t of tree) treeLeaves(t as TensorTree, into);
  else for (const t of Object.values(tree as Record<string, TensorTree>)) treeLeaves(t, into);
  return into;
}

/** A tree of the same shape with each tensor replaced by f(tensor). */
export function mapTree<T extends TensorTree>(tree: T, f: (t: Tensor) => Tensor): T {
  if (tree instanceof Tensor) return f(tree) as T;
  if (Array.isArray(tree)) return tree.map((t) => mapTree(t as TensorTree, f)) as unknown as T;
  const out: Record<string, TensorTree> = {};
  for (const [k, t] of Object.entries(tree as Record<string, TensorTree>)) out[k] = mapTree(t, f);
  return out as T;
}

/** A training step recorded on its first run and replayed after (see the module comment). */
export class RecordedStep<C extends TensorTree, O extends TensorTree> {
  private program: CpuProgram | null = null;
  private slots: Tensor[] = [];
  private result: StepResult<C, O> | null = null;
  private derived: readonly DerivedKey[] = [];
  private readonly replaying: boolean;

  constructor(
    readonly backend: Backend,
    private readonly body: (carry: C) => StepResult<C, O>,
    private readonly options: RecordedStepOptions = {},
  ) {
    this.replaying = (options.replay ?? true) && cpuBackendOf(backend) !== null;
  }

  /** True when runs after the first are replays (the cpu backend, replay not turned off). */
  get replays(): boolean {
    return this.replaying;
  }

  /** Calls the step for the state `carry`: the first time recording it, then replaying it. */
  run(carry: C): StepResult<C, O> {
    const cpu = cpuBackendOf(this.backend);
    if (!this.replaying || cpu === null) return tidy(() => this.body(carry));
    if (this.result === null || this.program === null) return this.record(carry);
    const leaves = treeLeaves(carry);
    const slots = this.slots;
    if (leaves.length !== slots.length) throw new Error(`RecordedStep.run: the state has ${leaves.length} tensors, ${slots.length} when recorded`);
    for (let i = 0; i < slots.length; i++) {
      const from = leaves[i];
      const to = slots[i];
      if (from === to) continue;
      if (from.dtype !== to.dtype || !shapesEqual(from.shape, to.shape)) {
        throw new Error(`RecordedStep.run: state tensor ${i} is [${from.shape.join(',')}] ${from.dtype}, [${to.shape.join(',')}] ${to.dtype} when recorded`);
      }
      const src = cpu.data(from);
      const dst = cpu.data(to);
      if (src !== dst) dst.set(src as TypedArray & Float64Array);
    }
    const derived = this.derived;
    for (let i = 0; i < derived.length; i++) derived[i].refresh();
    cpu.replay(this.program);
    return this.result;
  }

  /**
   * t itself, or a copy where t belongs to a replayed step (which overwrites it at the next run):
   * what a trainer hands out as a step's result, for callers that read it later.
   */
  keep(t: Tensor): Tensor {
    return this.replaying ? this.backend.cast(t, t.dtype) : t;
  }

  /** The number of kernel calls a replay makes (0 before the first run or without replay). */
  get calls(): number {
    return this.program?.calls ?? 0;
  }

  /** How many of those calls replay as their WebAssembly kernels alone (see wasmOnlyCall in cpu/wasm.ts). */
  get directCalls(): number {
    return this.program?.directCalls ?? 0;
  }

  /** Frees the step's buffers; its results must not be used afterwards. */
  dispose(): void {
    this.program?.dispose();
    this.program = null;
    this.result = null;
    this.slots = [];
  }

  private record(carry: C): StepResult<C, O> {
    const cpu = cpuBackendOf(this.backend) as NonNullable<ReturnType<typeof cpuBackendOf>>;
    const program = new CpuProgram();
    try {
      const result = cpu.record(program, () => {
        // The step's own copies of the state, which every run overwrites.
        const slots = mapTree(carry, (t) => {
          const slot = cpu.output(t.shape, t.dtype);
          cpu.data(slot).set(cpu.data(t));
          return slot;
        });
        this.slots = treeLeaves(slots);
        return this.body(slots);
      });
      this.program = program;
      this.result = result;
      this.derived = (this.options.keys ?? []).flatMap((k) => [...k.derivedKeys()]);
      return result;
    } catch (e) {
      program.dispose();
      this.slots = [];
      throw e;
    }
  }
}
