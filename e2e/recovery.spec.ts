// No sequence of clicks leaves a page unusable: a burst of random run-control clicks on WebGPU,
// then a normal run trains; a sweep can be stopped, and left mid-way and come back to; leaving a
// page lets its worker go.

import type { Page } from '@playwright/test';
import { expect, openRoute, test } from './fixtures';

const CAP = 150_000;
const training = (page: Page) => page.getByRole('group', { name: 'Training' });

/** Counts the page's workers and those that have been let go (terminated). */
function watchWorkers(page: Page): { started: () => number; gone: () => number } {
  let started = 0;
  let gone = 0;
  page.on('worker', (w) => {
    started++;
    w.on('close', () => gone++);
  });
  return { started: () => started, gone: () => gone };
}

/** `count` clicks on the run controls, each 0 to `maxGapMs` ms after the last, from a seeded stream. */
async function randomClicks(page: Page, count: number, maxGapMs: number, seed: number): Promise<void> {
  await page.evaluate(
    async ({ count, maxGapMs, seed }) => {
      let s = seed;
      // A small linear congruential stream: the same clicks on every run of the test.
      const next = () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32;
      const group = document.querySelector('[role="group"][aria-label="Training"]');
      if (!group) throw new Error('no run controls');
      for (let i = 0; i < count; i++) {
        // Run (or Resume), Pause, Step, Reset, as a learner could press them; a disabled one does nothing.
        const buttons = [...group.querySelectorAll('button')];
        buttons[Math.floor(next() * buttons.length)].click();
        await new Promise((r) => setTimeout(r, next() * maxGapMs));
      }
    },
    { count, maxGapMs, seed },
  );
}

const CLICKS = [
  {
    name: 'gamma',
    route: '/gamma?steps=200',
    trained: async (page: Page) => {
      await expect(page.locator('[data-figure="steps"]')).toHaveText('200', { timeout: CAP });
      await expect(training(page)).toContainText('Finished');
    },
  },
  {
    name: 'bnn',
    route: '/bnn?steps=200&patience=0&draws=100',
    trained: async (page: Page) => {
      await expect(page.locator('[data-figure="test-auc"]')).toBeVisible({ timeout: CAP });
      await expect(page.locator('[data-figure="step"]')).toHaveText('200');
    },
  },
];

for (const c of CLICKS) {
  for (const seed of [1, 2]) {
    test(`${c.name} on WebGPU: 200 random run-control clicks 0 to 25 ms apart (seed ${seed}), then a normal run trains`, async ({ page }) => {
      test.setTimeout(3 * CAP);
      await openRoute(page, c.route);
      await expect(page.getByTestId('backend-indicator')).toContainText('WebGPU', { timeout: CAP });
      const run = training(page).getByRole('button', { name: 'Run' });
      await expect(run).toBeEnabled({ timeout: CAP });
      await randomClicks(page, 200, 25, seed);
      // Whatever state the clicks left, Reset and Run train normally.
      const reset = training(page).getByRole('button', { name: 'Reset' });
      if (await reset.isEnabled()) await reset.click();
      await expect(training(page)).toContainText('Ready');
      await run.click();
      await c.trained(page);
      await expect(page.locator('.run-message')).toHaveCount(0);
      await expect(page.getByRole('alert').filter({ hasText: 'failed' })).toHaveCount(0);
    });
  }
}

test('a sweep can be stopped, and left mid-way and come back to', async ({ page }) => {
  test.setTimeout(3 * CAP);
  const route = '/sweep?n=1000&warmup=1&timed=3&budget=3&target=1';
  const workers = watchWorkers(page);
  await openRoute(page, route);
  const status = page.getByTestId('sweep-status');
  await expect(status).toHaveText('Ready', { timeout: CAP });
  const sweep = page.getByRole('button', { name: /Run the sweep/ });
  const stop = page.getByRole('button', { name: 'Stop' });

  // Stop: the sweep ends at once, keeping the points measured so far.
  await sweep.click();
  await expect(status).toHaveText('Measuring…');
  await expect(page.locator('tr[data-batch="32"] td').first()).not.toBeEmpty({ timeout: CAP });
  await stop.click();
  await expect(status).toHaveText('Ready', { timeout: CAP });
  await expect(sweep).toBeEnabled();
  const kept = await page.locator('tbody tr[data-batch]').count();
  expect(kept).toBeGreaterThan(0);
  expect(kept).toBeLessThan(6);

  // Leave mid-sweep: the page's worker goes away.
  await sweep.click();
  await expect(status).toHaveText('Measuring…');
  expect(workers.started()).toBe(1);
  await openRoute(page, '/');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect.poll(workers.gone, { timeout: CAP }).toBe(1);

  // Come back: a fresh page, ready, and the sweep runs to its end.
  await openRoute(page, route);
  await expect(status).toHaveText('Ready', { timeout: CAP });
  await expect(sweep).toBeEnabled();
  await sweep.click();
  await expect(status).toHaveText('Measuring…');
  await expect(status).toHaveText('Ready', { timeout: CAP });
  const cells = page.locator('tr[data-batch="1000"] td');
  await expect(cells.first()).not.toBeEmpty();
  for (const text of await cells.allInnerTexts()) expect(Number(text)).toBeGreaterThan(0);
});

test('leaving the scaling page while the network trains on WebGPU lets its worker go', async ({ page }) => {
  test.setTimeout(2 * CAP);
  const workers = watchWorkers(page);
  await openRoute(page, '/scaling?bnnB=8&bnnMaxK=8&bnnEpochs=30');
  await expect(page.getByTestId('backend-indicator')).toContainText('WebGPU', { timeout: CAP });
  await page.getByRole('button', { name: 'Train the network for every k' }).click();
  await expect(page.getByTestId('bnn-status')).toContainText('Running: k = 1', { timeout: CAP });
  // Pause and resume reach the running experiment.
  await page.getByRole('button', { name: 'Pause' }).last().click();
  await expect(page.getByTestId('bnn-status')).toContainText('Paused');
  await page.getByRole('button', { name: 'Resume' }).click();
  await expect(page.getByTestId('bnn-status')).toContainText('Running');
  expect(workers.started()).toBe(1);
  await openRoute(page, '/');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect.poll(workers.gone, { timeout: CAP }).toBe(1);
});
