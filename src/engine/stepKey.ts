/**
 * Step keys: the random keys a training step reads, set afresh before every step (foldIn of a
 * run key and the step number, typically), so that a step recorded once and replayed (replay.ts)
 * draws new numbers each time.
 *
 * A step key is a key (a Uint32Array of length 2) whose value changes in place (`assign`). The
 * keys made from it by `split` and `foldIn` are derived keys that remember how they were made;
 * a replayed step makes them again from the new value before it runs, so the kernels it replays,
 * which hold the key objects themselves, read this step's keys. Numbers drawn on the host from a
 * step key (random.ts's `normal`, `uniform`, `randint`) would be baked into a recorded step as
 * constants, so that is refused: a step key feeds the random kernels (backend.randomNormal,
 * randomUniform, randint), which draw when they run.
 */

/** A key that changes from step to step; see the module comment. */
export class StepKey extends Uint32Array {
  // Methods that make new arrays (slice, map, ...) make plain Uint32Arrays, not step keys.
  static get [Symbol.species](): Uint32ArrayConstructor {
    return Uint32Array;
  }

  /** The step key this one was made from, at the top (itself for a key set by `assign`). */
  readonly root: StepKey;
  /** Keys made from this root since it was last assigned, in the order made (parents first). */
  private readonly made: DerivedKey[] = [];

  constructor(root?: StepKey) {
    super(2);
    this.root = root ?? this;
  }

  /** Sets the key of the next step (only on a root). */
  assign(k: ArrayLike<number>): this {
    if (this.root !== this) throw new Error('StepKey.assign: a derived key follows its root; assign the root');
    this[0] = k[0];
    this[1] = k[1];
    this.made.length = 0;
    return this;
  }

  /** Keys made from this root since it was last assigned, parents before children. */
  derivedKeys(): readonly DerivedKey[] {
    return this.made;
  }

  /** Records a key made from this root (called by random.ts). */
  adopt(child: DerivedKey): void {
    this.root.made.push(child);
  }
}

/** A key made from a step key by split or foldIn, which can make itself again from its parent. */
export class DerivedKey extends StepKey {
  constructor(
    root: StepKey,
    private readonly parent: Uint32Array,
    private readonly derive: (parent: Uint32Array, out: Uint32Array) => void,
  ) {
    super(root);
    derive(parent, this);
    root.adopt(this);
  }

  /** Makes the key again from its parent's current value. */
  refresh(): void {
    this.derive(this.parent, this);
  }
}

/** Throws when numbers are about to be drawn on the host from a step key (see the module comment). */
export function refuseHostDraw(k: Uint32Array, fn: string): void {
  if (k instanceof StepKey) {
    throw new Error(
      `${fn}: a step key feeds the random kernels (backend.randomNormal, randomUniform, randint), which draw again when a recorded step is replayed; numbers drawn from it here would be baked in`,
    );
  }
}
