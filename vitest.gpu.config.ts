/**
 * GPU tests: `*.gpu.test.ts` run in headless Chromium (Vitest browser mode, Playwright
 * provider), where WebGPU is real (SwiftShader on machines without a GPU). The system
 * Chromium is used; Playwright never downloads a browser.
 */
import { defineConfig } from 'vitest/config';
import { playwright } from '@vitest/browser-playwright';
import { chromiumLaunchOptions } from './chromium.config';

export default defineConfig({
  test: {
    include: ['src/**/*.gpu.test.ts'],
    // Builds the WebAssembly kernels first when their sources changed (a no-op otherwise).
    globalSetup: ['scripts/buildWasmForTests.ts'],
    testTimeout: 180_000,
    hookTimeout: 60_000,
    // One browser page runs every file in turn: the machine has two cores and the GPU
    // (SwiftShader) uses them too.
    fileParallelism: false,
    browser: {
      enabled: true,
      headless: true,
      screenshotFailures: false,
      provider: playwright({
        launchOptions: chromiumLaunchOptions,
      }),
      instances: [{ browser: 'chromium' }],
    },
  },
});
