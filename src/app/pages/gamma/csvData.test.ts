import { describe, expect, it } from 'vitest';
import { CsvError } from '../../data/csv';
import { parseGammaCsv } from './csvData';

describe('gamma CSV', () => {
  it('reads the z column, skipping blank lines', () => {
    expect(Array.from(parseGammaCsv('z\n0.5\n\n2\r\n3.25\n'))).toEqual([0.5, 2, 3.25]);
  });

  it('names the line of a value that is not positive, counting blank lines', () => {
    expect(() => parseGammaCsv('\nz\n1\n\n0\n')).toThrow('line 5: 0 in column z is not positive');
    expect(() => parseGammaCsv('z\n1\n-2\n')).toThrow(CsvError);
  });

  it('passes on the parser’s own line-numbered messages', () => {
    expect(() => parseGammaCsv('z\n1\nabc\n')).toThrow('line 3: "abc" in column z is not a finite number');
    expect(() => parseGammaCsv('x\n1\n')).toThrow(/line 1: the header must be "z"/);
    expect(() => parseGammaCsv('z\n1,2\n')).toThrow('line 2: expected 1 values, found 2');
  });
});
