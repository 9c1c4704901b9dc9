/** One shard of a data-parallel elasticity run, in a worker thread: answers the coordinator's requests. */
import { parentPort } from 'node:worker_threads';
import type { ShardRequest } from '../../src/engine/models/elasticityShards';
import { ShardEndpoint } from '../../src/engine/models/elasticityShards';

const port = parentPort;
if (!port) throw new Error('elasticityShardWorker runs as a worker thread only');
const endpoint = new ShardEndpoint();
port.on('message', (msg: ShardRequest) => {
  const reply = endpoint.handle(msg);
  // The gradient part is sent without a copy: this side does not need it again.
  port.postMessage(reply, reply.type === 'part' ? [reply.part.gradZ.buffer as ArrayBuffer, reply.part.logLik.buffer as ArrayBuffer] : []);
});
