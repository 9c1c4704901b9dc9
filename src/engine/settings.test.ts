import { describe, expect, it } from 'vitest';
import {
  MAX_SEED,
  boolSetting,
  checkValue,
  cliOnly,
  cliSettings,
  defaultValues,
  describeAllowed,
  enumSetting,
  exceedsData,
  floatSetting,
  formatValue,
  intListSetting,
  intSetting,
  nameIndex,
  pageOnly,
  pageSettings,
  pathSetting,
  seedSetting,
} from './settings';

const batch = intSetting({ label: 'Batch size', help: 'mini-batch size', default: 200, min: 1, max: 10_000, aliases: ['b'] });
const rate = floatSetting({ label: 'Learning rate', default: 0.05, min: 1e-5, max: 1 });
const optimiser = enumSetting({ label: 'Optimiser', default: 'adam', values: ['adam', 'onecycle'] });
const fair = boolSetting({ label: 'Fair', default: false });
const data = pathSetting({ label: 'Data file', help: 'a CSV' });
const sizes = intListSetting({ label: 'Sizes', default: [50, 100], min: 2, max: 5000, maxLength: 4 });

describe('a list of whole numbers', () => {
  it('reads increasing numbers separated by commas, and writes them back', () => {
    expect(checkValue('sizes', sizes, '50,100, 2000')).toEqual({ ok: true, value: [50, 100, 2000] });
    expect(checkValue('sizes', sizes, '7')).toEqual({ ok: true, value: [7] });
    expect(formatValue(sizes, [50, 100, 2000])).toBe('50,100,2000');
    expect(checkValue('sizes', sizes, formatValue(sizes, sizes.default))).toEqual({ ok: true, value: [50, 100] });
  });

  it('says what is wrong and what is allowed', () => {
    const allowed = 'allowed 1 to 4 increasing whole numbers from 2 to 5000, separated by commas';
    expect(checkValue('--sizes', sizes, '50,1.5')).toEqual({ ok: false, message: `--sizes = 50,1.5 is not a list of whole numbers: ${allowed}` });
    expect(checkValue('--sizes', sizes, '')).toEqual({ ok: false, message: `--sizes = (empty) is not a list of whole numbers: ${allowed}` });
    expect(checkValue('--sizes', sizes, '50,,100')).toEqual({ ok: false, message: `--sizes = 50,,100 is not a list of whole numbers: ${allowed}` });
    expect(checkValue('sizes', sizes, '1,50')).toEqual({ ok: false, message: `sizes = 1,50 is out of range: ${allowed}` });
    expect(checkValue('sizes', sizes, '100,50')).toEqual({ ok: false, message: `sizes = 100,50 is not increasing: ${allowed}` });
    expect(checkValue('sizes', sizes, '50,50')).toEqual({ ok: false, message: `sizes = 50,50 is not increasing: ${allowed}` });
    expect(checkValue('sizes', sizes, '2,3,4,5,6')).toEqual({ ok: false, message: `sizes = 2,3,4,5,6 has too many numbers: ${allowed}` });
  });
});

