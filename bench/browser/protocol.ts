/** Messages between the benchmark page and its worker, and the result format. */

export interface WebGpuTiming {
  msPerStep: number;
  /** GPU time per step from timestamp queries, or null without 'timestamp-query'. */
  gpuMsPerStep: number | null;
  dispatchesPerStep: number;
  submissionsPerStep: number;
}

export interface CpuTiming {
  msPerStep: number;
}

/** The bnn notebook's step with its validation loss, on the cpu in the Worker. */
export interface BnnCpuTiming {
  stepsPerSecond: number;
}

export interface KernelShare {
  label: string;
  dispatchesPerStep: number;
  msPerStep: number;
}

export interface BenchResult {
  adapter: string;
  n: number;
  webgpu: { mini: WebGpuTiming; full: WebGpuTiming } | null;
  /** Why WebGPU was not measured (no adapter), else null. */
  webgpuError: string | null;
  /** `kernels`: which cpu kernels ran ('WebAssembly SIMD' or 'JavaScript'). */
  cpu: { mini: CpuTiming; full: CpuTiming; bnn: BnnCpuTiming; kernels: string };
  /** GPU time per kernel in a separate profiled run (every dispatch timed on its own). */
  profile: { mini: KernelShare[]; full: KernelShare[] } | null;
}

export type WorkerMessage = { kind: 'progress'; text: string } | { kind: 'done'; result: BenchResult } | { kind: 'error'; message: string };
