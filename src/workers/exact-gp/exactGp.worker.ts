/**
 * The exact-gp page's worker: the training run and the size sweep happen here, never on the
 * page's thread. Both go through the run channel (host/runHost.ts), so that either can be
 * paused, stepped or stopped, and ends 'failed' with its message when the device is lost.
 */
import * as Comlink from 'comlink';
import { cpu } from '../../engine/cpu/backend';
import { generateExactGpData } from '../../engine/models/exactGp';
import { RunHost, controlsOf, trainInJob } from '../host/runHost';
import { createExactGpTrainer } from './trainer';
import { exactGpSweep } from './sweep';
import type { ExactGpProgress, ExactGpSweepEvent, ExactGpWorkerApi } from './protocol';

const host = new RunHost();

const api: ExactGpWorkerApi = {
  ...controlsOf(host),

  async exactGpData(request) {
    const { x, y } = generateExactGpData(request.n, request.seed);
    return Comlink.transfer({ x, y }, [x.buffer as ArrayBuffer, y.buffer as ArrayBuffer]);
  },

  start: (id, request, onProgress, mode) =>
    host.start<ExactGpProgress | ExactGpSweepEvent, null>(id, mode, onProgress, async (ctx, report) => {
      if (request.kind === 'train') return trainInJob(ctx, createExactGpTrainer(request, ctx.backend), { totalSteps: request.steps }, report);
      await exactGpSweep(request, ctx.backend, cpu, ctx.control, report);
      return { status: ctx.control.stopped ? 'stopped' : 'finished' };
    }),
};

Comlink.expose(api);
