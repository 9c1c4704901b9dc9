import { describe, expect, it } from 'vitest';
import { generateSvgpData } from '../models/svgp';
import { sweepStepTimes, timeToTarget } from './sweep';
import { RunControl } from '../train/control';

describe('batch-size sweep', () => {
  const data = generateSvgpData(1000, 2);

  it('reports a positive time per step and consistent throughput for every batch, in order', async () => {
    const seen: number[] = [];
    const points = await sweepStepTimes({ data, batches: [16, 128, 1000], warmupSteps: 2, timedSteps: 5, m: 20 }, (p) => seen.push(p.batch));
    expect(seen).toEqual([16, 128, 1000]);
    for (const p of points) {
      expect(p.msPerStep).toBeGreaterThan(0);
      expect(p.pointsPerSecond).toBeCloseTo((1000 * p.batch) / p.msPerStep, 6);
    }
  });

  it('time to target: an easy target is reached, an impossible one is not', async () => {
    const [easy] = await timeToTarget({ data, batches: [100], m: 20, targetPerPoint: 50, budgetSeconds: 5 });
    expect(easy.seconds).not.toBeNull();
    expect(easy.finalPerPoint).toBeLessThanOrEqual(50);
    const [hard] = await timeToTarget({ data, batches: [100], m: 20, targetPerPoint: -100, budgetSeconds: 0.3 });
    expect(hard.seconds).toBeNull();
    expect(hard.finalPerPoint).toBeGreaterThan(-100);
  });

  it('counts the whole budget as training time when the target is not reached, and every B gets its share', async () => {
    const points = await timeToTarget({ data, batches: [100, 1000], m: 20, targetPerPoint: -100, budgetSeconds: 0.2 });
    for (const p of points) {
      expect(p.seconds).toBeNull();
      expect(p.trainingSeconds).toBeGreaterThanOrEqual(0.2);
      expect(p.steps).toBeGreaterThan(0);
    }
    const [easy] = await timeToTarget({ data, batches: [100], m: 20, targetPerPoint: 50, budgetSeconds: 5 });
    expect(easy.trainingSeconds).toBeGreaterThanOrEqual(easy.seconds as number);
  });

  it('a stop ends the sweep with the points measured so far', async () => {
    const control = new RunControl();
    const points = await sweepStepTimes({ data, batches: [16, 128, 1000], warmupSteps: 1, timedSteps: 3, m: 20, control }, (p) => {
      if (p.batch === 16) control.stop();
    });
    expect(points.map((p) => p.batch)).toEqual([16]);
    const raced = await timeToTarget({ data, batches: [100, 1000], m: 20, targetPerPoint: -100, budgetSeconds: 5, control });
    expect(raced).toEqual([]);
  });
});
