import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';

// Relative base so the built site works from any sub-path of a static host.
export default defineConfig({
  base: './',
  plugins: [
    react(),
    // Offline after the first visit (src/app/offline.ts): a service worker that precaches every
    // built file. With the relative base its URL and scope are relative too (./sw.js, scope ./),
    // so they resolve to whatever sub-path serves the site.
    VitePWA({
      // The learner chooses when to reload into a new build (src/app/components/UpdateNotice.tsx).
      registerType: 'prompt',
      // Registered by src/app/offline.ts, not by a script injected into index.html.
      injectRegister: false,
      // Offline use needs no install prompt, hence no web app manifest (and no icons).
      manifest: false,
      workbox: {
        // Every built file: page and worker chunks, styles, KaTeX's fonts, WebAssembly.
        globPatterns: ['**/*.{html,js,css,woff2,woff,ttf,wasm,svg,png,ico,json}'],
        maximumFileSizeToCacheInBytes: 16 * 1024 * 1024,
        // The first install takes the open page over at once, so that a network drop in the first
        // visit does not leave the pages not yet opened unreachable. Updates still wait (prompt).
        clientsClaim: true,
        // Any address of the site (with ?backend=cpu, say) opens the app offline.
        navigateFallback: 'index.html',
      },
    }),
  ],
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 2000 },
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts', 'bench/**/*.test.ts'],
    // GPU tests run in headless Chromium under vitest.gpu.config.ts, not in Node.
    exclude: ['**/node_modules/**', '**/*.gpu.test.ts'],
    environment: 'node',
    // Builds the WebAssembly kernels first when their sources changed (a no-op otherwise).
    globalSetup: ['scripts/buildWasmForTests.ts'],
    // The cpu backend runs the WebAssembly kernels in every unit test, as it does in the runner.
    setupFiles: ['src/engine/testing/useWasmKernels.ts'],
    testTimeout: 120_000,
  },
});
