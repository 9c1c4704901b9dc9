/**
 * How training loops keep a GPU busy while reading every loss. Steps issued back to back share
 * one submission (the webgpu backend submits when the caller yields); once two groups of reads
 * are pending, the loop waits for all but the latest group, so the device always has a group
 * queued while JavaScript waits for the one before, and each loss arrives a group or two late.
 */

/** Steps issued back to back between waits. */
export const STEPS_PER_GROUP = 4;

/** How many of the `pending` reads to wait for now: all but the latest group once two groups are pending, else none. */
export function readsDue(pending: number, group: number = STEPS_PER_GROUP): number {
  return pending >= 2 * group ? pending - group : 0;
}

/**
 * Steps to keep in flight on a backend: a group where results come back asynchronously (a
 * GPU), none where they are read synchronously (the cpu), since there reading at once costs
 * nothing, stamps each step exactly and lets a trainer's stopping rule end the run at its step.
 */
export function stepsInFlight(backend: { readonly name: string }): number {
  return backend.name === 'cpu' ? 0 : STEPS_PER_GROUP;
}
