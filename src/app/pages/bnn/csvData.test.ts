import { describe, expect, it } from 'vitest';
import { boundingBox, parseBnnCsv } from './csvData';

const rows = (n: number) => Array.from({ length: n }, (_, i) => `${i},${-i},${i % 2}`).join('\n');

describe('bnn CSV', () => {
  it('reads x1, x2 and label in any column order', () => {
    const d = parseBnnCsv(`label,x2,x1\n${Array.from({ length: 10 }, (_, i) => `${i % 2},${i},${2 * i}`).join('\n')}\n`);
    expect(d.n).toBe(10);
    expect(Array.from(d.x.subarray(0, 4))).toEqual([0, 0, 2, 1]);
    expect(Array.from(d.y.subarray(0, 3))).toEqual([0, 1, 0]);
  });

  it('names the line of a bad label and refuses files that cannot be split or have one class', () => {
    expect(() => parseBnnCsv(`x1,x2,label\n${rows(4)}\n\n1,2,2\n${rows(8)}`)).toThrow('line 7: label 2 is not 0 or 1');
    expect(() => parseBnnCsv(`x1,x2,label\n${rows(5)}`)).toThrow('at least 10 are needed');
    expect(() => parseBnnCsv(`x1,x2,label\n${Array.from({ length: 12 }, () => '1,1,1').join('\n')}`)).toThrow('every label is 1');
    expect(() => parseBnnCsv('x1,x2\n1,2\n')).toThrow(/line 1: the header must be "x1,x2,label"/);
  });

  it('bounds the points', () => {
    expect(boundingBox({ x: Float64Array.of(0, 1, -2, 3), n: 2 }, { x: Float64Array.of(5, -1), n: 1 })).toEqual({ x: [-2, 5], y: [-1, 3] });
    expect(boundingBox()).toBeNull();
  });
});
