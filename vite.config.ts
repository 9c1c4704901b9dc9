import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// Relative base so the built site works from any sub-path of a static host.
export default defineConfig({
  base: './',
  plugins: [react()],
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 2000 },
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts', 'bench/**/*.test.ts'],
    // GPU tests run in headless Chromium under vitest.gpu.config.ts, not in Node.
    exclude: ['**/node_modules/**', '**/*.gpu.test.ts'],
    environment: 'node',
    // Builds the WebAssembly kernels first when their sources changed (a no-op otherwise).
    globalSetup: ['scripts/buildWasmForTests.ts'],
    testTimeout: 120_000,
  },
});
