import { describe, expect, it } from 'vitest';
import { parseExactGpCsv } from './csvData';

describe('exact-gp CSV data', () => {
  it('reads x,y columns', () => {
    const d = parseExactGpCsv('x,y\n0.1,0.5\n0.4,-0.2\n');
    expect(Array.from(d.x)).toEqual([0.1, 0.4]);
    expect(Array.from(d.y)).toEqual([0.5, -0.2]);
  });

  it('refuses a malformed file, naming the problem', () => {
    expect(() => parseExactGpCsv('x,z\n1,2\n3,4')).toThrow(/y/);
    expect(() => parseExactGpCsv('x,y\n1,2\n3,abc')).toThrow(/line 3/);
    expect(() => parseExactGpCsv('x,y\n1,2')).toThrow(/at least 2/);
    const many = 'x,y\n' + Array.from({ length: 5001 }, (_, i) => `${i},0`).join('\n');
    expect(() => parseExactGpCsv(many)).toThrow(/at most 5,000/);
  });
});
