/**
 * The scaling page's worker: all five experiments run here, never on the page's thread, each as
 * a run of the run channel (host/runHost.ts), streaming its points back as they are computed.
 *
 * Experiments 1-3 are written on typed arrays (tens of thousands of five-number gradients, where
 * tensors would cost more than the arithmetic): they run on this worker's CPU in float64 whatever
 * backend was chosen, in well under a second. Gradient accumulation and the Bayesian network use
 * engine tensors and run on the chosen backend (WebGPU in float32 when it was chosen, else the
 * CPU in float64); accumulation is also computed on the CPU in the other precision, for
 * comparison. The network trains through the training loop: it pauses, steps and stops.
 */
import * as Comlink from 'comlink';
import type { Backend } from '../../engine/tensor';
import { cpu } from '../../engine/cpu/backend';
import type { LinearData } from '../../engine/models/linearRegression';
import { generateLinearData } from '../../engine/models/linearRegression';
import { accumulationSweep, bnnScalingRule, gradientVariance, miniBatchSgd, scalingRule } from '../../engine/experiments/scaling';
import { dtypeFor } from '../host/backendChoice';
import type { JobContext, JobEnd } from '../host/runHost';
import { RunHost, controlsOf } from '../host/runHost';
import type { LinearDataRequest, Placement, ScalingEvent, ScalingRequest, ScalingResult, ScalingWorkerApi } from './protocol';

const host = new RunHost();
let cached: { n: number; seed: number; data: LinearData } | null = null;

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

const done = (result: ScalingResult): JobEnd<ScalingResult> => ({ status: 'finished', result });

// The typed-array experiments run synchronously; each callback posts its message at once
// (nothing is awaited), so the page draws the points while the loop goes on.
async function experiment(r: ScalingRequest, ctx: JobContext, emit: (e: ScalingEvent) => unknown): Promise<JobEnd<ScalingResult>> {
  const t0 = performance.now();
  switch (r.experiment) {
    case 'variance': {
      const result = gradientVariance({ seed: r.seed, data: dataFor(r), batchSizes: r.batchSizes, batches: r.batches, onPoint: (point) => void emit({ experiment: 'variance', point }) });
      return done({ experiment: 'variance', result, placement: onCpu(t0) });
    }
    case 'sgd': {
      const result = miniBatchSgd({
        seed: r.seed,
        data: dataFor(r),
        batchSizes: r.batchSizes,
        learningRate: r.learningRate,
        epochs: r.epochs,
        onEpoch: (point) => void emit({ experiment: 'sgd', event: { kind: 'epoch', point } }),
        onRun: (run) => void emit({ experiment: 'sgd', event: { kind: 'run', run } }),
      });
      return done({ experiment: 'sgd', result, placement: onCpu(t0) });
    }
    case 'rule': {
      const result = scalingRule({
        seed: r.seed,
        data: dataFor(r),
        baseBatch: r.baseBatch,
        baseLearningRate: r.baseLearningRate,
        ks: r.ks,
        epochs: r.epochs,
        warmupEpochs: r.warmupEpochs,
        onStart: (info) => void emit({ experiment: 'rule', event: { kind: 'start', info } }),
        onEpoch: (point) => void emit({ experiment: 'rule', event: { kind: 'epoch', point } }),
        onRun: (run) => void emit({ experiment: 'rule', event: { kind: 'run', run } }),
      });
      return done({ experiment: 'rule', result, placement: onCpu(t0) });
    }
    case 'accumulation': {
      const main = ctx.dtype;
      // The chosen backend in its precision, then the CPU in the other one.
      const passes: { backend: Backend; dtype: 'f32' | 'f64'; chosen: boolean }[] = [
        { backend: ctx.backend, dtype: main, chosen: true },
        { backend: cpu, dtype: main === 'f64' ? 'f32' : 'f64', chosen: false },
      ];
      const placements: (Placement & { label: string })[] = [];
      for (const pass of passes) {
        if (ctx.control.stopped) return { status: 'stopped', result: { experiment: 'accumulation', placements } };
        const name = label(pass.backend.name, pass.dtype);
        const t1 = performance.now();
        await accumulationSweep({
          seed: r.seed,
          data: dataFor(r),
          microBatch: r.microBatch,
          micros: r.micros,
          dtype: pass.dtype,
          backend: pass.backend,
          onPoint: (point) => void emit({ experiment: 'accumulation', event: { label: name, backend: pass.backend.name, chosen: pass.chosen, point } }),
        });
        placements.push({ label: name, backend: pass.backend.name, dtype: pass.dtype, seconds: (performance.now() - t1) / 1000 });
      }
      return done({ experiment: 'accumulation', placements });
    }
    case 'bnn': {
      const result = await bnnScalingRule({
        ...r,
        backend: ctx.backend,
        dtype: dtypeFor(ctx.backend),
        control: ctx.control,
        // Awaiting the page's callback gives back-pressure.
        onStart: async (info) => void (await emit({ experiment: 'bnn', event: { kind: 'start', info } })),
        onEpoch: async (point) => void (await emit({ experiment: 'bnn', event: { kind: 'epoch', point } })),
        onRun: async (run) => void (await emit({ experiment: 'bnn', event: { kind: 'run', run } })),
      });
      const placement: Placement = { backend: ctx.backend.name, dtype: ctx.dtype, seconds: (performance.now() - t0) / 1000 };
      return { status: result.stopped ? 'stopped' : 'finished', result: { experiment: 'bnn', result, placement } };
    }
  }
}

const api: ScalingWorkerApi = {
  ...controlsOf(host),
  start: (id, request, onEvent, mode) => host.start<ScalingEvent, ScalingResult>(id, mode, onEvent, (ctx, report) => experiment(request, ctx, report)),
};

Comlink.expose(api);
