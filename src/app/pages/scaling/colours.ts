// Colours for runs ordered by k: a sequential ramp (dark blue for k = 1 to orange for the
// largest k), so that the order of the curves reads from their colour.

import * as Plot from '@observablehq/plot';

const plasma = Plot.scale({ color: { type: 'linear', scheme: 'plasma', domain: [0, 1] } });

/** One colour per name, in order along the ramp (its pale yellow end is left out). */
export function rampColours(names: readonly string[]): Record<string, string> {
  const n = names.length;
  return Object.fromEntries(names.map((name, i) => [name, String(plasma.apply(n <= 1 ? 0 : (0.8 * i) / (n - 1)))]));
}
