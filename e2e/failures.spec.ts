// Every failure path ends in a clear state. The WebGPU device of the page's worker is destroyed
// (e2e/gpuFaults.ts) as soon as it is made, so that starting a run fails, or after a few
// submissions, so that a run fails mid-way: on every page the run ends "failed", the page says
// why and offers the CPU, and one click reruns it there, where it trains.

import type { Page } from '@playwright/test';
import { expect, openOwnData, openRoute, test } from './fixtures';
import { loseDeviceAfter } from './gpuFaults';

interface PageCase {
  name: string;
  /** Settings small enough to finish quickly on the CPU, large enough to be mid-run on the GPU. */
  route: string;
  start(page: Page): Promise<void>;
  /** The run failed: its controls say so. */
  failed(page: Page): Promise<void>;
  /** After the switch to the CPU, the run trains to its end. */
  trainsOnCpu(page: Page): Promise<void>;
}

const CAP = 150_000;
const training = (page: Page) => page.getByRole('group', { name: 'Training' });
const number = (text: string) => Number(text.replace(/,/g, ''));
/** The page's one training run failed: its controls say so. */
const trainingFailed = (page: Page) => expect(training(page)).toContainText('Failed', { timeout: CAP });

/** A page with one training run, started from its Training group, that counts its steps in `stepFigure`. */
function trainingRunCase(name: string, route: string, stepFigure: string, steps: number): PageCase {
  return {
    name,
    route,
    start: (page) => training(page).getByRole('button', { name: 'Run' }).click(),
    failed: trainingFailed,
    trainsOnCpu: async (page) => {
      await expect(page.locator(`[data-figure="${stepFigure}"]`)).toHaveText(String(steps), { timeout: CAP });
      await expect(training(page)).toContainText('Finished');
    },
  };
}

const CASES: PageCase[] = [
  {
    name: 'svgp',
    route: '/svgp?n=2000&b=100&fullSteps=200&miniSteps=200',
    start: (page) => page.getByRole('button', { name: /Run both/ }).click(),
    failed: (page) => expect(page.getByRole('group', { name: 'full batch run' })).toContainText('Failed', { timeout: CAP }),
    trainsOnCpu: (page) => expect(page.locator('tr[data-run="full"] [data-figure="steps"]')).toHaveText('200', { timeout: CAP }),
  },
  trainingRunCase('gamma', '/gamma?steps=300', 'steps', 300),
  {
    name: 'bnn',
    route: '/bnn?steps=400&patience=0&draws=100',
    start: async (page) => {
      await expect(page.getByTestId('data-summary')).toContainText('980 training', { timeout: CAP });
      await training(page).getByRole('button', { name: 'Run' }).click();
    },
    failed: trainingFailed,
    trainsOnCpu: async (page) => {
      await expect(page.locator('[data-figure="test-auc"]')).toBeVisible({ timeout: CAP });
      expect(number(await page.locator('[data-figure="step"]').innerText())).toBe(400);
    },
  },
  {
    name: 'sweep',
    route: '/sweep?n=1000&warmup=1&timed=3&budget=3&target=1',
    start: (page) => page.getByRole('button', { name: /Run the sweep/ }).click(),
    failed: (page) => expect(page.getByRole('alert').filter({ hasText: 'The run failed on the GPU' })).toBeVisible({ timeout: CAP }),
    trainsOnCpu: async (page) => {
      const cells = page.locator('tr[data-batch="1000"] td');
      await expect(cells).toHaveCount(1, { timeout: CAP });
      await expect(page.getByTestId('sweep-status')).toHaveText('Ready', { timeout: CAP });
      expect(Number(await cells.first().innerText())).toBeGreaterThan(0);
    },
  },
  {
    name: 'scaling',
    route: '/scaling?bnnB=64&bnnMaxK=4&bnnEpochs=2',
    start: (page) => page.getByRole('button', { name: 'Train the network for every k' }).click(),
    failed: (page) => expect(page.getByTestId('bnn-status')).toHaveText('Failed (see below)', { timeout: CAP }),
    trainsOnCpu: (page) => expect(page.getByTestId('bnn-status')).toContainText('Done', { timeout: CAP }),
  },
  trainingRunCase('exact-gp', '/exact-gp?n=200&steps=100', 'step', 100),
];

