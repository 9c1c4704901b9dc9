/**
 * The coordinator's side of a shard Web Worker: its replies queued in order (ShardPort of
 * src/engine/models/elasticityShards.ts), a crash failing every wait, then and later; and the
 * start of a shard, which waits until the shard has started its backend and checks it is the
 * one the run is on.
 */
import type { ShardPort, ShardReply, ShardRequest } from '../../engine/models/elasticityShards';
import { ReplyQueue } from '../../engine/models/elasticityShards';
import type { BackendPreference, BackendReport } from '../host/protocol';
import type { ShardBackendReply } from './protocol';

/** What a shard port needs of a Web Worker (a structural subset, so that tests can stand in a fake). */
export interface WorkerLike {
  postMessage(message: unknown): void;
  terminate(): void;
  onmessage: ((e: MessageEvent) => void) | null;
  onerror: ((e: ErrorEvent) => void) | null;
  onmessageerror: ((e: MessageEvent) => void) | null;
}

/** A shard Web Worker as a port: its first reply (the backend) and then the shard protocol's, in order. */
export function webWorkerPort(worker: WorkerLike): ShardPort & { nextBackend(): Promise<ShardBackendReply> } {
  const queue = new ReplyQueue<ShardReply | ShardBackendReply>();
  worker.onmessage = (e) => queue.push(e.data as ShardReply | ShardBackendReply);
  // An uncaught exception in a shard (or its module failing to load) ends its part of the run.
  worker.onerror = (e) => {
    e.preventDefault();
    queue.fail(new Error(e.message || 'the shard worker stopped with an error'));
  };
  worker.onmessageerror = () => queue.fail(new Error('a message from the shard could not be read'));
  return {
    post: (msg: ShardRequest) => worker.postMessage(msg),
    next: () => queue.next() as Promise<ShardReply>,
    nextBackend: () => queue.next() as Promise<ShardBackendReply>,
    terminate: () => {
      queue.fail(new Error('the shard was stopped'));
      worker.terminate();
    },
  };
}

/**
 * Starts shard worker number `index` (0-based) of `count` on the backend the run is on; rejects,
 * with the worker terminated, when it cannot start that backend. A shard on the CPU while the
 * run is on WebGPU would compute in another precision than its peers, so it is refused.
 */
export async function startShardPort(worker: WorkerLike, preference: BackendPreference, index: number, count: number): Promise<ShardPort> {
  const port = webWorkerPort(worker);
  worker.postMessage({ type: 'backend', preference });
  const where = `shard ${index + 1} of ${count}`;
  let reply: ShardBackendReply;
  try {
    reply = await port.nextBackend();
  } catch (e) {
    port.terminate();
    throw new Error(`${where} could not start: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (reply.type === 'error') {
    port.terminate();
    throw new Error(`${where} could not start its backend: ${reply.message}`);
  }
  const wanted: BackendReport['backend'] = preference === 'cpu' ? 'cpu' : 'webgpu';
  if (reply.report.backend !== wanted) {
    port.terminate();
    throw new Error(`${where} could not start WebGPU (${reply.report.detail}). The CPU can run the same notebook.`);
  }
  return port;
}
