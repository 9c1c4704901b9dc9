import { describe, expect, it } from 'vitest';
import { boolSetting, enumSetting, floatSetting, intSetting } from '../engine/settings';
import {
  GLOBAL_SCHEMA,
  canonicalParams,
  defaultValues,
  globalQuery,
  parseParams,
  serializeParams,
  writeParams,
} from './urlState';

const schema = {
  b: intSetting({ label: 'Batch size', default: 200, min: 1, max: 10000 }),
  lr: floatSetting({ label: 'Learning rate', default: 0.05, min: 1e-5, max: 1 }),
  seed: intSetting({ label: 'Seed', default: 1, min: 0, max: 2 ** 31 - 1 }),
  optimiser: enumSetting({ label: 'Optimiser', default: 'adam', values: ['adam', 'onecycle'] }),
  fair: boolSetting({ label: 'Fair early stopping', default: false }),
};

// A schema whose settings were renamed: the old keys are aliases.
const renamed = {
  batch: intSetting({ label: 'Batch size', default: 200, min: 1, max: 10000, aliases: ['b'] }),
  learningRate: floatSetting({ label: 'Learning rate', default: 0.05, min: 1e-5, max: 1, aliases: ['lr'] }),
  seed: intSetting({ label: 'Seed', default: 0, min: 0, max: 100 }),
};

describe('parseParams', () => {
  it('returns defaults for an empty query', () => {
    const r = parseParams(schema, '');
    expect(r.errors).toEqual([]);
    expect(r.values).toEqual({ b: 200, lr: 0.05, seed: 1, optimiser: 'adam', fair: false });
  });

  it('reads every kind, with or without a leading question mark', () => {
    const r = parseParams(schema, '?b=32&lr=1e-3&seed=7&optimiser=onecycle&fair=true');
    expect(r.errors).toEqual([]);
    expect(r.values).toEqual({ b: 32, lr: 0.001, seed: 7, optimiser: 'onecycle', fair: true });
    expect(parseParams(schema, 'fair=1').values.fair).toBe(true);
    expect(parseParams(schema, 'fair=0').values.fair).toBe(false);
  });

  it('reports an out-of-range value with the name, the value and the allowed range', () => {
    const r = parseParams(schema, 'b=0');
    expect(r.errors.map((e) => e.message)).toEqual(['b = 0 is out of range: allowed 1 to 10000']);
    expect(r.errors[0]).toMatchObject({ param: 'b', value: '0' });
    // The bad value is not clamped into range; the default stands in.
    expect(r.values.b).toBe(200);
  });

  it('does not clamp floats either', () => {
    const r = parseParams(schema, 'lr=2');
    expect(r.errors.map((e) => e.message)).toEqual(['lr = 2 is out of range: allowed 0.00001 to 1']);
  });

  it('rejects malformed numbers instead of guessing', () => {
    for (const bad of ['abc', '', '1.5', '1e3', '0x10', 'Infinity', ' ']) {
      const r = parseParams(schema, new URLSearchParams({ b: bad }));
      expect(r.errors).toHaveLength(1);
      expect(r.errors[0]?.message).toMatch(/^b = .* is not a whole number: allowed 1 to 10000$/);
    }
    expect(parseParams(schema, 'lr=NaN').errors[0]?.message).toBe(
      'lr = NaN is not a number: allowed 0.00001 to 1',
    );
    expect(parseParams(schema, 'b=').errors[0]?.message).toBe(
      'b = (empty) is not a whole number: allowed 1 to 10000',
    );
  });

  it('lists the choices for a bad enum or bool', () => {
    expect(parseParams(schema, 'optimiser=sgd').errors[0]?.message).toBe(
      'optimiser = sgd is not one of the choices: allowed adam, onecycle',
    );
    expect(parseParams(schema, 'fair=yes').errors[0]?.message).toBe(
      'fair = yes is not a yes/no value: allowed true or false',
    );
  });

  it('collects every error, not just the first', () => {
    const r = parseParams(schema, 'b=0&seed=-1&optimiser=x');
    expect(r.errors.map((e) => e.param)).toEqual(['b', 'seed', 'optimiser']);
  });

  it('reports unknown and repeated keys, but not ignored ones', () => {
    const r = parseParams(schema, 'bb=3&b=5&b=6&backend=cpu', { ignore: Object.keys(GLOBAL_SCHEMA) });
    expect(r.errors.map((e) => e.param)).toEqual(['bb', 'b']);
    expect(r.errors[0]?.message).toContain('bb is not a parameter of this page');
    expect(r.errors[1]?.message).toBe('b is given more than once: keep one value');
    expect(r.values.b).toBe(5);
    expect(parseParams(schema, 'zzz=1', { reportUnknown: false }).errors).toEqual([]);
  });

  it('reads global parameters from the hash query and the page query, the hash first', () => {
    const read = (search: string, hash: string) => parseParams(GLOBAL_SCHEMA, globalQuery(search, hash), { reportUnknown: false });
    expect(read('?backend=cpu', 'b=3').values.backend).toBe('cpu');
    expect(read('', 'backend=cpu').values.backend).toBe('cpu');
    expect(read('?backend=webgpu', 'backend=cpu').values.backend).toBe('cpu');
    expect(read('?utm=x', '').values.backend).toBe('auto');
    expect(read('?backend=gpu', '').errors[0]?.message).toBe('backend = gpu is not one of the choices: allowed auto, webgpu, cpu');
    expect(globalQuery('?backend=cpu&n=5', 'b=3').toString()).toBe('b=3&backend=cpu');
  });

  it('parses the global backend parameter', () => {
    expect(parseParams(GLOBAL_SCHEMA, 'backend=cpu', { reportUnknown: false }).values.backend).toBe('cpu');
    expect(parseParams(GLOBAL_SCHEMA, 'backend=gpu').errors[0]?.message).toBe(
      'backend = gpu is not one of the choices: allowed auto, webgpu, cpu',
    );
  });
});

