import { describe, expect, it } from 'vitest';
import * as E from '../engine/ops';
import type { Trainer } from './trainingLoop';
import { TrainingLoop } from './trainingLoop';
import { RunRegistry } from './runRegistry';

function counting(): Trainer<number> & { taken: number } {
  const t = {
    taken: 0,
    step: () => {
      t.taken++;
      return E.scalar(1);
    },
    snapshot: async () => t.taken,
    dispose: () => undefined,
  };
  return t;
}

const tick = () => new Promise((r) => setTimeout(r, 20));

describe('RunRegistry', () => {
  it("starts a run paused after one step on 'step', answers controls by id, and forgets it when it ends", async () => {
    const runs = new RunRegistry();
    const trainer = counting();
    const done = runs.run('a', new TrainingLoop(trainer, { totalSteps: 1_000_000 }, () => undefined), 'step');
    await tick();
    expect(trainer.taken).toBe(1);
    expect(runs.has('a')).toBe(true);
    runs.stepOnce('a');
    await tick();
    expect(trainer.taken).toBe(2);
    // Controls for another id reach nothing.
    runs.stop('b');
    expect(runs.has('a')).toBe(true);
    runs.stop('a');
    expect(await done).toBe('stopped');
    expect(runs.has('a')).toBe(false);
  });

  it("runs to the end on 'run'", async () => {
    const runs = new RunRegistry();
    const trainer = counting();
    expect(await runs.run('a', new TrainingLoop(trainer, { totalSteps: 30 }, () => undefined), 'run')).toBe('finished');
    expect(trainer.taken).toBe(30);
    expect(runs.has('a')).toBe(false);
  });
});
