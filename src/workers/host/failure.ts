/**
 * Failure messages in plain words. The engine's errors name the mechanism (a lost device, a
 * failed map, a validation error); a learner needs to know what happened and what to do.
 */
const RULES: { test: RegExp; say: (detail: string) => string }[] = [
  {
    test: /device (was )?(lost|destroyed)|Device was destroyed|used after destroy/i,
    say: (d) => `The GPU stopped working during the run (${d}). The computation cannot go on on this device; the CPU can run the same notebook.`,
  },
  {
    test: /mapAsync|AbortError/i,
    say: (d) => `Reading results back from the GPU failed (${d}). The CPU can run the same notebook.`,
  },
  {
    test: /pipeline .* failed|validation|out-of-memory|out of memory|internal error|uncaptured/i,
    say: (d) => `The GPU reported an error and the run cannot go on (${d}). The CPU can run the same notebook.`,
  },
];

/** The engine's "webgpu backend: " prefix says where, not what (also after a shard's "shard 2 of 4 failed: "). */
function detailOf(message: string): string {
  return message.replace(/(^|: )webgpu backend:\s*/gi, '$1').trim();
}

/** A failure message a learner can act on; messages that already are plain pass through. */
export function plainFailure(message: string): string {
  const rule = RULES.find((r) => r.test.test(message));
  return rule ? rule.say(detailOf(message)) : message;
}

export function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
