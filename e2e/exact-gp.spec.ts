// The exact-gp page: train the exact GP for a few steps and watch the band and the loss fill,
// run a short size sweep (small sizes: WebGPU is software here) that draws points and prints the
// wall, on WebGPU and with the CPU forced; bring-your-own data and a bad URL parameter.

import { chartAttr as attr, expect, openOwnData, openRoute, test } from './fixtures';

/** Waits sized for a loaded two-core machine with WebGPU in software: they wait for conditions, never durations. */
const CAP = 150_000;
const QUICK = 'n=60&steps=20&sizes=20,50,100&sweepBudget=20';
const LOSS_CHART = 'Negative log marginal likelihood per point against step';
const HYPER_CHART = 'Outputscale, lengthscale, noise variance and constant mean against step';
const FIT_CHART = 'The data, the posterior mean and its band of two standard deviations';
const COST_CHART = 'Milliseconds per training step against N on log-log axes, one line per backend and gradient path, with a line of slope 3';

for (const backend of ['webgpu', 'cpu'] as const) {
  test(`exact-gp page on ${backend}: the band and the loss fill, a short sweep draws points and prints the wall`, async ({ page, shot }) => {
    test.setTimeout(3 * CAP);
    await openRoute(page, `/exact-gp?${QUICK}${backend === 'cpu' ? '&backend=cpu' : ''}`);
    await expect(page.getByRole('heading', { level: 1 })).toContainText('The exact GP');
    await expect.poll(() => attr(page, FIT_CHART, 'data-dots'), { timeout: CAP }).toBe(60);

    const controls = page.getByRole('group', { name: 'Training' });
    const run = controls.getByRole('button', { name: 'Run' });
    await expect(run).toBeEnabled({ timeout: CAP });
    await run.click();
    await expect(controls.getByText('Finished')).toBeVisible({ timeout: CAP });
    await expect.poll(() => attr(page, LOSS_CHART, 'data-points'), { timeout: CAP }).toBe(20);
    await expect.poll(() => attr(page, HYPER_CHART, 'data-points'), { timeout: CAP }).toBe(80);
    await expect.poll(() => attr(page, FIT_CHART, 'data-band'), { timeout: CAP }).toBe(200);
    await expect(page.locator('[data-figure="step"]')).toHaveText('20');
    expect(Number.isFinite(Number(await page.locator('[data-figure="loss"]').innerText()))).toBe(true);
    await page.getByLabel(FIT_CHART).scrollIntoViewIfNeeded();
    await shot(`exact-gp-${backend}-fit`);
    await page.getByLabel(LOSS_CHART).scrollIntoViewIfNeeded();
    await shot(`exact-gp-${backend}-training`);

    await page.getByRole('button', { name: /Run the sweep/ }).click();
    await expect(page.getByTestId('sweep-status')).toHaveText('Done', { timeout: CAP });
    // Three sizes on two paths on each backend measured (WebGPU, then the CPU).
    const curves = backend === 'webgpu' ? 2 : 1;
    await expect.poll(() => attr(page, COST_CHART, 'data-points'), { timeout: CAP }).toBe(curves * 6 + 2);
    const table = page.getByRole('table', { name: /Time per step on both paths and the saving/ });
    await expect(table.locator('tbody tr')).toHaveCount(curves * 3);
    await expect(table.locator('tr[data-n="50"] td').last()).toContainText('13–44 %');
    const walls = page.getByTestId('exact-gp-wall');
    await expect(walls).toHaveCount(curves);
    await expect(walls.first()).toContainText(/one exact step on the fused path costs more .*N = [\d,]+/);
    await expect(walls.first()).toContainText(/One N × N matrix there takes [\d.]+ [kMGT]?B/);
    await expect(page.locator('.exact-gp-wall').getByRole('link', { name: 'mini-batch sparse variational GP' })).toHaveAttribute('href', backend === 'cpu' ? '#/svgp?backend=cpu' : '#/svgp');
    await page.getByLabel(COST_CHART).scrollIntoViewIfNeeded();
    await shot(`exact-gp-${backend}-cost`);
    await walls.first().scrollIntoViewIfNeeded();
    await shot(`exact-gp-${backend}-wall`);
  });
}

test('exact-gp page: your own x,y data, a malformed file refused, a bad URL value named with its range', async ({ page }) => {
  test.setTimeout(CAP);
  await openRoute(page, '/exact-gp?backend=cpu&steps=5');
  const own = await openOwnData(page);
  await own.paste('x,y\n0.1,0.3\n0.5,oops');
  await expect(own.error).toContainText(/pasted data: .*line 3/);
  await own.paste('x,y\n0.1,0.3\n0.4,0.9\n0.7,-0.8\n0.9,-0.2');
  await expect(own.loaded).toContainText('4 rows');
  await expect.poll(() => attr(page, FIT_CHART, 'data-dots')).toBe(4);
  const controls = page.getByRole('group', { name: 'Training' });
  await controls.getByRole('button', { name: 'Run' }).click();
  await expect(controls.getByText('Finished')).toBeVisible({ timeout: CAP });
  await expect.poll(() => attr(page, FIT_CHART, 'data-band'), { timeout: CAP }).toBe(200);

  await openRoute(page, '/exact-gp?sizes=1,abc');
  await expect(page.getByRole('alert').first()).toContainText(/sizes = 1,abc .*allowed/);
});
