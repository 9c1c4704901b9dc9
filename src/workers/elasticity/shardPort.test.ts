import { describe, expect, it } from 'vitest';
import { startShardPort, type WorkerLike } from './shardPort';
import { ReplyQueue } from '../../engine/models/elasticityShards';

/** A stand-in Web Worker that answers the backend request with the given reply. */
function fakeWorker(answer: unknown): WorkerLike & { terminated: boolean; crash(message: string): void } {
  const w = {
    terminated: false,
    onmessage: null as ((e: MessageEvent) => void) | null,
    onerror: null as ((e: ErrorEvent) => void) | null,
    onmessageerror: null as ((e: MessageEvent) => void) | null,
    postMessage(msg: unknown) {
      if ((msg as { type: string }).type === 'backend') queueMicrotask(() => w.onmessage?.({ data: answer } as MessageEvent));
    },
    terminate() {
      w.terminated = true;
    },
    crash(message: string) {
      w.onerror?.({ message, preventDefault: () => undefined } as ErrorEvent);
    },
  };
  return w;
}

describe('shard ports', () => {
  it('queue replies in order and fail every wait after a failure', async () => {
    const q = new ReplyQueue<number>();
    q.push(1);
    const waiting = q.next();
    expect(await waiting).toBe(1);
    const pending = q.next();
    q.fail(new Error('gone'));
    await expect(pending).rejects.toThrow('gone');
    await expect(q.next()).rejects.toThrow('gone');
  });

  it('start a shard on the run’s backend, and refuse one that fell back to the CPU, terminating it', async () => {
    const gpu = { type: 'backend', report: { backend: 'webgpu', detail: 'adapter', cpuKernels: 'JavaScript' } };
    await expect(startShardPort(fakeWorker(gpu), 'webgpu', 0, 2)).resolves.toBeDefined();
    const fell = fakeWorker({ type: 'backend', report: { backend: 'cpu', detail: 'no WebGPU adapter found; using the CPU', cpuKernels: 'JavaScript' } });
    await expect(startShardPort(fell, 'webgpu', 1, 2)).rejects.toThrow('shard 2 of 2 could not start WebGPU (no WebGPU adapter found; using the CPU)');
    expect(fell.terminated).toBe(true);
    const broken = fakeWorker({ type: 'error', message: 'boom' });
    await expect(startShardPort(broken, 'cpu', 0, 1)).rejects.toThrow('shard 1 of 1 could not start its backend: boom');
  });

  it('fail the waits of a shard whose worker crashes, with its message', async () => {
    const w = fakeWorker({ type: 'backend', report: { backend: 'cpu', detail: '', cpuKernels: 'JavaScript' } });
    const port = await startShardPort(w, 'cpu', 0, 1);
    const next = port.next();
    w.crash('Uncaught RangeError: out of memory');
    await expect(next).rejects.toThrow('Uncaught RangeError: out of memory');
  });
});
