/** One shard of a data-parallel elasticity run, in a worker thread: answers the coordinator's requests. */
import { parentPort } from 'node:worker_threads';
import { ShardEndpoint, replyTransfer, serveShard } from '../../src/engine/models/elasticityShards';
import { enableWasmKernels } from '../../src/engine/cpu/wasm';

const port = parentPort;
if (!port) throw new Error('elasticityShardWorker runs as a worker thread only');
// The same kernels as the main thread's (scripts/notebook.ts): a shard computes what it would there.
await enableWasmKernels();
port.on('message', serveShard(new ShardEndpoint(), (reply) => port.postMessage(reply, replyTransfer(reply))));
