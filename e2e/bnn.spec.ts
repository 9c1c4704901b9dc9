// The bnn page: train with a step cap, watch the loss curves grow and the heatmaps fill, read a
// test AUC at the end, on WebGPU (SwiftShader here) and with the CPU forced; bring-your-own data
// with a malformed file and a good one; a bad URL parameter.

import type { Page } from '@playwright/test';
import { expect, openOwnData, openRoute, test } from './fixtures';

/** Waits sized for a loaded two-core machine with WebGPU in software: they wait for conditions, never durations. */
const WAIT = 150_000;

/**
 * Early stopping off and a step cap, so the run lasts long enough to be watched while it trains
 * (on the CPU a default run stops after a few hundred steps, well under a second), and fewer
 * draws for the AUC. Software WebGPU is much slower per step, so it gets fewer steps.
 */
const CAP = { webgpu: 400, cpu: 3000 } as const;
const quick = (backend: 'webgpu' | 'cpu') => `steps=${CAP[backend]}&patience=0&draws=300`;
const LOSS_CHART = 'Training and validation loss per point against step';
const MEAN_MAP = 'Heatmap of the posterior predictive mean of p(x) with the training data and their bounding box';
const SD_MAP = 'Heatmap of the standard deviation of p(x) across posterior draws, with the training data and their bounding box';

async function pointsIn(page: Page, label: string): Promise<number> {
  const attr = await page.locator(`[aria-label="${label}"] [data-points]`).getAttribute('data-points');
  return Number(attr ?? 0);
}

for (const backend of ['webgpu', 'cpu'] as const) {
  test.describe(`bnn page on ${backend}`, () => {
    test('trains, fills the heatmaps and prints the test AUC', async ({ page, shot }) => {
      test.setTimeout(3 * WAIT);
      await openRoute(page, `/bnn?${quick(backend)}${backend === 'cpu' ? '&backend=cpu' : ''}`);
      await expect(page.getByRole('heading', { level: 1 })).toContainText('A Bayesian neural network');
      await expect(page.getByTestId('data-summary')).toContainText('980 training, 420 validation and 600 test points');
      await expect(page.getByLabel('Decision surface of prior draw 6')).toBeVisible();
      await expect(page.getByTestId('backend-indicator')).toContainText(backend === 'cpu' ? 'CPU' : /WebGPU|CPU/);

      await expect(page.getByLabel(MEAN_MAP)).toContainText('No data yet');
      const run = page.getByRole('group', { name: 'Training' }).getByRole('button', { name: 'Run' });
      await expect(run).toBeEnabled();
      await run.click();

      // Both loss curves gain points, and the heatmaps fill while training goes on.
      await expect.poll(() => pointsIn(page, LOSS_CHART), { timeout: WAIT }).toBeGreaterThan(0);
      const early = await pointsIn(page, LOSS_CHART);
      await expect.poll(() => pointsIn(page, LOSS_CHART), { timeout: WAIT }).toBeGreaterThan(early);
      // Before the first snapshot a heatmap says so; then it holds a raster (and its legend's ramp).
      await expect(page.getByLabel(MEAN_MAP)).not.toContainText('No data yet', { timeout: WAIT });
      await expect(page.getByLabel(SD_MAP)).not.toContainText('No data yet');
      await expect(page.getByLabel(SD_MAP).locator('image')).toHaveCount(2);
      await expect(page.getByTestId('predictive-note')).toContainText('after step');

      // The run ends (by its stopping rule or its cap) and the test AUC is printed.
      const aucText = page.locator('[data-figure="test-auc"]');
      await expect(aucText).toBeVisible({ timeout: WAIT });
      const auc = Number(await aucText.innerText());
      expect(Number.isFinite(auc)).toBe(true);
      expect(auc).toBeGreaterThan(0.9);
      expect(auc).toBeLessThanOrEqual(1);
      const rate = Number((await page.locator('[data-figure="steps-per-second"]').innerText()).replace(/,/g, ''));
      expect(rate).toBeGreaterThan(0);
      const steps = Number((await page.locator('[data-figure="step"]').innerText()).replace(/,/g, ''));
      expect(steps).toBeGreaterThan(100);
      expect(steps).toBeLessThanOrEqual(CAP[backend] + 5);

      await page.getByLabel('Learning rate against step, with the current step marked').scrollIntoViewIfNeeded();
      await shot(`bnn-${backend}-schedule`);
      await page.getByLabel(LOSS_CHART).scrollIntoViewIfNeeded();
      await shot(`bnn-${backend}-losses`);
      await page.getByTestId('progress-line').scrollIntoViewIfNeeded();
      await shot(`bnn-${backend}-stopping`);
      await page.getByLabel(MEAN_MAP).scrollIntoViewIfNeeded();
      await shot(`bnn-${backend}-predictive`);
      await page.getByLabel('ROC curve of the posterior predictive mean on the test set').scrollIntoViewIfNeeded();
      await shot(`bnn-${backend}-roc`);
    });
  });
}

test('a malformed CSV is refused with its line, and a good one replaces the moons', async ({ page, shot }) => {
  await openRoute(page, '/bnn?backend=cpu');
  await expect(page.getByTestId('data-summary')).toContainText('980 training');
  const own = await openOwnData(page);
  await own.upload('labels.csv', 'x1,x2,label\n0.1,0.2,0\n0.3,0.4,2\n');
  const error = own.error;
  await expect(error).toHaveText('labels.csv: line 3: label 2 is not 0 or 1');
  await own.upload('short.csv', 'x1,x2,label\n0.1,0.2,0\n0.3,oops,1\n');
  await expect(error).toHaveText('short.csv: line 3: "oops" in column x2 is not a finite number');
  await error.scrollIntoViewIfNeeded();
  await shot('bnn-csv-error');

  const rows = Array.from({ length: 100 }, (_, i) => `${(i % 2 ? 1.5 : -1.5) + Math.sin(i)},${Math.cos(3 * i)},${i % 2}`).join('\n');
  await own.upload('blobs.csv', `x1,x2,label\n${rows}\n`);
  await expect(own.loaded).toContainText('blobs.csv, 100 rows');
  await expect(page.getByTestId('data-summary')).toContainText('blobs.csv: 49 training, 21 validation and 30 test points');
});

test('settings live in the URL, and an invalid one is refused with the allowed values', async ({ page }) => {
  await openRoute(page, '/bnn?backend=cpu');
  await page.getByLabel('Fair criterion: compare the likelihood per point only').check();
  await expect(page).toHaveURL(/fair=true/);
  await page.getByLabel('Optimiser').selectOption('onecycle');
  await expect(page).toHaveURL(/optimizer=onecycle/);
  await expect(page.getByRole('figure').filter({ hasText: 'Learning rate: one-cycle' }).locator('[data-points]')).toHaveAttribute('data-points', '400');

  await openRoute(page, '/bnn?optimizer=sgd&patience=-1&backend=cpu');
  const alert = page.getByRole('alert').first();
  await expect(alert).toContainText('optimizer = sgd is not one of the choices: allowed adam, onecycle');
  await expect(alert).toContainText('patience = -1 is out of range: allowed 0 to 100000');
  await expect(page.getByRole('group', { name: 'Training' }).getByRole('button', { name: 'Run' })).toBeDisabled();
});
