import { describe, expect, it } from 'vitest';
import { hrefFor, parseHash } from './router';

describe('parseHash', () => {
  it('normalises the home route', () => {
    for (const h of ['', '#', '#/', '#//']) expect(parseHash(h)).toEqual({ path: '/', query: '' });
  });

  it('splits path and query and tolerates a missing slash or a trailing one', () => {
    expect(parseHash('#/svgp?b=200&seed=1')).toEqual({ path: '/svgp', query: 'b=200&seed=1' });
    expect(parseHash('#svgp/')).toEqual({ path: '/svgp', query: '' });
    expect(parseHash('#/?backend=cpu')).toEqual({ path: '/', query: 'backend=cpu' });
  });

  it('keeps a malformed escape rather than throwing', () => {
    expect(parseHash('#/%E0%A4%A').path).toBe('/%E0%A4%A');
  });
});

describe('hrefFor', () => {
  it('builds hash hrefs', () => {
    expect(hrefFor('/')).toBe('#/');
    expect(hrefFor('/svgp', '?b=3')).toBe('#/svgp?b=3');
    expect(hrefFor('/svgp', new URLSearchParams({ seed: '2' }))).toBe('#/svgp?seed=2');
  });
});
