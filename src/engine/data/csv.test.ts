import { describe, expect, it } from 'vitest';
import { CsvError, parseNumericCsv } from './csv';

describe('parseNumericCsv', () => {
  it('reads columns in header order, ignoring blank lines and a byte-order mark', () => {
    const t = parseNumericCsv('\uFEFFy,x1,x2\n1,2,3\n\n4.5,-5,6e-1\n', ['x1', 'x2', 'y']);
    expect(t.rows).toBe(2);
    expect(Array.from(t.columns.x1)).toEqual([2, -5]);
    expect(Array.from(t.columns.y)).toEqual([1, 4.5]);
    expect(Array.from(t.columns.x2)).toEqual([3, 0.6]);
  });

  it('names the line and the problem', () => {
    expect(() => parseNumericCsv('z\n1\nabc\n', ['z'])).toThrow('line 3: "abc" in column z is not a finite number');
    expect(() => parseNumericCsv('x1,x2,y\n1,2\n', ['x1', 'x2', 'y'])).toThrow('line 2: expected 3 values, found 2');
    expect(() => parseNumericCsv('a,b\n1,2\n', ['z'])).toThrow(/line 1: the header must be "z"/);
    expect(() => parseNumericCsv('', ['z'])).toThrow('the file is empty');
    expect(() => parseNumericCsv('z\n', ['z'])).toThrow('no data rows');
    expect(() => parseNumericCsv('z\nInfinity\n', ['z'])).toThrow(CsvError);
  });
});
