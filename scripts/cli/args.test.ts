import { describe, expect, it } from 'vitest';
import { flagName, parseArgs } from './args';

const specs = {
  batch: { kind: 'int', default: 200, min: 1, max: 10000, help: 'batch' },
  rate: { kind: 'float', default: 0.05, min: 0, max: 1, help: 'rate' },
  dtype: { kind: 'enum', default: 'f64', values: ['f64', 'f32'], help: 'dtype' },
  data: { kind: 'path', default: null, help: 'file' },
  fullSteps: { kind: 'int', default: 300, min: 0, max: 1e6, help: 'steps' },
} as const;

describe('parseArgs', () => {
  it('fills defaults and parses values', () => {
    const { options, json } = parseArgs(specs, ['--batch', '64', '--rate=0.1', '--json', '--full-steps', '0']);
    expect(options).toEqual({ batch: 64, rate: 0.1, dtype: 'f64', data: null, fullSteps: 0 });
    expect(json).toBe(true);
    expect(flagName('fullSteps')).toBe('--full-steps');
  });

  it('refuses bad values with a message naming the option and the range', () => {
    expect(() => parseArgs(specs, ['--batch', 'abc'])).toThrow('--batch expects an integer, got "abc"');
    expect(() => parseArgs(specs, ['--batch', '0'])).toThrow('--batch = 0 is out of range: allowed 1 to 10000');
    expect(() => parseArgs(specs, ['--batch', '2.5'])).toThrow(/integer/);
    expect(() => parseArgs(specs, ['--dtype', 'f16'])).toThrow('choose one of f64, f32');
    expect(() => parseArgs(specs, ['--nope'])).toThrow(/unknown option --nope/);
    expect(() => parseArgs(specs, ['--batch'])).toThrow('--batch needs a value');
  });
});
