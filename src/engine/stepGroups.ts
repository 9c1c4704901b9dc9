/**
 * How training loops keep a GPU busy while reading every loss. Steps issued back to back share
 * one submission (the webgpu backend submits when the caller yields); once two groups of reads
 * are pending, the loop waits for all but the latest group, so the device always has a group
 * queued while JavaScript waits for the one before, and each loss arrives a group or two late.
 */

/** Steps issued back to back between waits. */
export const STEPS_PER_GROUP = 4;

/** Call after issuing each step: awaits (and removes) the older reads once two groups are pending. */
export async function settleOlderGroups(inFlight: Promise<unknown>[], group: number = STEPS_PER_GROUP): Promise<void> {
  if (inFlight.length >= 2 * group) await Promise.all(inFlight.splice(0, inFlight.length - group));
}
