/**
 * Vitest global setup (both configs): builds the WebAssembly kernels before any test file loads
 * them, so a changed kernel source is never tested through a stale module. A no-op when the build
 * is up to date (scripts/buildWasm.mjs compares a hash of the sources).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export default function buildWasmKernels(): void {
  const script = fileURLToPath(new URL('./buildWasm.mjs', import.meta.url));
  const r = spawnSync(process.execPath, [script], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error('building the WebAssembly kernels failed (see the messages above)');
}
