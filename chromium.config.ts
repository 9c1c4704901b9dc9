/**
 * How every browser test starts Chromium: Debian's system browser (never a downloaded one),
 * with WebGPU enabled so that headless Chromium exposes its software adapter (SwiftShader).
 *
 * Run directly (`tsx chromium.config.ts`, the first step of `npm test`), it checks that the
 * browser is there and otherwise stops with one line saying how to get it.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const isRoot = process.getuid?.() === 0;

/** The browser the tests start: CHROMIUM_PATH, or Debian's chromium. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const chromiumLaunchOptions = {
  executablePath: chromiumPath,
  args: [
    '--enable-unsafe-webgpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--no-first-run',
    // Chromium refuses to start its sandbox as root (as in containers).
    ...(isRoot ? ['--no-sandbox'] : []),
  ],
};

/** Why the browser tests cannot start, in one line, or null when the browser is there. */
export function browserProblem(path = chromiumPath, fromEnv = process.env.CHROMIUM_PATH !== undefined): string | null {
  try {
    if (statSync(path).isFile()) {
      accessSync(path, constants.X_OK);
      return null;
    }
  } catch {
    // Missing or not executable: said below.
  }
  const where = fromEnv ? `CHROMIUM_PATH=${path} is not an executable file` : `${path} was not found`;
  return `The browser tests need Chromium and ${where}: install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH to a Chromium executable.`;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const problem = browserProblem();
  if (problem !== null) {
    console.error(problem);
    process.exit(1);
  }
}
