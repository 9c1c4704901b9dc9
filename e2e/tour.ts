// Every page of the site, with settings small enough that a short run finishes in seconds on the
// CPU, and how to tell that it trained. Shared by the walkthroughs that visit every page (phone
// layout, offline); the per-page walkthroughs check the figures in depth.

import type { Page } from '@playwright/test';
import { expect } from './fixtures';

export interface Stop {
  /** Names the screenshot: artifacts/screenshots/<name>-<kind>.png. */
  readonly name: string;
  /** Hash route with the page's quick settings (no backend: callers add the one they want). */
  readonly route: string;
  /** The page's main heading, once it is drawn. */
  readonly heading: string | RegExp;
  /** Starts a short run and waits until it has trained (absent for pages without training). */
  readonly train?: (page: Page) => Promise<void>;
}

const steps = (page: Page, name: string) => page.locator(`[data-figure="${name}"]`);
/** Presses Run in the page's training controls. */
const run = (page: Page) => page.getByRole('group', { name: 'Training' }).getByRole('button', { name: 'Run' }).click();

export const TOUR: readonly Stop[] = [
  { name: 'home', route: '/', heading: 'Variational inference' },
  {
    name: 'svgp',
    route: '/svgp?n=500&b=50&fullSteps=10&miniSteps=30',
    heading: 'Mini-batch sparse variational GP',
    train: async (page) => {
      await page.getByRole('button', { name: /Run both/ }).click();
      await expect(page.locator('tr[data-run="full"] [data-figure="steps"]')).toHaveText('10', { timeout: 60_000 });
      await expect(page.locator('tr[data-run="mini"] [data-figure="steps"]')).toHaveText('30', { timeout: 60_000 });
    },
  },
  {
    name: 'sweep',
    route: '/sweep?n=500&warmup=1&timed=2&budget=2&target=1',
    heading: 'Where the mini-batch speed-up stops',
    train: async (page) => {
      const status = page.getByTestId('sweep-status');
      await expect(status).toHaveText('Ready', { timeout: 30_000 });
      await page.getByRole('button', { name: /Run the sweep/ }).click();
      const chart = page.locator('[aria-label="Milliseconds per step against batch size, one line per backend"] [data-points]');
      await expect.poll(async () => Number(await chart.getAttribute('data-points')), { timeout: 60_000 }).toBeGreaterThan(0);
      await expect(status).toHaveText('Ready', { timeout: 120_000 });
    },
  },
  {
    name: 'gamma',
    route: '/gamma?steps=50',
    heading: 'Recovering a Gamma concentration',
    train: async (page) => {
      await run(page);
      await expect(steps(page, 'steps')).toHaveText('50', { timeout: 30_000 });
    },
  },
  {
    name: 'bnn',
    route: '/bnn?steps=2000&patience=0&draws=50',
    heading: 'A Bayesian neural network',
    train: async (page) => {
      await run(page);
      // Trained: the step counter moves on and the heatmaps fill (the whole run is not waited for:
      // its snapshots are slow on a loaded machine).
      const step = async () => Number((await steps(page, 'step').innerText()).replace(/,/g, ''));
      await expect.poll(step, { timeout: 60_000 }).toBeGreaterThanOrEqual(20);
      await expect(page.getByTestId('predictive-note')).toContainText('after step', { timeout: 60_000 });
    },
  },
  {
    name: 'scaling',
    route: '/scaling?batches=10',
    heading: 'Batch size, gradient noise and the linear scaling rule',
    train: async (page) => {
      await expect(page.getByTestId('variance-status')).toHaveText('Ready', { timeout: 30_000 });
      await page.getByRole('button', { name: 'Measure the gradient variance' }).click();
      await expect(page.getByTestId('variance-status')).toContainText('Done', { timeout: 30_000 });
      await expect(steps(page, 'slope')).not.toHaveText('–');
    },
  },
  {
    name: 'exact-gp',
    route: '/exact-gp?n=50&steps=10&sizes=20,50&sweepBudget=10',
    heading: 'The exact GP',
    train: async (page) => {
      await run(page);
      await expect(steps(page, 'step')).toHaveText('10', { timeout: 60_000 });
      await page.getByRole('button', { name: /Run the sweep/ }).click();
      await expect(page.getByTestId('sweep-status')).toHaveText('Done', { timeout: 60_000 });
      await expect(page.getByTestId('exact-gp-wall').first()).toBeVisible();
    },
  },
  {
    name: 'elasticity',
    route: '/elasticity?products=40&categories=4&periods=10&steps=10&particles=2&shards=2&speedSteps=3',
    heading: 'Price elasticities',
    train: async (page) => {
      await run(page);
      await expect(steps(page, 'step')).toHaveText('10', { timeout: 60_000 });
      await expect(page.getByTestId('recovery-figures')).toContainText('RMSE', { timeout: 60_000 });
    },
  },
  { name: 'not-found', route: '/no-such-page', heading: 'Page not found' },
];

/** The route with `backend=<backend>` added to its query. */
export function withBackend(route: string, backend: 'cpu' | 'webgpu'): string {
  return `${route}${route.includes('?') ? '&' : '?'}backend=${backend}`;
}

/** Waits until the page's heading is shown and every chart on it has been drawn. */
export async function settled(page: Page, stop: Stop): Promise<void> {
  await expect(page.getByRole('heading', { level: 1 })).toContainText(stop.heading);
  await expect.poll(() => page.locator('.plot-figure:empty').count(), { timeout: 30_000 }).toBe(0);
  await page.evaluate(() => document.fonts.ready);
}
