/**
 * A module Worker for kernels.gpu.test.ts: loads the WebAssembly kernels the way the cpu
 * training workers will (loadWasmKernels inside a Worker) and runs one product, so the test sees
 * the module instantiate and compute in a Worker of a real browser.
 */
import { loadWasmKernels } from './kernels';

/** The request: out [m,n] = a [m,k] b [k,n] in float64. */
export interface ProbeRequest {
  a: Float64Array;
  b: Float64Array;
  m: number;
  k: number;
  n: number;
}

/** The answer: the product, or why the kernels could not load. */
export type ProbeReply = { ok: true; out: Float64Array } | { ok: false; reason: string };

const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = async (event: MessageEvent<ProbeRequest>) => {
  const { a, b, m, k, n } = event.data;
  const status = await loadWasmKernels();
  if (!status.ok) {
    scope.postMessage({ ok: false, reason: status.reason } satisfies ProbeReply);
    return;
  }
  const kernels = status.kernels;
  const [pa, pb, pOut] = [kernels.put('f64', a), kernels.put('f64', b), kernels.allocArray('f64', m * n)];
  kernels.f64.matmul(pa, pb, pOut, m, k, n, false, false);
  const out = kernels.read('f64', pOut, m * n) as Float64Array;
  for (const p of [pa, pb, pOut]) kernels.free(p);
  scope.postMessage({ ok: true, out } satisfies ProbeReply);
};
