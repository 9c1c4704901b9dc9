import { describe, expect, it } from 'vitest';
import { LossHistory } from './lossHistory';

describe('LossHistory', () => {
  it('keeps the last run beside the current one when asked, and tells its listeners', () => {
    const h = new LossHistory();
    let calls = 0;
    h.subscribe(() => calls++);
    h.begin('K = 10', true, 'earlier, K = 10');
    h.push([1, 2], [5, 4]);
    h.begin('K = 1', true, 'earlier, K = 10');
    h.push([1], [6]);
    expect(h.get().map((s) => [s.name, Array.from(s.x), Array.from(s.y)])).toEqual([
      ['earlier, K = 10', [1, 2], [5, 4]],
      ['K = 1', [1], [6]],
    ]);
    expect(h.size).toBe(1);
    expect(calls).toBe(4);
    // A reset retires the current curve; an empty one leaves the earlier curve in place.
    h.retire('earlier, K = 1');
    expect(h.get().map((s) => s.name)).toEqual(['earlier, K = 1']);
    h.begin('K = 5', true, 'x');
    h.retire('y');
    expect(h.get().map((s) => s.name)).toEqual(['earlier, K = 1']);
    h.begin('K = 5', true, 'x');
    expect(h.get().map((s) => s.name)).toEqual(['earlier, K = 1', 'K = 5']);
    // New data (keepPrevious false) forget both.
    h.begin('K = 5', false, 'x');
    expect(h.get().map((s) => s.name)).toEqual(['K = 5']);
  });
});
