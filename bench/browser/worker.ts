/**
 * The measurements, in a Worker: the SVGP training step (models/svgpRun.ts, N = 10,000,
 * M = 50) at B = 200 and B = N, on the webgpu backend (float32) and on the cpu backend
 * (float64, the app's CPU fallback, with the kernels a training worker chooses: WebAssembly SIMD
 * where the browser has it); and the bnn notebook's step with its validation loss on the cpu.
 *
 * A step is timed the way the app trains, through the same training loop: step after step with
 * every loss read back (on a GPU asynchronously, in groups that share one submission, so the
 * GPU never waits for JavaScript), each step counted until its loss is back. ms/step is the
 * median over several samples of many steps, after a warm-up that compiles every pipeline and
 * fills the buffer pool. GPU ms/step comes from timestamp queries.
 */
import type { Backend } from '../../src/engine/tensor';
import { cpu } from '../../src/engine/cpu/backend';
import { trainToEnd } from '../../src/engine/train/collect';
import { DeviceTimer } from '../../src/engine/train/deviceTime';
import { SvgpRun } from '../../src/engine/models/svgpRun';
import { SVGP_DEFAULTS, generateSvgpData } from '../../src/engine/models/svgp';
import type { WebGpuBackend } from '../../src/engine/webgpu/backend';
import { createWebGpuBackend } from '../../src/engine/webgpu/backend';
import { cpuKernelsName, enableWasmKernels } from '../../src/engine/cpu/wasm';
import { benchBnnStep } from '../bnnStep';
import type { BenchResult, CpuTiming, KernelShare, WebGpuTiming, WorkerMessage } from './protocol';

const post = (m: WorkerMessage) => (self as unknown as { postMessage(m: WorkerMessage): void }).postMessage(m);
const progress = (text: string) => post({ kind: 'progress', text });

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Runs `steps` steps through the training loop; returns its training seconds. */
async function train(run: SvgpRun, steps: number): Promise<number> {
  return (await trainToEnd({ step: () => ({ loss: run.step() }), dispose: () => undefined }, steps)).seconds;
}

interface Plan {
  warmup: number;
  samples: number;
  steps: number;
}

async function timeWebGpu(gpu: WebGpuBackend, batch: number | null, plan: Plan): Promise<WebGpuTiming> {
  const data = generateSvgpData(SVGP_DEFAULTS.n, 0);
  const run = new SvgpRun({ data, batch, backend: gpu, dtype: 'f32', seed: 0 });
  await train(run, plan.warmup);
  await gpu.sync();
  const samples: number[] = [];
  const s0 = { ...gpu.stats };
  const device = new DeviceTimer(gpu);
  for (let s = 0; s < plan.samples; s++) samples.push((1000 * (await train(run, plan.steps))) / plan.steps);
  await gpu.sync();
  const s1 = gpu.stats;
  const total = plan.samples * plan.steps;
  run.dispose();
  return {
    msPerStep: median(samples),
    // Per step of the batches that were timed (a batch goes untimed when every timing buffer is
    // still waiting for its readback).
    gpuMsPerStep: device.msPerStep(total),
    dispatchesPerStep: (s1.dispatches - s0.dispatches) / total,
    submissionsPerStep: (s1.submissions - s0.submissions) / total,
  };
}

async function profileWebGpu(gpu: WebGpuBackend, batch: number | null, steps: number): Promise<KernelShare[]> {
  const data = generateSvgpData(SVGP_DEFAULTS.n, 0);
  const run = new SvgpRun({ data, batch, backend: gpu, dtype: 'f32', seed: 0 });
  await train(run, 3);
  await gpu.sync();
  gpu.ctx.resetProfile();
  await train(run, steps);
  await gpu.sync();
  run.dispose();
  return gpu.ctx.profile().map((p) => ({ label: p.label, dispatchesPerStep: p.dispatches / steps, msPerStep: p.ms / steps }));
}

async function timeCpu(backend: Backend, batch: number | null, plan: Plan): Promise<CpuTiming> {
  const data = generateSvgpData(SVGP_DEFAULTS.n, 0);
  const run = new SvgpRun({ data, batch, backend, dtype: 'f64', seed: 0 });
  await train(run, plan.warmup);
  const samples: number[] = [];
  for (let s = 0; s < plan.samples; s++) samples.push((1000 * (await train(run, plan.steps))) / plan.steps);
  return { msPerStep: median(samples) };
}

async function main(quick: boolean): Promise<BenchResult> {
  const q = quick ? 0.25 : 1;
  const plan = (warmup: number, samples: number, steps: number): Plan => ({
    warmup: Math.max(1, Math.round(warmup * q)),
    samples: Math.max(3, Math.round(samples * q)),
    steps: Math.max(1, Math.round(steps * q)),
  });
  // As a training worker does first (workers/host/backendChoice.ts).
  await enableWasmKernels();
  let webgpu: BenchResult['webgpu'] = null;
  let webgpuError: string | null = null;
  let profile: BenchResult['profile'] = null;
  let adapter = 'none';
  try {
    const gpu = await createWebGpuBackend();
    const info = gpu.adapterInfo;
    adapter = info ? [info.vendor, info.architecture].filter(Boolean).join('/') || info.description || 'unknown' : 'unknown';
    gpu.onError((e) => progress(`webgpu ${e.kind}: ${e.message}`));
    progress(`webgpu on ${adapter}: mini-batch`);
    const mini = await timeWebGpu(gpu, SVGP_DEFAULTS.batch, plan(40, 7, 40));
    progress(`webgpu: full batch`);
    const full = await timeWebGpu(gpu, null, plan(3, 5, 4));
    webgpu = { mini, full };
    gpu.destroy();
    progress('webgpu: per-kernel profile');
    const prof = await createWebGpuBackend(undefined, { profile: true });
    if (prof.stats.gpuTimeMs !== null) {
      profile = { mini: await profileWebGpu(prof, SVGP_DEFAULTS.batch, quick ? 10 : 30), full: await profileWebGpu(prof, null, quick ? 2 : 4) };
    }
    prof.destroy();
  } catch (e) {
    webgpuError = e instanceof Error ? e.message : String(e);
    progress(`webgpu unavailable: ${webgpuError}`);
  }
  progress('cpu: mini-batch');
  const cpuMini = await timeCpu(cpu, SVGP_DEFAULTS.batch, plan(40, 7, 20));
  progress('cpu: full batch');
  const cpuFull = await timeCpu(cpu, null, plan(2, 5, 2));
  progress('cpu: bnn step with validation');
  const bnn = await benchBnnStep(quick ? 100 : 500, quick ? 5 : 15, quick ? 100 : 200);
  const cpuResult = { mini: cpuMini, full: cpuFull, bnn: { stepsPerSecond: bnn.stepsPerSecond }, kernels: cpuKernelsName() };
  return { adapter, n: SVGP_DEFAULTS.n, webgpu, webgpuError, cpu: cpuResult, profile };
}

self.onmessage = (ev: MessageEvent<{ quick: boolean }>) => {
  main(ev.data.quick).then(
    (result) => post({ kind: 'done', result }),
    (e: unknown) => post({ kind: 'error', message: e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e) }),
  );
};
