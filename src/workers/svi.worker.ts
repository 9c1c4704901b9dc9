/**
 * The SVI worker of the gamma and bnn pages: every training step happens here, never on the
 * page's thread. Runs go through the shared training loop (pause, resume, single steps, stop,
 * bounded-rate progress, divergence checks); progress goes back through a proxied callback and
 * its typed arrays are transferred rather than copied.
 */
import * as Comlink from 'comlink';
import { TrainingLoop } from './trainingLoop';
import type { Progress } from './trainingLoop';
import { WorkerBackend, dtypeFor } from './backendChoice';
import { RunRegistry } from './runRegistry';
import { createGammaTrainer, generatedGammaData } from './sviGamma';
import { BnnTrainer, bnnDataFor, priorSurfaces } from './sviBnn';
import type { BackendPreference, BnnOutcome, BnnProgress, BnnSnapshot, GammaSnapshot, SviWorkerApi } from './sviProtocol';

const backend = new WorkerBackend();
const runs = new RunRegistry();
/** Runs the page asked to stop (as opposed to runs the stopping rule ended). */
const abandoned = new Set<string>();

function buffersOf(p: Progress<unknown>): ArrayBuffer[] {
  return [p.steps.buffer, p.times.buffer, p.losses.buffer] as ArrayBuffer[];
}

function transferGamma(p: Progress<GammaSnapshot>): Progress<GammaSnapshot> {
  const buffers = buffersOf(p);
  if (p.snapshot) buffers.push(p.snapshot.grid.buffer as ArrayBuffer, p.snapshot.qDensity.buffer as ArrayBuffer, p.snapshot.exactDensity.buffer as ArrayBuffer);
  return Comlink.transfer(p, buffers);
}

function transferBnn(p: BnnProgress): BnnProgress {
  const buffers = buffersOf(p);
  for (const a of Object.values(p.records)) if (a.length) buffers.push(a.buffer as ArrayBuffer);
  if (p.snapshot) buffers.push(p.snapshot.mean.buffer as ArrayBuffer, p.snapshot.sd.buffer as ArrayBuffer);
  return Comlink.transfer(p, buffers);
}

const api: SviWorkerApi = {
  configure: (preference: BackendPreference) => backend.configure(preference),

  async gammaData(request) {
    const values = generatedGammaData(request);
    return Comlink.transfer(values, [values.buffer as ArrayBuffer]);
  },

  async startGamma(id, request, onProgress, start) {
    runs.stop(id);
    const b = await backend.get();
    const trainer = createGammaTrainer(request, b, dtypeFor(b));
    return runs.run(id, new TrainingLoop(trainer, { totalSteps: request.steps, snapshotEveryMs: 250 }, (p) => onProgress(transferGamma(p))), start);
  },

  async bnnData(spec) {
    const { train, val, test } = bnnDataFor(spec);
    const buffers = [train, val, test].flatMap((d) => [d.x.buffer as ArrayBuffer, d.y.buffer as ArrayBuffer]);
    return Comlink.transfer({ train, val, test }, buffers);
  },

  async bnnPrior(request) {
    const surfaces = await priorSurfaces(request);
    return Comlink.transfer(
      surfaces,
      surfaces.map((s) => s.buffer as ArrayBuffer),
    );
  },

  async startBnn(id, request, onProgress, start): Promise<BnnOutcome> {
    runs.stop(id);
    abandoned.delete(id);
    const b = await backend.get();
    let loop: TrainingLoop<BnnSnapshot> | null = null;
    // The stopping rule ends the run through the loop, like a stop from the page but not abandoned.
    const trainer = new BnnTrainer(request, b, dtypeFor(b), { onEarlyStop: () => loop?.stop() });
    loop = new TrainingLoop(trainer, { totalSteps: request.steps }, (p) =>
      onProgress(transferBnn({ ...p, records: trainer.takeRecords(p.step), earlyStopStep: trainer.earlyStopStep })),
    );
    const status = await runs.run(id, loop, start);
    const outcome: BnnOutcome = {
      status,
      stepsRun: trainer.run.steps,
      earlyStopStep: trainer.earlyStopStep,
      testAuc: null,
      trainAuc: null,
      roc: null,
      evalSeconds: 0,
    };
    const ended = status === 'finished' || (status === 'stopped' && trainer.earlyStopStep !== null && !abandoned.has(id));
    abandoned.delete(id);
    if (!ended) return outcome;
    const t0 = performance.now();
    const e = trainer.evaluate();
    if (!e) return outcome;
    const result: BnnOutcome = { ...outcome, status: 'finished', testAuc: e.testAuc, trainAuc: e.trainAuc, roc: e.roc, evalSeconds: (performance.now() - t0) / 1000 };
    return Comlink.transfer(result, [e.roc.fpr.buffer as ArrayBuffer, e.roc.tpr.buffer as ArrayBuffer]);
  },

  pause: (id) => runs.pause(id),
  resume: (id) => runs.resume(id),
  stepOnce: (id) => runs.stepOnce(id),
  stop: (id) => {
    if (runs.has(id)) abandoned.add(id);
    runs.stop(id);
  },
};

Comlink.expose(api);
