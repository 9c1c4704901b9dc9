// The elasticity page's settings, all in the URL so that a link reproduces a run. They are
// declared once, with the command line's, in src/engine/notebooks/elasticity/settings.ts.

import { ELASTICITY_SETTINGS } from '../../../engine/notebooks/elasticity/settings';
import { pageSettings } from '../../../engine/settings';
import type { Values } from '../../urlState';

export const ELASTICITY_SCHEMA = pageSettings(ELASTICITY_SETTINGS);

export type ElasticitySettings = Values<typeof ELASTICITY_SCHEMA>;

/** The shard counts the speed measurement tries: 1, 2 and 4, as far as the browser reports cores. */
export const SPEED_SHARD_COUNTS = [1, 2, 4] as const;

/** Warm-up steps before each shard count's timed steps (the first steps compile kernels and fill caches). */
export const SPEED_WARMUP_STEPS = 3;

/** The cores the browser reports (1 when it does not say). */
export function browserCores(): number {
  const n = typeof navigator === 'undefined' ? undefined : navigator.hardwareConcurrency;
  return Number.isInteger(n) && (n as number) > 0 ? (n as number) : 1;
}

/** The shard counts measured on a browser with `cores` cores. */
export function speedShardCounts(cores: number): number[] {
  return SPEED_SHARD_COUNTS.filter((c) => c === 1 || c <= cores);
}

/** Settings the URL allows one by one but this browser cannot run: more shards than cores. */
export function crossCheck(cores: number): (values: ElasticitySettings) => string[] {
  return (v) => (v.shards > cores ? [`shards = ${v.shards} is more than the ${cores} cores this browser reports: allowed 1 to ${cores} here`] : []);
}
