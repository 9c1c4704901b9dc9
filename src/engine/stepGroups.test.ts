import { describe, expect, it } from 'vitest';
import { readsDue, stepsInFlight } from './stepGroups';

describe('readsDue', () => {
  it('asks for nothing until two groups are pending, then for all but the latest group', () => {
    for (let pending = 0; pending < 8; pending++) expect(readsDue(pending, 4)).toBe(0);
    expect(readsDue(8, 4)).toBe(4);
    // The latest group stays in flight.
    expect(readsDue(11, 4)).toBe(7);
    // Without groups every pending read is due at once.
    expect(readsDue(3, 0)).toBe(3);
  });

  it('keeps a group in flight on a GPU and none on the cpu', () => {
    expect(stepsInFlight({ name: 'webgpu' })).toBe(4);
    expect(stepsInFlight({ name: 'cpu' })).toBe(0);
  });
});
