// Every page's URL parameters are its notebook's declared settings (less the command line's own),
// and the links written before settings were renamed still open the same run.
import { describe, expect, it } from 'vitest';
import type { Settings } from '../engine/settings';
import { SVGP_SETTINGS } from '../engine/notebooks/svgp/settings';
import { SWEEP_SETTINGS } from '../engine/notebooks/sweep/settings';
import { GAMMA_SETTINGS } from '../engine/notebooks/gamma/settings';
import { BNN_SETTINGS } from '../engine/notebooks/bnn/settings';
import { SCALING_SETTINGS } from '../engine/notebooks/scaling/settings';
import { EXACT_GP_SETTINGS } from '../engine/notebooks/exact-gp/settings';
import { ELASTICITY_SETTINGS } from '../engine/notebooks/elasticity/settings';
import { GLOBAL_SCHEMA, keysOf, parseParams, type Schema } from './urlState';
import { SVGP_SCHEMA } from './pages/svgp/schema';
import { SWEEP_SCHEMA } from './pages/sweep/schema';
import { GAMMA_SCHEMA } from './pages/gamma/schema';
import { BNN_SCHEMA } from './pages/bnn/schema';
import { SCALING_SCHEMA } from './pages/scaling/schema';
import { EXACT_GP_SCHEMA } from './pages/exact-gp/schema';
import { ELASTICITY_SCHEMA } from './pages/elasticity/schema';

const PAGES: [string, Schema, Settings][] = [
  ['svgp', SVGP_SCHEMA, SVGP_SETTINGS],
  ['sweep', SWEEP_SCHEMA, SWEEP_SETTINGS],
  ['gamma', GAMMA_SCHEMA, GAMMA_SETTINGS],
  ['bnn', BNN_SCHEMA, BNN_SETTINGS],
  ['scaling', SCALING_SCHEMA, SCALING_SETTINGS],
  ['exact-gp', EXACT_GP_SCHEMA, EXACT_GP_SETTINGS],
  ['elasticity', ELASTICITY_SCHEMA, ELASTICITY_SETTINGS],
];

describe.each(PAGES)('the %s page', (_id, schema, declaration) => {
  it('reads exactly its declared settings that are not the command line’s only', () => {
    const expected = Object.entries(declaration).filter(([, s]) => s.only !== 'cli');
    expect(Object.entries(schema)).toEqual(expected);
    for (const [name, s] of expected) expect(schema[name]).toBe(s);
  });

  it('leaves the global parameters to the layout', () => {
    for (const key of keysOf(schema)) expect(Object.keys(GLOBAL_SCHEMA)).not.toContain(key);
  });
});

// Links as they were written before the settings were renamed, and what they must open as.
const OLD_LINKS: [string, Schema, string, Record<string, unknown>][] = [
  ['svgp: b and lr', SVGP_SCHEMA, 'n=2000&b=100&lr=0.01&miniSteps=1000000&backend=cpu', { n: 2000, batch: 100, learningRate: 0.01, miniSteps: 1_000_000 }],
  [
    'sweep: lr, warmup, timed, target and budget',
    SWEEP_SCHEMA,
    'n=1000&lr=0.1&warmup=1&timed=3&budget=3&target=1',
    { n: 1000, learningRate: 0.1, warmupSteps: 1, timedSteps: 3, budgetSeconds: 3, targetPerPoint: 1 },
  ],
  ['gamma: a and lr', GAMMA_SCHEMA, 'a=3.5&lr=0.01&n=500', { concentration: 3.5, learningRate: 0.01, n: 500 }],
  [
    'scaling: batches, sgdLr, baseB and baseLr',
    SCALING_SCHEMA,
    'batches=20&sgdLr=0.2&baseB=64&baseLr=0.05&maxK=8',
    { batchesPerSize: 20, sgdLearningRate: 0.2, baseBatch: 64, baseLearningRate: 0.05, maxK: '8' },
  ],
  ['bnn: its names are unchanged', BNN_SCHEMA, 'optimizer=onecycle&fair=true&dataSeed=2147483647&draws=100', { optimizer: 'onecycle', fair: true, dataSeed: 2_147_483_647, draws: 100 }],
];

describe('links written with the older names', () => {
  it.each(OLD_LINKS)('%s', (_name, schema, query, expected) => {
    const r = parseParams(schema, query, { ignore: Object.keys(GLOBAL_SCHEMA) });
    expect(r.errors).toEqual([]);
    expect(r.values).toMatchObject(expected);
  });

  it('name the older key in their messages, as the address bar shows it', () => {
    expect(parseParams(SVGP_SCHEMA, 'b=0').errors[0]?.message).toBe('b = 0 is out of range: allowed 1 to 100000');
    expect(parseParams(SCALING_SCHEMA, 'batches=5').errors[0]?.message).toBe('batches = 5 is out of range: allowed 10 to 10000');
  });
});