describe('serializeParams', () => {
  it('writes only values that differ from their defaults, in schema order', () => {
    expect(serializeParams(schema, defaultValues(schema))).toBe('');
    expect(
      serializeParams(schema, { ...defaultValues(schema), fair: true, b: 32, lr: 0.01 }),
    ).toBe('b=32&lr=0.01&fair=true');
  });

  it('round-trips through parseParams', () => {
    const values = { b: 5000, lr: 0.123456789, seed: 42, optimiser: 'onecycle' as const, fair: true };
    const r = parseParams(schema, serializeParams(schema, values));
    expect(r.errors).toEqual([]);
    expect(r.values).toEqual(values);
  });

  it('writeParams keeps foreign keys and untouched parameters', () => {
    const out = writeParams(schema, { b: 200, seed: 3 }, 'b=32&lr=0.01&backend=cpu');
    expect(out.toString()).toBe('lr=0.01&backend=cpu&seed=3');
  });
});

describe('older names of a parameter', () => {
  it('reads an old link as the renamed parameters', () => {
    const r = parseParams(renamed, 'b=32&lr=0.01&seed=3');
    expect(r.errors).toEqual([]);
    expect(r.values).toEqual({ batch: 32, learningRate: 0.01, seed: 3 });
  });

  it('names the key as written in its messages', () => {
    expect(parseParams(renamed, 'b=0').errors).toEqual([
      { param: 'b', value: '0', message: 'b = 0 is out of range: allowed 1 to 10000' },
    ]);
    expect(parseParams(renamed, 'batch=x').errors[0]?.message).toBe('batch = x is not a whole number: allowed 1 to 10000');
  });

  it('refuses one parameter under two names, and lists only canonical names as known', () => {
    const r = parseParams(renamed, 'b=32&batch=64');
    expect(r.errors.map((e) => e.message)).toEqual(['b and batch are two names of one parameter (batch): keep one value']);
    expect(r.values.batch).toBe(32);
    expect(parseParams(renamed, 'bb=1').errors[0]?.message).toBe(
      'bb is not a parameter of this page: known parameters are batch, learningRate, seed',
    );
  });

  it('writes canonical names and drops the old ones it replaces', () => {
    expect(serializeParams(renamed, { batch: 32, learningRate: 0.01 })).toBe('batch=32&learningRate=0.01');
    expect(writeParams(renamed, { batch: 64 }, 'b=32&lr=0.01&backend=cpu').toString()).toBe('lr=0.01&backend=cpu&batch=64');
    expect(writeParams(renamed, { batch: 200 }, 'b=32').toString()).toBe('');
  });

  it('rewrites an old link with canonical names, keeping values and order', () => {
    expect(canonicalParams(renamed, 'seed=3&b=32&backend=cpu&lr=1e-3')?.toString()).toBe('seed=3&batch=32&backend=cpu&learningRate=1e-3');
    expect(canonicalParams(renamed, 'batch=32&zzz=1')).toBeNull();
  });
});
