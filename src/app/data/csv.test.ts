import { describe, expect, it } from 'vitest';
import { CsvError, csvProblem, dataLineNumbers, parseColumns } from './csv';

describe('CSV columns', () => {
  it('maps data rows to file lines and limits the size', () => {
    expect(dataLineNumbers('\uFEFF\n\nz\n1\n\n2\n')).toEqual([4, 6]);
    expect(dataLineNumbers('')).toEqual([]);
    expect(() => parseColumns('z\n1\n2\n3\n', ['z'], 2)).toThrow('the file has 3 data rows; at most 2 are allowed');
    expect(csvProblem('a.csv', new CsvError('bad', 2))).toBe('a.csv: line 2: bad');
  });

  it('reads the named columns with the line of every row', () => {
    const t = parseColumns('b,a\n\n1,2\n3,4\n', ['a', 'b']);
    expect(t.rows).toBe(2);
    expect(Array.from(t.columns.a)).toEqual([2, 4]);
    expect(Array.from(t.columns.b)).toEqual([1, 3]);
    expect(t.lines).toEqual([3, 4]);
  });
});
