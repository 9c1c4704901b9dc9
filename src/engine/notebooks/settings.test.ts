// Every notebook's settings declaration, walked: each setting is well formed, its names are
// unambiguous on both sides, and the engine's defaults are read from it rather than restated.
import { describe, expect, it } from 'vitest';
import { SVGP_DEFAULTS } from '../models/svgp';
import { GAMMA_DEFAULTS } from '../models/gamma';
import { BNN_DEFAULTS } from '../models/bnnRun';
import { SVGP_NOTEBOOK_DEFAULTS } from '../experiments/svgpNotebook';
import { GAMMA_NOTEBOOK_DEFAULTS } from '../experiments/gammaNotebook';
import { BNN_NOTEBOOK_DEFAULTS, defaultBnnSteps } from '../experiments/bnnNotebook';
import { SCALING_NOTEBOOK_DEFAULTS } from '../experiments/scaling';
import { EXACT_GP_DEFAULTS } from '../models/exactGp';
import { EXACT_GP_NOTEBOOK_DEFAULTS } from '../experiments/exactGpNotebook';
import type { Settings } from '../settings';
import { checkValue, cliSettings, defaultValues, formatValue, nameIndex, pageSettings } from '../settings';
import { SVGP_SETTINGS, checkSvgpSettings } from './svgp/settings';
import { SWEEP_SETTINGS } from './sweep/settings';
import { GAMMA_SETTINGS } from './gamma/settings';
import { BNN_DEFAULT_STEPS, BNN_SETTINGS } from './bnn/settings';
import { SCALING_SETTINGS, checkScalingSettings } from './scaling/settings';
import { EXACT_GP_SETTINGS } from './exact-gp/settings';

const DECLARATIONS: Record<string, Settings> = {
  svgp: SVGP_SETTINGS,
  sweep: SWEEP_SETTINGS,
  gamma: GAMMA_SETTINGS,
  bnn: BNN_SETTINGS,
  scaling: SCALING_SETTINGS,
  'exact-gp': EXACT_GP_SETTINGS,
};

/** The notebooks the command line runs (the sweep is the page's only). */
const ON_THE_COMMAND_LINE = ['svgp', 'gamma', 'bnn', 'scaling', 'exact-gp'];

const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());

describe.each(Object.entries(DECLARATIONS))('the %s settings', (id, settings) => {
  it('hold defaults inside their own ranges', () => {
    for (const [name, s] of Object.entries(settings)) {
      expect(s.label, name).not.toBe('');
      if (s.kind === 'path') continue;
      expect(checkValue(name, s, formatValue(s, s.default)), name).toEqual({ ok: true, value: s.default });
      if (s.kind === 'int' || s.kind === 'float') expect(s.min, name).toBeLessThan(s.max);
    }
  });

  it('give every name (canonical or older) to one setting, on the page and as a flag', () => {
    const index = nameIndex(settings);
    const flags = new Map<string, string>();
    for (const [key, name] of index) {
      const other = flags.get(kebab(key));
      expect(other === undefined || other === name, `--${kebab(key)}`).toBe(true);
      flags.set(kebab(key), name);
    }
  });

  it('keep the command line and the page apart only where marked', () => {
    const page = Object.keys(pageSettings(settings));
    const cli = Object.keys(cliSettings(settings));
    for (const [name, s] of Object.entries(settings)) {
      expect(page.includes(name), name).toBe(s.only !== 'cli');
      expect(cli.includes(name), name).toBe(s.only !== 'page');
    }
    if (ON_THE_COMMAND_LINE.includes(id)) {
      // --help prints a help line for every option.
      for (const [name, s] of Object.entries(cliSettings(settings))) expect(s.help, name).toBeTruthy();
    }
  });
});

