/**
 * The scaling page's worker: all five experiments run here, never on the page's thread, and
 * stream their points back through Comlink-proxied callbacks as they are computed.
 *
 * Experiments 1-3 are written on typed arrays (tens of thousands of five-number gradients, where
 * tensors would cost more than the arithmetic): they run on this worker's CPU in float64 whatever
 * backend was chosen. Gradient accumulation and the Bayesian network use engine tensors and run
 * on the chosen backend (WebGPU in float32 when it was chosen, else the CPU in float64);
 * accumulation is also computed on the CPU in the other precision, for comparison.
 */
import * as Comlink from 'comlink';
import type { Backend } from '../engine/tensor';
import { cpu } from '../engine/cpu/backend';
import type { LinearData } from '../engine/models/linearRegression';
import { generateLinearData } from '../engine/models/linearRegression';
import { accumulationSweep, bnnScalingRule, gradientVariance, miniBatchSgd, scalingRule } from '../engine/experiments/scaling';
import { WorkerBackend, dtypeFor } from './backendChoice';
import type { BackendPreference } from './protocol';
import type { LinearDataRequest, Placement, ScalingWorkerApi } from './scalingProtocol';

const backend = new WorkerBackend();
let cached: { n: number; seed: number; data: LinearData } | null = null;
let stopRequested = false;

function dataFor(r: LinearDataRequest): LinearData {
  if (cached?.n !== r.n || cached.seed !== r.seed) cached = { n: r.n, seed: r.seed, data: generateLinearData({ seed: r.seed, n: r.n }) };
  return cached.data;
}

function label(name: 'cpu' | 'webgpu', dtype: 'f32' | 'f64'): string {
  return `${name === 'webgpu' ? 'WebGPU' : 'CPU'}, ${dtype === 'f32' ? 'float32' : 'float64'}`;
}

/** The typed-array experiments: always this worker's CPU, float64. */
function onCpu(t0: number): Placement {
  return { backend: 'cpu', dtype: 'f64', seconds: (performance.now() - t0) / 1000 };
}

const api: ScalingWorkerApi = {
  configure: (preference: BackendPreference) => backend.configure(preference),

  // The typed-array experiments run synchronously; each callback posts its message at once
  // (nothing is awaited), so the page draws the points while the loop goes on.
  async variance(request, onPoint) {
    const data = dataFor(request);
    const t0 = performance.now();
    const result = gradientVariance({ seed: request.seed, data, batchSizes: request.batchSizes, batches: request.batches, onPoint: (p) => void onPoint(p) });
    return { result, placement: onCpu(t0) };
  },

  async sgd(request, onEvent) {
    const data = dataFor(request);
    const t0 = performance.now();
    const result = miniBatchSgd({
      seed: request.seed,
      data,
      batchSizes: request.batchSizes,
      learningRate: request.learningRate,
      epochs: request.epochs,
      onEpoch: (point) => void onEvent({ kind: 'epoch', point }),
      onRun: (run) => void onEvent({ kind: 'run', run }),
    });
    return { result, placement: onCpu(t0) };
  },

  async rule(request, onEvent) {
    const data = dataFor(request);
    const t0 = performance.now();
    const result = scalingRule({
      seed: request.seed,
      data,
      baseBatch: request.baseBatch,
      baseLearningRate: request.baseLearningRate,
      ks: request.ks,
      epochs: request.epochs,
      warmupEpochs: request.warmupEpochs,
      onStart: (info) => void onEvent({ kind: 'start', info }),
      onEpoch: (point) => void onEvent({ kind: 'epoch', point }),
      onRun: (run) => void onEvent({ kind: 'run', run }),
    });
    return { result, placement: onCpu(t0) };
  },

  async accumulation(request, onEvent) {
    const data = dataFor(request);
    const b = await backend.get();
    const main = dtypeFor(b);
    // The chosen backend in its precision, then the CPU in the other one.
    const passes: { backend: Backend; dtype: 'f32' | 'f64'; chosen: boolean }[] = [
      { backend: b, dtype: main, chosen: true },
      { backend: cpu, dtype: main === 'f64' ? 'f32' : 'f64', chosen: false },
    ];
    const placements: (Placement & { label: string })[] = [];
    for (const pass of passes) {
      const name = label(pass.backend.name, pass.dtype);
      const t0 = performance.now();
      await accumulationSweep({
        seed: request.seed,
        data,
        microBatch: request.microBatch,
        micros: request.micros,
        dtype: pass.dtype,
        backend: pass.backend,
        onPoint: (point) => void onEvent({ label: name, backend: pass.backend.name, chosen: pass.chosen, point }),
      });
      placements.push({ label: name, backend: pass.backend.name, dtype: pass.dtype, seconds: (performance.now() - t0) / 1000 });
    }
    return { placements };
  },

  async bnnRule(request, onEvent) {
    const b = await backend.get();
    const dtype = dtypeFor(b);
    stopRequested = false;
    const t0 = performance.now();
    const result = await bnnScalingRule({
      ...request,
      backend: b,
      dtype,
      onStart: async (info) => void (await onEvent({ kind: 'start', info })),
      // Awaiting the page's callback gives back-pressure, and lets a stop message in between epochs.
      onEpoch: async (point) => {
        await onEvent({ kind: 'epoch', point });
        return stopRequested;
      },
      onRun: async (run) => void (await onEvent({ kind: 'run', run })),
    });
    return { result, placement: { backend: b.name, dtype, seconds: (performance.now() - t0) / 1000 } };
  },

  stopBnnRule() {
    stopRequested = true;
  },
};

Comlink.expose(api);