for (const when of ['at its start', 'mid-run'] as const) {
  for (const c of CASES) {
    test(`${c.name}: a device lost ${when} ends the run failed, with the CPU offered, and the CPU rerun trains`, async ({ page, context, shot }) => {
      test.setTimeout(4 * CAP);
      await loseDeviceAfter(context, when === 'mid-run' ? 6 : 0);
      await openRoute(page, c.route);
      await expect(page.getByTestId('backend-indicator')).toContainText('WebGPU', { timeout: CAP });
      await c.start(page);
      await c.failed(page);
      const banner = page.getByRole('alert').filter({ hasText: 'The run failed on the GPU' });
      await expect(banner).toBeVisible({ timeout: CAP });
      // The message says what happened in words, not as a raw engine error.
      await expect(banner).toContainText(/The GPU stopped working during the run|Reading results back from the GPU failed/);
      await expect(banner).toContainText('the CPU');
      await banner.scrollIntoViewIfNeeded();
      await shot(`failure-${c.name}-${when === 'mid-run' ? 'mid-run' : 'start'}`);
      await banner.getByRole('button', { name: 'Run on the CPU instead' }).click();
      await expect(page).toHaveURL(/backend=cpu/);
      await expect(page.getByTestId('backend-indicator')).toContainText('CPU', { timeout: CAP });
      await c.trainsOnCpu(page);
      await expect(page.getByRole('alert').filter({ hasText: 'The run failed on the GPU' })).toHaveCount(0);
    });
  }
}

test('gamma data that float32 cannot hold: the message names float32, not the learning rate, and the CPU trains them', async ({ page }) => {
  test.setTimeout(2 * CAP);
  await openRoute(page, '/gamma?steps=100');
  await expect(page.getByTestId('backend-indicator')).toContainText('WebGPU', { timeout: CAP });
  const own = await openOwnData(page);
  const values = Array.from({ length: 50 }, (_, i) => (i === 17 ? '1e300' : (0.5 + (i % 7) / 3).toFixed(3))).join('\n');
  await own.upload('huge.csv', `z\n${values}\n`);
  await expect(own.loaded).toContainText('huge.csv, 50 rows');
  await training(page).getByRole('button', { name: 'Run' }).click();
  await expect(training(page)).toContainText('Failed', { timeout: CAP });
  const banner = page.getByRole('alert').filter({ hasText: 'The run failed on the GPU' });
  await expect(banner).toContainText('value 18 of the data, 1.00e+300');
  await expect(banner).toContainText('float32');
  await expect(banner).not.toContainText('learning rate');
  await banner.getByRole('button', { name: 'Run on the CPU instead' }).click();
  await expect(page.getByTestId('backend-indicator')).toContainText('CPU', { timeout: CAP });
  // The learner's file is kept, and the CPU trains on it.
  await expect(page.getByTestId('csv-loaded')).toContainText('huge.csv, 50 rows');
  await expect(page.locator('[data-figure="steps"]')).toHaveText('100', { timeout: CAP });
  await expect(training(page)).toContainText('Finished');
});

test('svgp at learning rate 1 on the CPU: the fit that went bad is flagged', async ({ page }) => {
  test.setTimeout(2 * CAP);
  await openRoute(page, '/svgp?n=2000&lr=1&fullSteps=60&backend=cpu');
  const full = page.getByRole('group', { name: 'full batch run' });
  await full.getByRole('button', { name: 'Run' }).click();
  await expect(full).toContainText('Finished', { timeout: CAP });
  const flag = page.getByTestId('poor-fit-full');
  await expect(flag).toContainText('this fit is poor');
  await expect(flag).toContainText('smaller learning rate');
  // At the notebook's learning rate the same run is not flagged.
  await openRoute(page, '/svgp?n=2000&fullSteps=60&backend=cpu');
  await full.getByRole('button', { name: 'Reset' }).click();
  await expect(page.getByTestId('poor-fit-full')).toHaveCount(0);
  await full.getByRole('button', { name: 'Run' }).click();
  await expect(full).toContainText('Finished', { timeout: CAP });
  await expect(page.getByTestId('poor-fit-full')).toHaveCount(0);
});