describe('engine defaults come from the declarations', () => {
  it('svgp', () => {
    const d = defaultValues(SVGP_SETTINGS);
    expect(SVGP_DEFAULTS).toMatchObject({ n: d.n, m: d.m, batch: d.batch, learningRate: d.learningRate, fullSteps: d.fullSteps, miniSteps: d.miniSteps });
    const { data: _data, ...cli } = defaultValues(cliSettings(SVGP_SETTINGS));
    expect(SVGP_NOTEBOOK_DEFAULTS).toEqual({ ...cli, dataSeed: d.dataSeed });
  });

  it('sweep shares the svgp data, model and optimiser settings', () => {
    for (const name of ['n', 'm', 'learningRate', 'dataSeed', 'seed'] as const) expect(SWEEP_SETTINGS[name]).toBe(SVGP_SETTINGS[name]);
  });

  it('gamma', () => {
    const d = defaultValues(GAMMA_SETTINGS);
    expect(GAMMA_DEFAULTS).toMatchObject({ concentration: d.concentration, n: d.n, steps: d.steps, particles: d.particles, learningRate: d.learningRate });
    const { data: _data, ...cli } = defaultValues(cliSettings(GAMMA_SETTINGS));
    expect(GAMMA_NOTEBOOK_DEFAULTS).toEqual(cli);
  });

  it('bnn', () => {
    const d = defaultValues(BNN_SETTINGS);
    expect(BNN_DEFAULTS.patience).toBe(d.patience);
    expect(BNN_NOTEBOOK_DEFAULTS).toMatchObject({
      optimizer: d.optimizer,
      steps: d.steps,
      patience: d.patience,
      seed: d.seed,
      criterion: d.fair ? 'fair' : 'biased',
      predictiveDraws: d.draws,
    });
    expect(defaultBnnSteps('adam')).toBe(BNN_DEFAULT_STEPS.adam);
    expect(defaultBnnSteps('onecycle')).toBe(BNN_DEFAULTS.oneCycleSteps);
  });

  it('scaling', () => {
    expect(SCALING_NOTEBOOK_DEFAULTS).toEqual(defaultValues(cliSettings(SCALING_SETTINGS)));
    const d = defaultValues(SCALING_SETTINGS);
    // The page's two epoch counts and the command line's one are one range and one default.
    expect(d.sgdEpochs).toBe(d.epochs);
    expect(d.ruleEpochs).toBe(d.epochs);
    expect(SCALING_SETTINGS.sgdEpochs.max).toBe(SCALING_SETTINGS.epochs.max);
  });
});

describe('engine defaults come from the declarations: exact-gp', () => {
  it('exact-gp', () => {
    const d = defaultValues(EXACT_GP_SETTINGS);
    expect(EXACT_GP_DEFAULTS).toMatchObject({ n: d.n, steps: d.steps, learningRate: d.learningRate, path: d.path });
    const { data: _data, ...cli } = defaultValues(cliSettings(EXACT_GP_SETTINGS));
    expect(EXACT_GP_NOTEBOOK_DEFAULTS).toEqual(cli);
  });
});

describe('checks across settings', () => {
  it('svgp: the batch fits in the data', () => {
    expect(checkSvgpSettings(defaultValues(SVGP_SETTINGS))).toEqual([]);
    expect(checkSvgpSettings({ batch: 500, n: 100 })).toEqual(['batch = 500 is out of range: allowed 1 to N = 100']);
    expect(checkSvgpSettings({ batch: 500, n: 100 }, (s) => `--${kebab(s)}`)).toEqual(['--batch = 500 is out of range: allowed 1 to N = 100']);
  });

  it('scaling: the accumulated batch and the base batch fit in the data', () => {
    const d = defaultValues(SCALING_SETTINGS);
    expect(checkScalingSettings(d)).toEqual([]);
    expect(checkScalingSettings({ ...d, micro: 512 })).toEqual([
      'micro × microBatch = 16384 is more than the N = 10000 data points: the big batch K b must fit in the data',
    ]);
    expect(checkScalingSettings({ ...d, n: 1000, baseBatch: 2048 }, (s) => `--${kebab(s)}`)).toEqual([
      '--base-batch = 2048 is out of range: allowed 1 to N = 1000',
    ]);
  });
});
