// The gamma page: train with few steps, watch the loss curve grow and q(a) land on the exact
// posterior, on WebGPU (SwiftShader here) and with the CPU forced; bring-your-own data with a
// malformed file and a good one; a bad URL parameter.

import type { Page } from '@playwright/test';
import { expect, openOwnData, openRoute, test } from './fixtures';

/** Waits sized for a loaded two-core machine with WebGPU in software: they wait for conditions, never durations. */
const CAP = 150_000;

/** Few enough steps to be quick in software, enough for q's mean to reach the posterior. */
const QUICK = 'steps=300';
const LOSS_CHART = 'Negative ELBO against step';
const DENSITY_CHART = 'Fitted q(a) and the exact posterior density of the concentration';

async function pointsIn(page: Page, label: string): Promise<number> {
  const attr = await page.locator(`[aria-label="${label}"] [data-points]`).getAttribute('data-points');
  return Number(attr ?? 0);
}

async function figure(page: Page, name: string): Promise<number> {
  return Number((await page.locator(`[data-figure="${name}"]`).innerText()).replace(/,/g, ''));
}

for (const backend of ['webgpu', 'cpu'] as const) {
  test.describe(`gamma page on ${backend}`, () => {
    test('trains the guide onto the exact posterior', async ({ page, shot }) => {
      test.setTimeout(3 * CAP);
      await openRoute(page, `/gamma?${QUICK}${backend === 'cpu' ? '&backend=cpu' : ''}`);
      await expect(page.getByRole('heading', { level: 1 })).toContainText('Recovering a Gamma concentration');
      await expect(page.getByLabel('Histogram of the observations')).toBeVisible();
      await expect(page.getByTestId('backend-indicator')).toContainText(backend === 'cpu' ? 'CPU' : /WebGPU|CPU/);

      const controls = page.getByRole('group', { name: 'Training' });
      const run = controls.getByRole('button', { name: 'Run' });
      await expect(run).toBeEnabled();
      await run.click();

      // The loss curve gains points while the run goes on.
      await expect.poll(() => pointsIn(page, LOSS_CHART), { timeout: CAP }).toBeGreaterThan(0);
      await expect.poll(() => pointsIn(page, LOSS_CHART), { timeout: CAP }).toBeGreaterThanOrEqual(300);
      await expect(page.locator('[data-figure="steps"]')).toHaveText('300', { timeout: CAP });
      await expect(controls.getByText('Finished')).toBeVisible();

      // q's mean ends within half an exact standard deviation of the exact mean.
      await expect.poll(() => pointsIn(page, DENSITY_CHART)).toBe(800);
      const qMean = await figure(page, 'q-mean');
      const exactMean = await figure(page, 'exact-mean');
      const exactSd = await figure(page, 'exact-sd');
      expect(exactSd).toBeGreaterThan(0);
      expect(Math.abs(qMean - exactMean)).toBeLessThan(0.5 * exactSd);
      expect(Math.abs(exactMean - 2)).toBeLessThan(0.2);

      await page.getByLabel(LOSS_CHART).scrollIntoViewIfNeeded();
      await shot(`gamma-${backend}-loss`);
      await page.getByLabel(DENSITY_CHART).scrollIntoViewIfNeeded();
      await shot(`gamma-${backend}-posterior`);
      if (backend === 'webgpu') return;

      // One particle instead of ten: the new loss curve is drawn over the previous one, noisier.
      await controls.getByRole('button', { name: 'Reset' }).click();
      await page.getByLabel('Particles K').fill('1');
      await expect(page).toHaveURL(/particles=1/);
      await run.click();
      await expect(page.locator('[data-figure="steps"]')).toHaveText('300', { timeout: CAP });
      await expect.poll(() => pointsIn(page, LOSS_CHART)).toBe(600);
      await expect(page.getByLabel(LOSS_CHART)).toContainText('previous run (K = 10)');
      await expect(page.getByLabel(LOSS_CHART)).toContainText('this run (K = 1)');
      await page.getByLabel(LOSS_CHART).scrollIntoViewIfNeeded();
      await shot('gamma-cpu-particles');
    });
  });
}

test('a malformed CSV is refused with its line, and a good one is used', async ({ page, shot }) => {
  await openRoute(page, '/gamma?steps=50&backend=cpu');
  const own = await openOwnData(page);
  await own.upload('broken.csv', 'z\n1.5\n0.7\nabc\n2.2\n');
  const error = own.error;
  await expect(error).toHaveText('broken.csv: line 4: "abc" in column z is not a finite number');
  await own.upload('negative.csv', 'z\n1.5\n\n-0.7\n');
  await expect(error).toContainText('negative.csv: line 4: -0.7 in column z is not positive');
  await error.scrollIntoViewIfNeeded();
  await shot('gamma-csv-error');

  const values = Array.from({ length: 200 }, (_, i) => (0.5 + ((i * 37) % 100) / 40).toFixed(3)).join('\n');
  await own.upload('mine.csv', `z\n${values}\n`);
  await expect(own.loaded).toContainText('mine.csv, 200 rows');
  await expect(error).toHaveCount(0);
  await page.getByRole('group', { name: 'Training' }).getByRole('button', { name: 'Run' }).click();
  await expect(page.locator('[data-figure="steps"]')).toHaveText('50', { timeout: CAP });
  await expect(page.locator('[data-figure="exact-mean"]')).not.toHaveText('–');
});

test('an invalid URL parameter is refused with the allowed range', async ({ page }) => {
  await openRoute(page, '/gamma?n=5&particles=0&backend=cpu');
  const alert = page.getByRole('alert').first();
  await expect(alert).toContainText('n = 5 is out of range: allowed 10 to 10000');
  await expect(alert).toContainText('particles = 0');
  await expect(page.getByRole('group', { name: 'Training' }).getByRole('button', { name: 'Run' })).toBeDisabled();
});
