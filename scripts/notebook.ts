/**
 * `npm run notebook -- <id> [options] [--json]`: runs a notebook's computation in Node on the
 * cpu backend and prints its figures. Exit code 2 with a one-line message for bad input.
 */
import { UsageError, parseArgs, usage } from './cli/args';
import type { HeadlessNotebook } from './notebooks/types';
import { notebooks } from './notebooks/registry';
import { enableWasmKernels } from '../src/engine/cpu/wasm';

async function main(argv: string[]): Promise<number> {
  const [id, ...rest] = argv;
  const byId = new Map<string, HeadlessNotebook>(notebooks.map((n) => [n.id, n as HeadlessNotebook]));
  if (!id || id === '--help' || id === '-h') {
    console.log(['usage: npm run notebook -- <id> [options] [--json]', ...notebooks.map((n) => `  ${n.id.padEnd(10)} ${n.summary}`)].join('\n'));
    return id ? 0 : 2;
  }
  const notebook = byId.get(id);
  if (!notebook) {
    console.error(`error: unknown notebook "${id}" (known: ${[...byId.keys()].join(', ')})`);
    return 2;
  }
  if (rest.includes('--help')) {
    console.log(usage(id, notebook.settings));
    return 0;
  }
  try {
    const { options, json } = parseArgs(notebook.settings, rest);
    const result = await notebook.run(options);
    console.log(json ? JSON.stringify(result) : notebook.format(result));
    return 0;
  } catch (e) {
    if (e instanceof UsageError || e instanceof RangeError) {
      console.error(`error: ${e.message}`);
      return 2;
    }
    console.error(`error: ${(e as Error).message}`);
    return 1;
  }
}

// The WebAssembly SIMD kernels when this Node has them (it says nothing and uses the TypeScript kernels when not).
await enableWasmKernels();
process.exitCode = await main(process.argv.slice(2));
