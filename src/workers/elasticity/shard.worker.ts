/**
 * One shard of a data-parallel elasticity run, as a Web Worker with its own engine instance:
 * first told which backend to start (the coordinator's), then it answers the coordinator's
 * requests with its slice of the observations (src/engine/models/elasticityShards.ts). On WebGPU
 * the shard's likelihood runs on the GPU in float32; the replica's arithmetic stays on the host.
 */
import { setDefaultBackend } from '../../engine/ops';
import type { ShardRequest } from '../../engine/models/elasticityShards';
import { ShardEndpoint, replyTransfer, serveShard } from '../../engine/models/elasticityShards';
import { chooseBackend, dtypeFor } from '../host/backendChoice';
import { messageOf } from '../host/failure';
import type { ShardBackendReply, ShardBackendRequest } from './protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;
let serve: ((msg: ShardRequest) => void) | null = null;

function answerBackend(reply: ShardBackendReply): void {
  scope.postMessage(reply);
}

scope.onmessage = (e: MessageEvent<ShardRequest | ShardBackendRequest>) => {
  const msg = e.data;
  if (msg.type !== 'backend') {
    if (serve) serve(msg);
    else scope.postMessage({ type: 'error', message: 'the shard was asked to work before its backend was started' });
    return;
  }
  chooseBackend(msg.preference).then(
    ({ backend, report }) => {
      // The shard's tensors are made on the default backend (ElasticityShard takes none).
      setDefaultBackend(backend);
      serve = serveShard(new ShardEndpoint(dtypeFor(backend)), (reply) => scope.postMessage(reply, replyTransfer(reply)));
      answerBackend({ type: 'backend', report });
    },
    (err: unknown) => answerBackend({ type: 'error', message: messageOf(err) }),
  );
};
