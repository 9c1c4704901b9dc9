// The svgp page: run both trainings with few steps, watch the loss charts grow
// and the figures appear, on WebGPU (SwiftShader here) and with the CPU forced.

import { expect, openRoute, test } from './fixtures';
import type { Page } from '@playwright/test';

/** Small enough to finish in seconds in software, large enough to fit the function. */
const QUICK = 'n=2000&b=100&fullSteps=250&miniSteps=900';

async function pointsIn(page: Page, label: string): Promise<number> {
  const attr = await page.locator(`[aria-label="${label}"] [data-points]`).getAttribute('data-points');
  return Number(attr ?? 0);
}

function figure(page: Page, run: 'full' | 'mini', name: string) {
  return page.locator(`tr[data-run="${run}"] [data-figure="${name}"]`);
}

for (const backend of ['webgpu', 'cpu'] as const) {
  test.describe(`svgp page on ${backend}`, () => {
    test('trains both runs and prints the figures', async ({ page, shot }) => {
      test.setTimeout(400_000);
      await openRoute(page, `/svgp?${QUICK}${backend === 'cpu' ? '&backend=cpu' : ''}`);
      await expect(page.getByRole('heading', { level: 1 })).toContainText('Mini-batch sparse variational GP');
      await expect(page.getByLabel('Heatmap of the target function with training inputs overlaid')).toBeVisible();
      const indicator = page.getByTestId('backend-indicator');
      await expect(indicator).toContainText(backend === 'cpu' ? 'CPU' : /WebGPU|CPU/);

      const run = page.getByRole('button', { name: /Run both/ });
      await expect(run).toBeEnabled();
      await run.click();

      // The wall-clock chart gains points while the full-batch run is going.
      const chart = 'Negative ELBO against training time for the full-batch and mini-batch runs';
      await expect.poll(() => pointsIn(page, chart), { timeout: 150_000 }).toBeGreaterThan(0);
      const early = await pointsIn(page, chart);
      await expect.poll(() => pointsIn(page, chart), { timeout: 150_000 }).toBeGreaterThan(early);

      // Both runs finish; every figure is a finite number and the fits are good.
      await expect(figure(page, 'mini', 'steps')).toHaveText('900', { timeout: 300_000 });
      await expect(figure(page, 'full', 'steps')).toHaveText('250');
      for (const r of ['full', 'mini'] as const) {
        await expect(figure(page, r, 'rmse')).not.toHaveText('–');
        const rmse = Number(await figure(page, r, 'rmse').innerText());
        expect(rmse).toBeGreaterThan(0);
        expect(rmse).toBeLessThan(0.1);
        const ms = Number(await figure(page, r, 'ms-per-step').innerText());
        expect(ms).toBeGreaterThan(0);
      }
      await expect(page.locator('[data-figure="speedup"]')).toContainText('×');
      const disagreement = Number(await page.locator('[data-figure="disagreement"]').innerText());
      expect(disagreement).toBeGreaterThan(0);
      await expect(page.getByLabel('Heatmap of the mini-batch posterior mean with its inducing inputs')).toBeVisible();
      await page.getByLabel('Heatmap of the target function with training inputs overlaid').scrollIntoViewIfNeeded();
      await shot(`svgp-${backend}-target`);
      await page.getByLabel('Heatmap of the mini-batch posterior mean with its inducing inputs').scrollIntoViewIfNeeded();
      await shot(`svgp-${backend}-posteriors`);
    });
  });
}

test('the page stays responsive while training, and Pause stops the step counter', async ({ page }) => {
  test.setTimeout(300_000);
  await openRoute(page, '/svgp?n=2000&b=100&miniSteps=1000000&backend=cpu');
  const miniRow = page.getByRole('group', { name: 'mini-batch run' });
  await miniRow.getByRole('button', { name: 'Run' }).click();
  const steps = figure(page, 'mini', 'steps');
  await expect.poll(async () => Number((await steps.innerText()).replace(/,/g, '')), { timeout: 150_000 }).toBeGreaterThan(50);

  // While training runs in the worker, the main thread answers within 100 ms.
  const latency = await page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const button = document.createElement('button');
        document.body.append(button);
        const t0 = performance.now();
        button.addEventListener('click', () => resolve(performance.now() - t0));
        setTimeout(() => button.click(), 0);
      }),
  );
  expect(latency).toBeLessThan(100);
  const pause = miniRow.getByRole('button', { name: 'Pause' });
  const t0 = Date.now();
  await pause.click();
  expect(Date.now() - t0).toBeLessThan(1000);
  await expect(miniRow.getByText('Paused')).toBeVisible();
  const before = await steps.innerText();
  await page.waitForTimeout(1500);
  await expect(steps).toHaveText(before);
  await miniRow.getByRole('button', { name: 'Step' }).click();
  await expect
    .poll(async () => Number((await steps.innerText()).replace(/,/g, '')))
    .toBe(Number(before.replace(/,/g, '')) + 1);
});

test('an invalid URL parameter is refused with the allowed range', async ({ page, shot }) => {
  await openRoute(page, '/svgp?b=0&m=5000&backend=cpu');
  const alert = page.getByRole('alert').first();
  await expect(alert).toContainText('b = 0');
  await expect(alert).toContainText('1 to 100000');
  await expect(page.getByRole('alert').first()).toContainText('m = 5000');
  await expect(page.getByRole('button', { name: /Run both/ })).toBeDisabled();
  await shot('svgp-invalid-url');
});

test('a link with the older parameter names opens the same run and is rewritten with the current ones', async ({ page }) => {
  await openRoute(page, '/svgp?b=100&lr=0.01&backend=cpu');
  await expect(page).toHaveURL(/\?batch=100&learningRate=0\.01&backend=cpu$/);
  await expect(page.getByLabel('Batch size B')).toHaveValue('100');
  await expect(page.getByLabel('Learning rate')).toHaveValue('0.01');
  await expect(page.getByRole('button', { name: /Run both/ })).toBeEnabled({ timeout: 30_000 });
});
