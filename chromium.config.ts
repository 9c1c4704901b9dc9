/**
 * How every browser test starts Chromium: Debian's system browser (never a downloaded one),
 * with WebGPU enabled so that headless Chromium exposes its software adapter (SwiftShader).
 */
const isRoot = process.getuid?.() === 0;

export const chromiumLaunchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--enable-unsafe-webgpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--no-first-run',
    // Chromium refuses to start its sandbox as root (as in containers).
    ...(isRoot ? ['--no-sandbox'] : []),
  ],
};