describe('checkValue', () => {
  it('reads every kind', () => {
    expect(checkValue('batch', batch, '32')).toEqual({ ok: true, value: 32 });
    expect(checkValue('lr', rate, '1e-3')).toEqual({ ok: true, value: 0.001 });
    expect(checkValue('optimiser', optimiser, 'onecycle')).toEqual({ ok: true, value: 'onecycle' });
    expect(checkValue('fair', fair, '1')).toEqual({ ok: true, value: true });
    expect(checkValue('fair', fair, 'false')).toEqual({ ok: true, value: false });
    expect(checkValue('--data', data, 'points.csv')).toEqual({ ok: true, value: 'points.csv' });
  });

  it('names the parameter as written, the value and what is allowed', () => {
    expect(checkValue('b', batch, '0')).toEqual({ ok: false, message: 'b = 0 is out of range: allowed 1 to 10000' });
    expect(checkValue('--batch', batch, '10001')).toEqual({ ok: false, message: '--batch = 10001 is out of range: allowed 1 to 10000' });
    expect(checkValue('lr', rate, '2')).toEqual({ ok: false, message: 'lr = 2 is out of range: allowed 0.00001 to 1' });
    expect(checkValue('optimiser', optimiser, 'sgd')).toEqual({
      ok: false,
      message: 'optimiser = sgd is not one of the choices: allowed adam, onecycle',
    });
    expect(checkValue('fair', fair, 'yes')).toEqual({ ok: false, message: 'fair = yes is not a yes/no value: allowed true or false' });
    expect(checkValue('--data', data, '')).toEqual({ ok: false, message: '--data = (empty) is not a file name: give the name of a file' });
  });

  it('never guesses at a malformed number', () => {
    for (const bad of ['abc', '', ' ', '1.5', '1e3', '0x10', 'Infinity', '9007199254740993']) {
      const r = checkValue('b', batch, bad);
      expect(r.ok, bad).toBe(false);
      if (!r.ok) expect(r.message).toMatch(/^b = .* is not a whole number: allowed 1 to 10000$/);
    }
    expect(checkValue('lr', rate, 'NaN')).toEqual({ ok: false, message: 'lr = NaN is not a number: allowed 0.00001 to 1' });
    expect(checkValue('b', batch, '')).toEqual({ ok: false, message: 'b = (empty) is not a whole number: allowed 1 to 10000' });
  });

  it('takes the bounds themselves', () => {
    expect(checkValue('b', batch, '1').ok).toBe(true);
    expect(checkValue('b', batch, '10000').ok).toBe(true);
    expect(checkValue('lr', rate, '0.00001').ok).toBe(true);
  });
});

describe('formatValue', () => {
  it('writes what checkValue reads back to the same value', () => {
    const cases: [Parameters<typeof formatValue>[0], number | string | boolean][] = [
      [batch, 5000],
      [rate, 0.123456789],
      [rate, 1e-5],
      [optimiser, 'onecycle'],
      [fair, true],
      [fair, false],
    ];
    for (const [s, v] of cases) {
      const text = formatValue(s, v);
      expect(checkValue('x', s, text)).toEqual({ ok: true, value: v });
    }
    expect(formatValue(fair, true)).toBe('true');
    expect(formatValue(rate, 0.05)).toBe('0.05');
  });
});

describe('declarations', () => {
  const settings = {
    batch,
    seed: seedSetting({ label: 'Seed' }),
    dtype: cliOnly(enumSetting({ label: 'Precision', default: 'f64', values: ['f64', 'f32'] })),
    warmup: pageOnly(boolSetting({ label: 'Show warm-up', default: false })),
    data,
  };

  it('splits a declaration into the page side and the command-line side, keeping the objects', () => {
    expect(Object.keys(pageSettings(settings))).toEqual(['batch', 'seed', 'warmup']);
    expect(Object.keys(cliSettings(settings))).toEqual(['batch', 'seed', 'dtype', 'data']);
    expect(pageSettings(settings).batch).toBe(batch);
    expect(cliSettings(settings).data).toBe(data);
  });

  it('gives every setting its default', () => {
    expect(defaultValues(settings)).toEqual({ batch: 200, seed: 0, dtype: 'f64', warmup: false, data: null });
  });

  it('seeds cover 32-bit words', () => {
    expect(describeAllowed(settings.seed)).toBe(`allowed 0 to ${MAX_SEED}`);
    expect(MAX_SEED).toBe(4294967295);
  });

  it('indexes canonical names and aliases, and refuses a name claimed twice', () => {
    expect([...nameIndex(settings)]).toEqual([
      ['batch', 'batch'],
      ['b', 'batch'],
      ['seed', 'seed'],
      ['dtype', 'dtype'],
      ['warmup', 'warmup'],
      ['data', 'data'],
    ]);
    expect(() => nameIndex({ batch, b: intSetting({ label: 'B', default: 1, min: 0, max: 2 }) })).toThrow('"b" names both batch and b');
  });

  it('words a size that must fit in the data the same way everywhere', () => {
    expect(exceedsData('--batch', 500, 100)).toBe('--batch = 500 is out of range: allowed 1 to N = 100');
  });
});
