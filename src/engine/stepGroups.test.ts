import { describe, expect, it } from 'vitest';
import { olderGroups } from './stepGroups';

describe('olderGroups', () => {
  it('returns nothing until two groups are pending, then all but the latest group', () => {
    const reads = Array.from({ length: 8 }, (_, i) => Promise.resolve(i));
    const inFlight: Promise<number>[] = [];
    for (let i = 0; i < 7; i++) {
      inFlight.push(reads[i]);
      expect(olderGroups(inFlight, 4)).toEqual([]);
      expect(inFlight.length).toBe(i + 1);
    }
    inFlight.push(reads[7]);
    expect(olderGroups(inFlight, 4)).toEqual(reads.slice(0, 4));
    // The latest group stays in flight.
    expect(inFlight).toEqual(reads.slice(4));
  });
});
