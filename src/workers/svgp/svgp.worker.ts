/**
 * The svgp page's worker: every step of its two runs happens here, never on the page's thread.
 * The runs go through the run channel (host/runHost.ts); this entry declares only the trainer
 * and the data overlay.
 */
import * as Comlink from 'comlink';
import { generateSvgpData } from '../../engine/models/svgp';
import { RunHost, controlsOf, trainInJob } from '../host/runHost';
import { createSvgpTrainer } from './trainer';
import type { SvgpProgress, SvgpWorkerApi } from './protocol';

const host = new RunHost();

const api: SvgpWorkerApi = {
  ...controlsOf(host),

  async svgpData(request, stride) {
    const data = generateSvgpData(request.n, request.dataSeed);
    const k = Math.ceil(data.n / stride);
    const x = new Float32Array(2 * k);
    const y = new Float32Array(k);
    for (let i = 0; i < k; i++) {
      x[2 * i] = data.x[2 * i * stride];
      x[2 * i + 1] = data.x[2 * i * stride + 1];
      y[i] = data.y[i * stride];
    }
    return Comlink.transfer({ x, y }, [x.buffer, y.buffer]);
  },

  start: (id, request, onProgress, mode) =>
    host.start<SvgpProgress, null>(id, mode, onProgress, (ctx, report) => trainInJob(ctx, createSvgpTrainer(request, ctx.backend, ctx.dtype), { totalSteps: request.steps }, report)),
};

Comlink.expose(api);
