/**
 * GPU tests: `*.gpu.test.ts` run in headless Chromium (Vitest browser mode, Playwright
 * provider), where WebGPU is real (SwiftShader on machines without a GPU). The system
 * Chromium is used; Playwright never downloads a browser.
 */
import { defineConfig } from 'vitest/config';
import { playwright } from '@vitest/browser-playwright';

const isRoot = process.getuid?.() === 0;

export default defineConfig({
  test: {
    include: ['src/**/*.gpu.test.ts'],
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
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
          args: [
            '--enable-unsafe-webgpu',
            '--disable-background-networking',
            '--disable-component-update',
            '--no-first-run',
            ...(isRoot ? ['--no-sandbox'] : []),
          ],
        },
      }),
      instances: [{ browser: 'chromium' }],
    },
  },
});
