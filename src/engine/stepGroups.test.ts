import { describe, expect, it } from 'vitest';
import { settleOlderGroups } from './stepGroups';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = () => undefined as void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('settleOlderGroups', () => {
  it('waits only once two groups are pending, then for all but the latest group', async () => {
    const reads = Array.from({ length: 8 }, deferred);
    const inFlight: Promise<unknown>[] = [];
    for (let i = 0; i < 7; i++) {
      inFlight.push(reads[i].promise);
      // Below two groups nothing is awaited: the call settles although no read has.
      await settleOlderGroups(inFlight, 4);
      expect(inFlight.length).toBe(i + 1);
    }
    inFlight.push(reads[7].promise);
    let settled = false;
    const wait = settleOlderGroups(inFlight, 4).then(() => (settled = true));
    expect(inFlight.length).toBe(4);
    for (let i = 0; i < 3; i++) reads[i].resolve();
    await new Promise((r) => setTimeout(r, 0));
    expect(settled).toBe(false);
    reads[3].resolve();
    await wait;
    expect(settled).toBe(true);
    // The latest group is left in flight, unread.
    expect(inFlight).toEqual(reads.slice(4).map((r) => r.promise));
  });
});
