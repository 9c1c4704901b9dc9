import { describe, expect, it } from 'vitest';
import type { RunOutcome, StartMode } from '../../workers/host/protocol';
import type { RunChannel, RunPage } from './runClient';
import { RunClient } from './runClient';
import { createRunState, failedOnGpu } from './runState';

type P = { status: 'running' | 'paused' | 'finished'; step: number };

/** A worker whose start resolves or rejects as the test says, recording the controls it gets. */
function fakeChannel() {
  const calls: string[] = [];
  const starts: { id: string; onProgress: (p: P) => unknown; settle: (o: RunOutcome<null>) => void; fail: (e: Error) => void }[] = [];
  const channel: RunChannel<string, P, null> = {
    start(id, _request, onProgress, mode: StartMode) {
      calls.push(`start ${id} ${mode}`);
      return new Promise((resolve, reject) => starts.push({ id, onProgress, settle: resolve, fail: reject }));
    },
    pause: (id) => calls.push(`pause ${id}`),
    resume: (id) => calls.push(`resume ${id}`),
    stepOnce: (id) => calls.push(`step ${id}`),
    stop: (id) => calls.push(`stop ${id}`),
  };
  return { channel, calls, starts };
}

function page(): RunPage<string, P, null> & { seen: number[]; cleared: number } {
  const p = {
    slot: 'demo',
    state: createRunState(),
    seen: [] as number[],
    cleared: 0,
    request: () => 'request',
    progress: (x: P) => void p.seen.push(x.step),
    clear: () => void p.cleared++,
  };
  return p;
}

const settled = () => new Promise((r) => setTimeout(r, 0));

describe('RunClient', () => {
  it('a start that fails on the GPU leaves the run failed, with its message and the GPU named', async () => {
    const { channel, starts } = fakeChannel();
    const p = page();
    const client = new RunClient(channel, () => p);
    client.start('run');
    expect(p.state.getState().phase).toBe('running');
    starts[0].settle({ status: 'failed', message: 'The GPU stopped working during the run (device lost).', backend: 'webgpu', result: null });
    await settled();
    expect(p.state.getState()).toEqual({ phase: 'failed', ended: 'failed', message: 'The GPU stopped working during the run (device lost).', failedOn: 'webgpu' });
    expect(failedOnGpu(p.state.getState())).toBe(true);
  });

  it('a start that rejects (a worker that died) leaves the run failed with the error, not running', async () => {
    const { channel, starts } = fakeChannel();
    const p = page();
    const client = new RunClient(channel, () => p);
    client.start('run');
    starts[0].fail(new Error('the worker went away'));
    await settled();
    expect(p.state.getState()).toMatchObject({ phase: 'failed', message: 'the worker went away' });
    expect(failedOnGpu(p.state.getState())).toBe(false);
  });

  it('Run / Pause / Step / Reset: controls go to the current run, and a replaced run is not heard', async () => {
    const { channel, calls, starts } = fakeChannel();
    const p = page();
    const client = new RunClient(channel, () => p);
    client.step();
    expect(p.state.getState().phase).toBe('paused');
    client.step();
    client.run();
    expect(p.state.getState().phase).toBe('running');
    client.pause();
    void starts[0].onProgress({ status: 'paused', step: 3 });
    expect(p.state.getState().phase).toBe('paused');
    client.reset();
    expect(p.state.getState().phase).toBe('idle');
    expect(p.cleared).toBe(1);
    client.run();
    // The first run's late report and end change nothing.
    void starts[0].onProgress({ status: 'running', step: 4 });
    starts[0].settle({ status: 'stopped', message: null, backend: 'cpu', result: null });
    await settled();
    expect(p.seen).toEqual([3]);
    expect(p.state.getState().phase).toBe('running');
    expect(calls).toEqual(['start demo:1 step', 'step demo:1', 'resume demo:1', 'pause demo:1', 'stop demo:1', 'start demo:2 run']);
    starts[1].settle({ status: 'finished', message: null, backend: 'cpu', result: null });
    await settled();
    expect(p.state.getState()).toMatchObject({ phase: 'finished', ended: 'finished' });
  });
});
