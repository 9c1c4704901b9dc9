/**
 * The training worker: every step of every run happens here, never on the page's thread.
 * Exposed with Comlink; progress goes back through a proxied callback at a bounded rate, and
 * large arrays are transferred rather than copied.
 */
import * as Comlink from 'comlink';
import { generateSvgpData } from '../engine/models/svgp';
import { sweepStepTimes, timeToTarget } from '../engine/experiments/sweep';
import { TrainingLoop } from './trainingLoop';
import type { Progress } from './trainingLoop';
import { createSvgpTrainer } from './svgpTrainer';
import { WorkerBackend, dtypeFor } from './backendChoice';
import { RunRegistry } from './runRegistry';
import type { BackendPreference, SvgpSnapshot, TrainingWorkerApi } from './protocol';

const backend = new WorkerBackend();
const runs = new RunRegistry();

/** Transfers the typed arrays of a progress report instead of copying them. */
function transferProgress(p: Progress<SvgpSnapshot>): Progress<SvgpSnapshot> {
  const buffers: ArrayBuffer[] = [p.steps.buffer, p.times.buffer, p.losses.buffer] as ArrayBuffer[];
  if (p.snapshot) buffers.push(p.snapshot.gridMean.buffer as ArrayBuffer, p.snapshot.inducing.buffer as ArrayBuffer);
  return Comlink.transfer(p, buffers);
}

const api: TrainingWorkerApi = {
  configure: (preference: BackendPreference) => backend.configure(preference),

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

  async startSvgp(id, request, onProgress, start) {
    runs.stop(id);
    const b = await backend.get();
    const trainer = createSvgpTrainer(request, b, dtypeFor(b));
    return runs.run(id, new TrainingLoop(trainer, { totalSteps: request.steps }, (p) => onProgress(transferProgress(p))), start);
  },

  pause: (id) => runs.pause(id),
  resume: (id) => runs.resume(id),
  stepOnce: (id) => runs.stepOnce(id),
  stop: (id) => runs.stop(id),

  async sweep(request, onPoint) {
    const data = generateSvgpData(request.n, request.dataSeed);
    const b = await backend.get();
    return sweepStepTimes({ ...request, data, backend: b, dtype: dtypeFor(b) }, onPoint);
  },

  async timeToTarget(request, onPoint) {
    const data = generateSvgpData(request.n, request.dataSeed);
    const b = await backend.get();
    return timeToTarget({ ...request, data, backend: b, dtype: dtypeFor(b) }, onPoint);
  },
};

Comlink.expose(api);
