/**
 * Test setup (vitest `setupFiles`): the cpu backend runs the WebAssembly SIMD kernels, as it does
 * in the notebook runner, the benchmarks and the workers. Tests of the TypeScript kernels choose
 * them by variant name (Kernel.runVariant) or with disableWasmKernels().
 */
import { beforeAll } from 'vitest';
import { enableWasmKernels } from '../cpu/wasm';

beforeAll(async () => {
  const status = await enableWasmKernels();
  if (!status.ok) throw new Error(`the unit tests need the WebAssembly kernels: ${status.reason}`);
});
