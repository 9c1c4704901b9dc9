// Every notebook the command line runs takes its options from the notebook's one settings
// declaration (less the page's own), and the flags of older releases still work.
import { describe, expect, it } from 'vitest';
import type { Settings } from '../../src/engine/settings';
import { SVGP_SETTINGS } from '../../src/engine/notebooks/svgp/settings';
import { GAMMA_SETTINGS } from '../../src/engine/notebooks/gamma/settings';
import { BNN_SETTINGS } from '../../src/engine/notebooks/bnn/settings';
import { SCALING_SETTINGS } from '../../src/engine/notebooks/scaling/settings';
import { EXACT_GP_SETTINGS } from '../../src/engine/notebooks/exact-gp/settings';
import { ELASTICITY_SETTINGS } from '../../src/engine/notebooks/elasticity/settings';
import { RUNNER_SETTINGS, flagName, parseArgs } from '../cli/args';
import { notebooks } from './registry';
import type { HeadlessNotebook } from './types';

const DECLARATIONS: Record<string, Settings> = {
  svgp: SVGP_SETTINGS,
  gamma: GAMMA_SETTINGS,
  bnn: BNN_SETTINGS,
  scaling: SCALING_SETTINGS,
  'exact-gp': EXACT_GP_SETTINGS,
  elasticity: ELASTICITY_SETTINGS,
};

describe.each(notebooks.map((n) => [n.id, n as HeadlessNotebook] as const))('npm run notebook -- %s', (id, notebook) => {
  it('takes exactly its declared settings that are not the page’s only', () => {
    const declaration = DECLARATIONS[id];
    expect(declaration, id).toBeDefined();
    const expected = Object.entries(declaration).filter(([, s]) => s.only !== 'page');
    expect(Object.entries(notebook.settings)).toEqual(expected);
    for (const [name, s] of expected) expect(notebook.settings[name]).toBe(s);
  });

  it('leaves --backend and --json to the runner', () => {
    for (const name of Object.keys(RUNNER_SETTINGS)) expect(Object.keys(notebook.settings)).not.toContain(name);
  });
});

describe('flags of older releases', () => {
  it('exact-gp: --lr for --learning-rate, and --sizes as a list', () => {
    const exact = notebooks.find((n) => n.id === 'exact-gp')!;
    const { options } = parseArgs(exact.settings, ['--lr', '0.05', '--sizes', '50,500']);
    expect(options).toMatchObject({ learningRate: 0.05, sizes: [50, 500] });
  });

  const scaling = notebooks.find((n) => n.id === 'scaling')!;

  it('scaling: --sgd-lr and --base-lr', () => {
    const { options } = parseArgs(scaling.settings, ['--sgd-lr', '0.05', '--base-lr=0.02', '--batches-per-size', '20']);
    expect(options).toMatchObject({ sgdLearningRate: 0.05, baseLearningRate: 0.02, batchesPerSize: 20 });
  });

  it('every flag the README documents', () => {
    const documented: Record<string, string[]> = {
      svgp: ['--full-steps', '--mini-steps', '--batch', '--seed', '--dtype', '--data', '--m', '--n', '--learning-rate'],
      gamma: ['--concentration', '--n', '--steps', '--particles', '--seed', '--data'],
      bnn: ['--optimizer', '--steps', '--patience', '--seed', '--data'],
      elasticity: ['--products', '--categories', '--periods', '--steps', '--particles', '--guide', '--shards', '--seed', '--data'],
      scaling: ['--seed', '--n', '--batches-per-size', '--epochs', '--sgd-lr', '--base-batch', '--base-lr', '--warmup-epochs', '--micro', '--micro-batch', '--dtype'],
      'exact-gp': ['--n', '--steps', '--lr', '--seed', '--dtype', '--path', '--sizes', '--data'],
    };
    for (const n of notebooks) {
      const flags = new Set(Object.entries(n.settings).flatMap(([name, s]) => [name, ...(s.aliases ?? [])].map(flagName)));
      for (const flag of documented[n.id]) expect(flags.has(flag), `${n.id} ${flag}`).toBe(true);
    }
  });
});
