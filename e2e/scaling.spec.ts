// The scaling page: run each of the five experiments with small settings, watch its chart fill,
// and check the printed figures: the variance slope near -1, the stability limit and the
// break-down point, and accumulation agreeing to rounding; on the default backend and on the CPU.

import { expect, openRoute, test } from './fixtures';
import type { Locator, Page } from '@playwright/test';

/**
 * Fewer epochs, and few network updates (about 60: on WebGPU in software one update of the
 * network takes tens of milliseconds), so that the whole walkthrough takes seconds.
 */
const QUICK = 'sgdEpochs=6&ruleEpochs=10&bnnB=64&bnnMaxK=4&bnnEpochs=2';

function chart(page: Page, label: string): Locator {
  return page.locator(`[aria-label="${label}"]`);
}

async function pointsIn(page: Page, label: string): Promise<number> {
  return Number((await chart(page, label).locator('[data-points]').getAttribute('data-points')) ?? 0);
}

/** Waits sized for a loaded two-core machine with WebGPU in software: they wait for conditions, never durations. */
const CAP = 150_000;

async function runAndWait(page: Page, id: string, button: string | RegExp, timeout = CAP): Promise<void> {
  await page.getByRole('button', { name: button }).click();
  await expect(page.getByTestId(`${id}-status`)).toContainText('Done', { timeout });
}

/** Puts an element at the top of the 1280x720 viewport for a screenshot. */
async function toTop(locator: Locator): Promise<void> {
  await locator.evaluate((e) => e.scrollIntoView({ block: 'start' }));
}

const number = (text: string) => Number(text.replace(/−/g, '-').replace(/,/g, ''));

