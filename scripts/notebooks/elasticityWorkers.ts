/**
 * The elasticity notebook's shards as Node worker threads, one engine instance each, behind the
 * message protocol of src/engine/models/elasticityShards.ts. A worker that throws or exits ends
 * the run with its message; disposing the group terminates every worker.
 */
import { Worker } from 'node:worker_threads';
import type { ShardPort, ShardReply, ShardRequest } from '../../src/engine/models/elasticityShards';
import { LocalShards, MessageShards, ReplyQueue } from '../../src/engine/models/elasticityShards';
import type { StartShards } from '../../src/engine/experiments/elasticityNotebook';

/** A worker thread as a shard port: replies queue up; a crash or exit fails every wait, then and later. */
export function workerPort(worker: Worker): ShardPort {
  const queue = new ReplyQueue<ShardReply>();
  let terminated = false;
  worker.on('message', (r: ShardReply) => queue.push(r));
  worker.on('error', (e: unknown) => queue.fail(e instanceof Error ? e : new Error(String(e))));
  worker.on('messageerror', (e) => queue.fail(e instanceof Error ? e : new Error(String(e))));
  worker.on('exit', (code) => queue.fail(new Error(terminated ? 'the shard was stopped' : `the worker thread exited (code ${code})`)));
  return {
    post: (msg: ShardRequest) => worker.postMessage(msg),
    next: () => queue.next(),
    terminate: () => {
      terminated = true;
      void worker.terminate();
    },
  };
}

/**
 * A new worker thread running one shard. The shard is TypeScript, loaded through tsx as the
 * runner is: the worker registers tsx's loader first (a loader given to the main thread is not
 * inherited by workers on every Node version), then imports the shard module.
 */
export function shardWorker(): Worker {
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./elasticityShardWorker.ts', import.meta.url).href;
  const boot = `import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`;
  return new Worker(boot, { eval: true });
}

/** One shard runs in this thread (nothing to communicate); two or more each in a worker thread. */
export const startWorkerShards: StartShards = async (data, shards, replica) => {
  if (shards === 1) return new LocalShards(data, 1, replica);
  const ports = Array.from({ length: shards }, () => workerPort(shardWorker()));
  return MessageShards.start(data, ports, replica);
};
