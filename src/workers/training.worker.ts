/**
 * The training worker: every step of every run happens here, never on the page's thread.
 * Exposed with Comlink; progress goes back through a proxied callback at a bounded rate, and
 * large arrays are transferred rather than copied.
 */
import * as Comlink from 'comlink';
import type { Backend } from '../engine/tensor';
import { generateSvgpData } from '../engine/models/svgp';
import { sweepStepTimes, timeToTarget } from '../engine/experiments/sweep';
import { TrainingLoop } from './trainingLoop';
import type { Progress } from './trainingLoop';
import { createSvgpTrainer } from './svgpTrainer';
import { chooseBackend } from './backendChoice';
import type { BackendPreference, BackendReport, SvgpSnapshot, TrainingWorkerApi } from './protocol';

let chosen: Promise<{ backend: Backend; report: BackendReport }> | null = null;
const loops = new Map<string, TrainingLoop<SvgpSnapshot>>();

function backend(): Promise<Backend> {
  chosen ??= chooseBackend('auto');
  return chosen.then((c) => c.backend);
}

/** WebGPU computes in float32; the cpu in float64, like the reference notebooks. */
function dtypeFor(b: Backend): 'f32' | 'f64' {
  return b.name === 'webgpu' ? 'f32' : 'f64';
}

/** Transfers the typed arrays of a progress report instead of copying them. */
function transferProgress(p: Progress<SvgpSnapshot>): Progress<SvgpSnapshot> {
  const buffers: ArrayBuffer[] = [p.steps.buffer, p.times.buffer, p.losses.buffer] as ArrayBuffer[];
  if (p.snapshot) buffers.push(p.snapshot.gridMean.buffer as ArrayBuffer, p.snapshot.inducing.buffer as ArrayBuffer);
  return Comlink.transfer(p, buffers);
}

const api: TrainingWorkerApi = {
  async configure(preference: BackendPreference) {
    chosen ??= chooseBackend(preference);
    return (await chosen).report;
  },

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
    loops.get(id)?.stop();
    const b = await backend();
    const trainer = createSvgpTrainer(request, b, dtypeFor(b));
    const loop = new TrainingLoop(trainer, { totalSteps: request.steps }, (p) => onProgress(transferProgress(p)));
    loops.set(id, loop);
    if (start === 'step') loop.stepOnce();
    try {
      return await loop.run(start !== 'run');
    } finally {
      if (loops.get(id) === loop) loops.delete(id);
    }
  },

  pause: (id) => loops.get(id)?.pause(),
  resume: (id) => loops.get(id)?.resume(),
  stepOnce: (id) => loops.get(id)?.stepOnce(),
  stop: (id) => loops.get(id)?.stop(),

  async sweep(request, onPoint) {
    const data = generateSvgpData(request.n, request.dataSeed);
    const b = await backend();
    return sweepStepTimes({ ...request, data, backend: b, dtype: dtypeFor(b) }, onPoint);
  },

  async timeToTarget(request, onPoint) {
    const data = generateSvgpData(request.n, request.dataSeed);
    const b = await backend();
    return timeToTarget({ ...request, data, backend: b, dtype: dtypeFor(b) }, onPoint);
  },
};

Comlink.expose(api);
