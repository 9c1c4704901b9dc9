/**
 * One readback per step, shared: the training loop reads each step's loss with `data()`, and a
 * trainer that needs the same values (or must free the tensor afterwards) hands the loop a view
 * whose `data()` returns the trainer's own readback instead of starting a second one.
 */
import type { Tensor as TensorType, TypedArray } from '../engine/tensor';
import { Tensor } from '../engine/tensor';

class SharedRead extends Tensor {
  constructor(
    source: TensorType,
    private readonly values: Promise<TypedArray>,
  ) {
    super(source.shape, source.dtype, source.backend, source.storage, true);
  }

  override data(): Promise<TypedArray> {
    return this.values;
  }
}

/**
 * Starts reading `t` back, frees it once the values have arrived (GPU memory), passes them to
 * `use` when given, and returns a view that the training loop can read without a second readback.
 */
export function readOnce(t: TensorType, use?: (values: TypedArray) => void): TensorType {
  const values = t.data();
  values.then(
    (v) => {
      t.dispose();
      use?.(v);
    },
    // A failed readback is reported by the training loop, which awaits the same promise.
    () => t.dispose(),
  );
  return new SharedRead(t, values);
}
