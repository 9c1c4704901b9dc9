import { describe, expect, it } from 'vitest';
import { buffersOf } from './transfer';

describe('buffersOf', () => {
  it('finds every typed array of a report once, and leaves views into larger buffers to be copied', () => {
    const losses = new Float64Array(3);
    const grid = new Float32Array(4);
    const shared = new Float64Array(8);
    const view = shared.subarray(2, 4);
    const report = { status: 'running', losses, aux: { valLoss: new Float64Array(2) }, snapshot: { grid, again: grid }, list: [new Float64Array(1)], view };
    const found = buffersOf(report);
    expect(found).toHaveLength(4);
    expect(found).toContain(losses.buffer);
    expect(found).toContain(grid.buffer);
    expect(found).not.toContain(shared.buffer);
    expect(buffersOf({ n: 1, s: 'x', nothing: null })).toEqual([]);
  });
});
