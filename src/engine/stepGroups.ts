/**
 * How training loops keep a GPU busy while reading every loss. Steps issued back to back share
 * one submission (the webgpu backend submits when the caller yields); once two groups of reads
 * are pending, the loop waits for all but the latest group, so the device always has a group
 * queued while JavaScript waits for the one before, and each loss arrives a group or two late.
 */

/** Steps issued back to back between waits. */
export const STEPS_PER_GROUP = 4;

/**
 * Call after issuing each step: once two groups of reads are pending, removes and returns all
 * but the latest group, to be awaited; otherwise returns nothing. Await only a non-empty result:
 * any `await` hands control back, and with it submits the steps issued so far.
 */
export function olderGroups<T>(inFlight: Promise<T>[], group: number = STEPS_PER_GROUP): Promise<T>[] {
  return inFlight.length >= 2 * group ? inFlight.splice(0, inFlight.length - group) : [];
}
