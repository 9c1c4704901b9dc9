import { describe, expect, it } from 'vitest';
import { parseElasticityCsv } from './csvData';

describe('the elasticity page’s own data', () => {
  it('reads the five columns and counts products, categories and periods', () => {
    const d = parseElasticityCsv('product,category,period,log_price,units\n0,0,0,0.1,5\n0,0,1,-0.2,7\n1,1,0,0,3\n1,1,1,0.3,2');
    expect([d.products, d.categories, d.periods]).toEqual([2, 2, 2]);
    expect(Array.from(d.units)).toEqual([5, 7, 3, 2]);
  });

  it('refuses a product in two categories and fractional units, naming the row', () => {
    expect(() => parseElasticityCsv('product,category,period,log_price,units\n0,0,0,0.1,5\n0,1,1,0.1,5')).toThrow(/row 2: product 0 is in category 1/);
    expect(() => parseElasticityCsv('product,category,period,log_price,units\n0,0,0,0.1,2.5')).toThrow(/row 1: units is 2.5/);
  });
});
