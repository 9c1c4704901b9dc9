// Choosing the backend in the address: `?backend=` in the page's own query string
// (/course/?backend=cpu#/svgp) as well as in the hash query (#/svgp?backend=cpu); an unknown
// value is refused with the allowed ones, and the page says which backend it uses instead.

import { expect, test } from './fixtures';
import { settled, TOUR } from './tour';

const stop = (name: string) => {
  const s = TOUR.find((t) => t.name === name);
  if (!s) throw new Error(`no page ${name} in the tour`);
  return s;
};

test('?backend=cpu in the page query string runs the svgp page on the CPU', async ({ page }) => {
  test.setTimeout(90_000);
  const svgp = stop('svgp');
  await page.goto(`./?backend=cpu#${svgp.route}`);
  await settled(page, svgp);
  const indicator = page.getByTestId('backend-indicator');
  // WebGPU is on offer here (SwiftShader), so only the address can make this the CPU.
  await expect(indicator).toContainText('CPU — forced by ?backend=cpu');
  await svgp.train?.(page);
  // The worker itself reports the backend it trained on, and which cpu kernels ran (Chromium has WebAssembly SIMD).
  await expect(indicator).toHaveText(/CPU — /);
  await expect(indicator).toContainText('WebAssembly SIMD kernels');
  await expect(indicator).not.toContainText('WebGPU');
  await expect(page.getByRole('alert')).toHaveCount(0);
});

test('the hash query wins over the page query string', async ({ page }) => {
  await page.goto('./?backend=webgpu#/gamma?backend=cpu');
  await settled(page, stop('gamma'));
  await expect(page.getByTestId('backend-indicator')).toContainText('CPU — forced by ?backend=cpu');
});

for (const where of ['page query', 'hash query'] as const) {
  test(`an unknown backend in the ${where} is refused, and the page says what it uses instead`, async ({ page, shot }) => {
    test.setTimeout(60_000);
    const gamma = stop('gamma');
    await page.goto(where === 'page query' ? `./?backend=gpu#${gamma.route}` : `./#${gamma.route}&backend=gpu`);
    await settled(page, gamma);
    const alert = page.getByRole('alert').filter({ hasText: 'The address has a problem' });
    await expect(alert).toContainText('backend = gpu is not one of the choices: allowed auto, webgpu, cpu');
    await expect(alert).toContainText(/Until it is fixed the page uses the default, auto: (WebGPU|CPU) — \S/);
    await shot(`backend-unknown-${where.replace(' ', '-')}`);
    // The page still trains, on that default.
    await gamma.train?.(page);
  });
}