for (const backend of ['webgpu', 'cpu'] as const) {
  test(`scaling page on ${backend}: all five experiments run and print their figures`, async ({ page, shot }) => {
    test.setTimeout(4 * CAP);
    await openRoute(page, `/scaling?${QUICK}${backend === 'cpu' ? '&backend=cpu' : ''}`);
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Batch size, gradient noise and the linear scaling rule');
    await expect(page.getByTestId('backend-indicator')).toContainText(backend === 'cpu' ? 'CPU' : /WebGPU|CPU/);
    await expect(page.getByTestId('variance-status')).toHaveText('Ready', { timeout: CAP });

    // 1. Gradient variance: eleven batch sizes, slope near -1.
    const variance = 'Gradient variance against batch size on log-log axes, measured points and the sigma squared over B line';
    await runAndWait(page, 'variance', 'Measure the gradient variance');
    await expect.poll(() => pointsIn(page, variance)).toBe(11);
    const slope = number(await page.locator('[data-figure="slope"]').innerText());
    expect(Math.abs(slope + 1)).toBeLessThan(0.15);
    await toTop(page.locator('figcaption', { hasText: 'Gradient variance against batch size' }));
    await shot(`scaling-${backend}-variance`);

    // 2. SGD with three batch sizes: 3 x (6 + 1) points per chart, a final error for each.
    const sgd = 'Full loss against epoch for mini-batch SGD with three batch sizes';
    await runAndWait(page, 'sgd', /Train with B = 16, 64, 256/);
    await expect.poll(() => pointsIn(page, sgd)).toBe(21);
    const errors = await page.locator('tr[data-sgd-batch] [data-figure="final-error"]').allInnerTexts();
    expect(errors).toHaveLength(3);
    for (const e of errors) expect(number(e)).toBeGreaterThan(0);
    await toTop(page.locator('figcaption', { hasText: 'Loss against epochs' }).first());
    await shot(`scaling-${backend}-sgd`);

    // 3. The rule at the notebook's base rate: nothing reaches 2/L ...
    const rule = 'Full loss against epoch for each pair of batch size kB and learning rate k eta';
    await runAndWait(page, 'rule', /Run k = 1 to 64/);
    await expect.poll(() => pointsIn(page, rule)).toBe(7 * 11);
    const limit = number(await page.locator('[data-figure="stability-limit"]').innerText());
    expect(limit).toBeGreaterThan(1.5);
    expect(limit).toBeLessThan(2.5);
    await expect(page.getByTestId('rule-verdict')).toContainText('No run reaches the limit');
    // ... then at a base rate the page suggests, k = 64 is past the limit and is stopped.
    await page.getByRole('button', { name: 'Run again with η = 0.05' }).click();
    await expect(page.getByLabel('Base learning rate η')).toHaveValue('0.05');
    await expect(page.getByTestId('rule-verdict')).toContainText('Break-down point: k = 32 is the largest k here');
    // Stopped with a label, never NaN; warm-up only postpones the blow-up on this quadratic loss.
    await expect(page.locator('tr[data-k="64"]')).toContainText('✕ epoch');
    await expect(page.locator('tr[data-k="64"]')).toContainText('postponed');
    await expect(page.locator('tr[data-k="32"]')).not.toContainText('✕');
    await expect(page.getByRole('table', { name: 'Scaling-rule runs' })).not.toContainText('NaN');
    await page.getByLabel('Show the runs with linear warm-up').check();
    const warmTitle = page.locator('figcaption', { hasText: 'Loss against epochs, with linear warm-up' });
    await expect(warmTitle).toBeVisible();
    await toTop(warmTitle);
    await shot(`scaling-${backend}-rule`);
    await toTop(page.getByText('Where the rule breaks: final loss against k'));
    await shot(`scaling-${backend}-breakdown`);
    await toTop(page.getByRole('table', { name: 'Scaling-rule runs' }));
    await shot(`scaling-${backend}-rule-table`);

    // 4. Accumulation: the same gradient to rounding, below 1e-5 in float32.
    const accumulation = 'Largest difference between the accumulated and the one-batch gradient against the number of micro-batches K';
    await runAndWait(page, 'accumulation', 'Compare accumulated and one-batch gradients');
    await expect.poll(() => pointsIn(page, accumulation)).toBe(12);
    const f32 = number(await page.locator('[data-figure="acc-f32"]').innerText());
    const f64 = number(await page.locator('[data-figure="acc-f64"]').innerText());
    expect(f32).toBeLessThan(1e-5);
    expect(f64).toBeLessThan(1e-12);
    await expect(page.getByTestId('accumulation-verdict')).toContainText('(below 1e−5)');
    await toTop(page.locator('figcaption', { hasText: 'Accumulation against one big batch' }));
    await shot(`scaling-${backend}-accumulation`);

    // 5. The rule on the Bayesian network: k = 1, 2, 4, two epochs each (and the start).
    const bnn = 'Negative ELBO per training point against epoch for each pair of batch size kB and learning rate k eta';
    await page.getByRole('button', { name: 'Train the network for every k' }).click();
    await expect.poll(() => pointsIn(page, bnn), { timeout: CAP }).toBeGreaterThan(0);
    await expect(page.getByTestId('bnn-status')).toContainText('Done', { timeout: CAP });
    await expect.poll(() => pointsIn(page, bnn)).toBe(3 * 3);
    await expect(page.getByTestId('bnn-verdict')).toContainText(/every run up to k = \d+ ends within 10%/);
    await expect(page.getByText(/Computed in a background worker on (WebGPU|the CPU) in float(32|64) \(engine tensors/)).toBeVisible();
    await toTop(page.locator('figcaption', { hasText: 'Bayesian network: −ELBO per point' }));
    await shot(`scaling-${backend}-bnn`);
  });
}

test('an invalid URL parameter is refused with the allowed range', async ({ page, shot }) => {
  await openRoute(page, '/scaling?batches=5&maxK=7&micro=512&backend=cpu');
  const alert = page.getByRole('alert').first();
  await expect(alert).toContainText('batches = 5 is out of range: allowed 10 to 10000');
  await expect(alert).toContainText('maxK = 7 is not one of the choices: allowed 8, 16, 32, 64, 128, 256');
  await expect(alert).toContainText('micro × microBatch = 16384 is more than the N = 10000 data points');
  await expect(page.getByRole('button', { name: 'Measure the gradient variance' })).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Train the network for every k' })).toBeDisabled();
  await shot('scaling-invalid-url');
});
