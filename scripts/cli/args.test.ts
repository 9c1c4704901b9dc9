import { describe, expect, it } from 'vitest';
import { enumSetting, floatSetting, intSetting, pathSetting } from '../../src/engine/settings';
import { flagName, parseArgs, usage } from './args';

const specs = {
  batch: intSetting({ label: 'Batch', help: 'batch', default: 200, min: 1, max: 10000 }),
  rate: floatSetting({ label: 'Rate', help: 'rate', default: 0.05, min: 0, max: 1, aliases: ['lr'] }),
  dtype: enumSetting({ label: 'Precision', help: 'dtype', default: 'f64', values: ['f64', 'f32'] }),
  data: pathSetting({ label: 'Data', help: 'file' }),
  fullSteps: intSetting({ label: 'Steps', help: 'steps', default: 300, min: 0, max: 1e6 }),
};

describe('parseArgs', () => {
  it('fills defaults and parses values', () => {
    const { options, json } = parseArgs(specs, ['--batch', '64', '--rate=0.1', '--json', '--full-steps', '0']);
    expect(options).toEqual({ batch: 64, rate: 0.1, dtype: 'f64', data: null, fullSteps: 0 });
    expect(json).toBe(true);
    expect(flagName('fullSteps')).toBe('--full-steps');
    expect(parseArgs(specs, ['--data', 'points.csv', '--backend', 'cpu', '--json=false'])).toEqual({
      options: { batch: 200, rate: 0.05, dtype: 'f64', data: 'points.csv', fullSteps: 300 },
      json: false,
    });
  });

  it('takes an older name of a setting as its flag', () => {
    expect(parseArgs(specs, ['--lr', '0.2']).options.rate).toBe(0.2);
    expect(() => parseArgs(specs, ['--lr', '2'])).toThrow('--lr = 2 is out of range: allowed 0 to 1');
  });

  it('refuses bad values with a message naming the option and the range', () => {
    expect(() => parseArgs(specs, ['--batch', 'abc'])).toThrow('--batch = abc is not a whole number: allowed 1 to 10000');
    expect(() => parseArgs(specs, ['--batch', '0'])).toThrow('--batch = 0 is out of range: allowed 1 to 10000');
    expect(() => parseArgs(specs, ['--batch', '2.5'])).toThrow(/whole number/);
    expect(() => parseArgs(specs, ['--dtype', 'f16'])).toThrow('--dtype = f16 is not one of the choices: allowed f64, f32');
    expect(() => parseArgs(specs, ['--backend', 'webgpu'])).toThrow('--backend = webgpu is not one of the choices: allowed cpu');
    expect(() => parseArgs(specs, ['--nope'])).toThrow(/unknown option --nope/);
    expect(() => parseArgs(specs, ['--batch'])).toThrow('--batch needs a value');
  });
});

describe('usage', () => {
  it('lists every option with its range, default and older names, then the runner options', () => {
    const lines = usage('demo', specs).split('\n');
    expect(lines[0]).toBe('npm run notebook -- demo [options] [--json]');
    expect(lines).toContain(`  ${'--batch'.padEnd(22)} batch (1 to 10000, default 200)`);
    expect(lines).toContain(`  ${'--rate'.padEnd(22)} rate (0 to 1, default 0.05; also --lr)`);
    expect(lines).toContain(`  ${'--dtype'.padEnd(22)} dtype (f64|f32, default f64)`);
    expect(lines).toContain(`  ${'--data FILE'.padEnd(22)} file`);
    expect(lines.slice(-2).map((l) => l.trim().split(/\s+/)[0])).toEqual(['--backend', '--json']);
  });
});
