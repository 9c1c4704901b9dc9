/**
 * The bnn page's worker: every training step happens here, never on the page's thread. The run
 * goes through the run channel (host/runHost.ts); this entry declares the trainer, the test
 * figures computed when a run ends by itself, and the data helpers (the split, the prior draws).
 */
import * as Comlink from 'comlink';
import { RunHost, controlsOf, trainInJob } from '../host/runHost';
import { transferable } from '../host/transfer';
import { BnnTrainer, bnnDataFor, priorSurfaces } from './trainer';
import type { BnnEvaluation, BnnProgress, BnnWorkerApi } from './protocol';

const host = new RunHost();

const api: BnnWorkerApi = {
  ...controlsOf(host),

  async bnnData(spec) {
    const { train, val, test } = bnnDataFor(spec);
    const buffers = [train, val, test].flatMap((d) => [d.x.buffer as ArrayBuffer, d.y.buffer as ArrayBuffer]);
    return Comlink.transfer({ train, val, test }, buffers);
  },

  async bnnPrior(request) {
    return transferable(await priorSurfaces(request));
  },

  start: (id, request, onProgress, mode) =>
    host.start<BnnProgress, BnnEvaluation>(id, mode, onProgress, async (ctx, report) => {
      const trainer = new BnnTrainer(request, ctx.backend, ctx.dtype);
      const end = await trainInJob(ctx, trainer, { totalSteps: request.steps }, (p) => report(trainer.progress(p)));
      if (end.status !== 'finished') return end;
      // The test figures, at the parameters of the final snapshot.
      const t0 = performance.now();
      const e = trainer.evaluate();
      if (!e) return end;
      const result: BnnEvaluation = { stepsRun: trainer.run.steps, earlyStopStep: trainer.earlyStopStep, ...e, evalSeconds: (performance.now() - t0) / 1000 };
      return { ...end, result };
    }),
};

Comlink.expose(api);
