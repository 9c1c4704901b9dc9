// End-to-end walkthroughs against the built site (`vite preview` serves dist/;
// `npm run test:e2e` builds first). The browser is the system Chromium: no
// browser is ever downloaded. WebGPU is enabled so that headless Chromium
// exposes its software adapter (SwiftShader) and the GPU path is exercised.

import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './chromium.config';

// E2E_PORT lets several checkouts on one machine run their walkthroughs side by side.
const PORT = Number(process.env.E2E_PORT ?? 4173);

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  fullyParallel: false,
  // The CI machine has two cores; one browser at a time keeps timings sane.
  workers: process.env.CI ? 1 : undefined,
  retries: 0,
  reporter: 'list',
  forbidOnly: !!process.env.CI,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  use: {
    baseURL: `http://localhost:${PORT}/`,
    viewport: { width: 1280, height: 720 },
    browserName: 'chromium',
    launchOptions: chromiumLaunchOptions,
    trace: 'off',
  },
  webServer: {
    command: `npx vite preview --port ${PORT} --strictPort`,
    url: `http://localhost:${PORT}/`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
});
