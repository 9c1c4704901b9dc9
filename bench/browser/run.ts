/**
 * `npm run bench:browser [-- --json] [-- --quick]`: builds bench/browser with Vite, serves it
 * with `vite preview`, and runs it in headless Chromium (the system browser; WebGPU on
 * whatever adapter Chromium finds, SwiftShader on machines without a GPU). Prints median
 * ms/step of the SVGP training step at B = 200 and B = N on webgpu and on cpu (in a Worker),
 * GPU time per step from timestamp queries, dispatches and submissions per step, and where the
 * GPU time goes. With --json, one JSON object:
 *   {"adapter", "webgpu": {"mini": {"msPerStep", "gpuMsPerStep", "dispatchesPerStep"}, "full": {...}},
 *    "cpu": {"mini": {"msPerStep"}, "full": {"msPerStep"}, "bnn": {"stepsPerSecond"}, "kernels"}}
 */
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';
import { build, preview } from 'vite';
import { chromium } from '@playwright/test';
import type { BenchResult, KernelShare } from './protocol';

const root = dirname(fileURLToPath(import.meta.url));
const json = process.argv.includes('--json');
const quick = process.argv.includes('--quick');
const say = (s: string) => {
  if (!json) console.log(s);
  else console.error(s);
};

async function main(): Promise<void> {
  say('building bench/browser …');
  await build({
    root,
    configFile: false,
    base: './',
    logLevel: 'warn',
    worker: { format: 'es' },
    build: { outDir: resolve(root, 'dist'), emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 4000 },
  });
  const server = await preview({ root, configFile: false, logLevel: 'warn', build: { outDir: resolve(root, 'dist') }, preview: { port: 4178, strictPort: false, host: '127.0.0.1' } });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('vite preview gave no URL');
  const isRoot = process.getuid?.() === 0;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--enable-unsafe-webgpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', ...(isRoot ? ['--no-sandbox'] : [])],
  });
  try {
    const page = await browser.newPage();
    let shown = 0;
    page.on('console', (m) => {
      if (m.type() === 'error') say(`[page] ${m.text()}`);
    });
    await page.goto(`${url}${quick ? '?quick' : ''}`);
    say(`running in headless Chromium at ${url}`);
    const deadline = Date.now() + 15 * 60_000;
    let result: BenchResult | undefined;
    for (;;) {
      const state = await page.evaluate(() => ({ r: window.__benchResult, e: window.__benchError, log: document.getElementById('log')?.textContent ?? '' }));
      const lines = state.log.split('\n');
      for (; shown < lines.length; shown++) say(`  ${lines[shown]}`);
      if (state.e) throw new Error(`benchmark failed in the page: ${state.e}`);
      if (state.r) {
        result = state.r;
        break;
      }
      if (Date.now() > deadline) throw new Error('benchmark timed out after 15 minutes');
      await new Promise((r) => setTimeout(r, 500));
    }
    report(result);
  } finally {
    await browser.close();
    await new Promise<void>((r) => server.httpServer.close(() => r()));
  }
}

function report(r: BenchResult): void {
  if (json) {
    const wg = (t: NonNullable<BenchResult['webgpu']>['mini']) => ({ msPerStep: round(t.msPerStep), gpuMsPerStep: t.gpuMsPerStep === null ? null : round(t.gpuMsPerStep), dispatchesPerStep: t.dispatchesPerStep });
    const out = {
      adapter: r.adapter,
      webgpu: r.webgpu ? { mini: wg(r.webgpu.mini), full: wg(r.webgpu.full) } : null,
      cpu: { mini: { msPerStep: round(r.cpu.mini.msPerStep) }, full: { msPerStep: round(r.cpu.full.msPerStep) }, bnn: { stepsPerSecond: round(r.cpu.bnn.stepsPerSecond) }, kernels: r.cpu.kernels },
    };
    console.log(JSON.stringify(out));
    return;
  }
  console.log(`\nSVGP training step, N = ${r.n}, M = 50 (median ms/step after warm-up; loss read back every step, asynchronously)`);
  console.log(`adapter: ${r.adapter}`);
  if (r.webgpu) {
    for (const [name, t] of [['B = 200', r.webgpu.mini], [`B = N`, r.webgpu.full]] as const) {
      console.log(
        `webgpu f32  ${name.padEnd(8)} ${t.msPerStep.toFixed(2).padStart(8)} ms/step   GPU ${t.gpuMsPerStep === null ? '   n/a' : t.gpuMsPerStep.toFixed(2).padStart(7)} ms/step   ` +
          `${t.dispatchesPerStep.toFixed(1)} dispatches, ${t.submissionsPerStep.toFixed(2)} submissions per step`,
      );
    }
  } else console.log(`webgpu: not measured (${r.webgpuError})`);
  console.log(`cpu f64     B = 200  ${r.cpu.mini.msPerStep.toFixed(2).padStart(8)} ms/step   (in a Worker, ${r.cpu.kernels} kernels)`);
  console.log(`cpu f64     B = N    ${r.cpu.full.msPerStep.toFixed(2).padStart(8)} ms/step   (in a Worker, ${r.cpu.kernels} kernels)`);
  console.log(`cpu f64     bnn step with validation  ${r.cpu.bnn.stepsPerSecond.toFixed(0).padStart(6)} steps/s   (in a Worker, ${r.cpu.kernels} kernels)`);
  if (r.profile) {
    const table = (title: string, rows: KernelShare[]) => {
      const total = rows.reduce((s, k) => s + k.msPerStep, 0);
      console.log(`\nwhere the GPU time goes, ${title} (profiled run: each dispatch timed on its own, ${total.toFixed(2)} ms/step in kernels)`);
      for (const k of rows.slice(0, 12)) {
        console.log(`  ${k.label.padEnd(28)} ${k.dispatchesPerStep.toFixed(1).padStart(5)} x ${k.msPerStep.toFixed(3).padStart(9)} ms/step  ${((100 * k.msPerStep) / total).toFixed(1).padStart(5)} %`);
      }
    };
    table('B = 200', r.profile.mini);
    table('B = N', r.profile.full);
  }
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
