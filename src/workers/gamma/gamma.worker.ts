/**
 * The gamma page's worker: every training step happens here, never on the page's thread. The
 * run goes through the run channel (host/runHost.ts); this entry declares only the trainer and
 * the generated data for the histogram.
 */
import * as Comlink from 'comlink';
import { RunHost, controlsOf, trainInJob } from '../host/runHost';
import { createGammaTrainer, generatedGammaData } from './trainer';
import type { GammaProgress, GammaWorkerApi } from './protocol';

const host = new RunHost();

const api: GammaWorkerApi = {
  ...controlsOf(host),

  async gammaData(request) {
    const values = generatedGammaData(request);
    return Comlink.transfer(values, [values.buffer as ArrayBuffer]);
  },

  start: (id, request, onProgress, mode) =>
    host.start<GammaProgress, null>(id, mode, onProgress, (ctx, report) =>
      trainInJob(ctx, createGammaTrainer(request, ctx.backend, ctx.dtype), { totalSteps: request.steps, snapshots: { minIntervalMs: 250 } }, report),
    ),
};

Comlink.expose(api);
