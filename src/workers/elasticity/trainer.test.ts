import { describe, expect, it } from 'vitest';
import { runElasticityNotebook, startLocalShards } from '../../engine/experiments/elasticityNotebook';
import { RunControl } from '../../engine/train/control';
import { trainToEnd } from '../../engine/train/collect';
import { createElasticityTrainer, measureElasticitySpeed } from './trainer';
import type { ElasticitySpeedEvent, ElasticityTrainRequest } from './protocol';

const SMALL = { products: 12, categories: 3, periods: 5 };
const request = (shards: number): ElasticityTrainRequest => ({ kind: 'train', data: { kind: 'generated', ...SMALL }, guide: 'meanfield', particles: 2, seed: 3, steps: 15, shards });

describe('the elasticity page trainer', () => {
  it('trains as the headless notebook does from the same seed: the same losses and the same recovery figures', async () => {
    const trainer = await createElasticityTrainer(request(2), startLocalShards);
    const r = await trainToEnd(trainer, 15, { stepsPerGroup: 1 });
    const headless = await runElasticityNotebook({ ...SMALL, particles: 2, seed: 3, steps: 15, shards: 2 });
    expect(Array.from(r.losses)).toEqual(Array.from(headless.details.losses));
    const snap = r.snapshot!;
    expect(Array.from(snap.mean)).toEqual(headless.productElasticities);
    expect(Array.from(snap.sd)).toEqual(headless.productSd);
    expect(snap.betaRmse).toBe(headless.betaRmse);
    expect(snap.coverage90).toBe(headless.coverage90);
    expect(snap.truthProducts).toHaveLength(12);
    const summary = trainer.summary();
    expect(summary.steps).toBe(15);
    expect(summary.lossFinal).toBeCloseTo(headless.lossFinal, 9);
  });

  it('trains on the learner’s own rows, without a truth, and names a bad row', async () => {
    const own = { product: [0, 0, 1, 1], category: [0, 0, 1, 1], period: [0, 1, 0, 1], logPrice: [0, 0.1, -0.1, 0.2], units: [3, 2, 5, 4] };
    const cols = Object.fromEntries(Object.entries(own).map(([k, v]) => [k, Float64Array.from(v)])) as Record<keyof typeof own, Float64Array>;
    const trainer = await createElasticityTrainer({ ...request(2), data: { kind: 'own', ...cols } }, startLocalShards);
    const r = await trainToEnd(trainer, 3, { stepsPerGroup: 1 });
    expect(r.snapshot!.truthProducts).toBeNull();
    expect(r.snapshot!.betaRmse).toBeNull();
    expect(r.snapshot!.mean).toHaveLength(2);
    await expect(createElasticityTrainer({ ...request(1), data: { kind: 'own', ...cols, units: Float64Array.from([3, 2.5, 5, 4]) } }, startLocalShards)).rejects.toThrow(/row 2: units/);
    await expect(createElasticityTrainer({ ...request(5), data: { kind: 'own', ...cols } }, startLocalShards)).rejects.toThrow(/5 shards are more than the 4 observations/);
  });

  it('measures each shard count in turn and stops between steps', async () => {
    const events: ElasticitySpeedEvent[] = [];
    const base = { kind: 'speed' as const, data: { kind: 'generated' as const, ...SMALL }, guide: 'meanfield' as const, particles: 2, seed: 1, shardCounts: [1, 2], warmupSteps: 1, timedSteps: 4 };
    await measureElasticitySpeed(base, startLocalShards, new RunControl(), (e) => events.push(e));
    expect(events.map((e) => [e.shards, e.steps, e.n])).toEqual([
      [1, 4, 60],
      [2, 4, 60],
    ]);
    for (const e of events) expect(e.stepsPerSecond).toBeGreaterThan(0);
    const control = new RunControl();
    control.stop();
    const none: ElasticitySpeedEvent[] = [];
    await measureElasticitySpeed(base, startLocalShards, control, (e) => none.push(e));
    expect(none).toEqual([]);
  });
});
