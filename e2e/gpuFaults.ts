// Faults injected into the workers' WebGPU for the walkthroughs of failure paths. Workers are
// separate contexts (a page's init script does not reach them), so the worker scripts are
// intercepted on their way from the server and prefixed with a few lines that wrap
// GPUAdapter.requestDevice. Nothing here exists in the built site itself.

import type { BrowserContext } from '@playwright/test';

/**
 * Destroys each WebGPU device a worker requests right after its `submissions`-th queue
 * submission (0: as soon as it is created, so the first run fails at its start).
 */
export async function loseDeviceAfter(context: BrowserContext, submissions: number): Promise<void> {
  const prefix = `(() => {
  const request = GPUAdapter.prototype.requestDevice;
  GPUAdapter.prototype.requestDevice = async function (...args) {
    const device = await request.apply(this, args);
    const after = ${submissions};
    if (after === 0) { device.destroy(); return device; }
    const submit = device.queue.submit.bind(device.queue);
    let n = 0;
    device.queue.submit = (buffers) => {
      submit(buffers);
      if (++n === after) device.destroy();
    };
    return device;
  };
})();
`;
  await context.route(/\/assets\/[^/?]*worker[^/?]*\.js(\?.*)?$/, async (route) => {
    const response = await route.fetch();
    const body = await response.text();
    await route.fulfill({ response, body: prefix + body, headers: { ...response.headers(), 'content-type': 'text/javascript' } });
  });
}
