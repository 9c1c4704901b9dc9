/**
 * The elasticity page's coordinating worker: it holds the run channel (host/runHost.ts), starts
 * the shards as Web Workers of their own (shard.worker.ts, one engine instance each, on this
 * worker's backend), does the all-reduce between them, and reports to the page. Stopping a run
 * terminates every shard; a shard that fails ends the run with its message.
 */
import * as Comlink from 'comlink';
import { MessageShards } from '../../engine/models/elasticityShards';
import type { StartShards } from '../../engine/experiments/elasticityNotebook';
import type { BackendPreference } from '../host/protocol';
import { RunHost, controlsOf } from '../host/runHost';
import { startShardPort } from './shardPort';
import { elasticityJob } from './trainer';
import type { ElasticityMessage, ElasticityTrainResult, ElasticityWorkerApi } from './protocol';

const host = new RunHost();

/** Shards as Web Workers, each started on `preference` before it is given its data. */
function webWorkerShards(preference: BackendPreference): StartShards {
  return async (data, shards, replica) => {
    const workers = Array.from({ length: shards }, () => new Worker(new URL('./shard.worker.ts', import.meta.url), { type: 'module' }));
    try {
      const ports = await Promise.all(workers.map((w, i) => startShardPort(w, preference, i, shards)));
      return await MessageShards.start(data, ports, replica);
    } catch (e) {
      for (const w of workers) w.terminate();
      throw e;
    }
  };
}

const api: ElasticityWorkerApi = {
  ...controlsOf(host),

  start: (id, request, onProgress, mode) => host.start<ElasticityMessage, ElasticityTrainResult | null>(id, mode, onProgress, elasticityJob(request, webWorkerShards)),
};

Comlink.expose(api);
