// The elasticity page: a short data-parallel training run over two shard workers fills the loss
// chart, the recovery scatter and the table of guides, and a short speed measurement fills the
// table of steps per second, on WebGPU and with the CPU forced (small data: WebGPU is software
// here); your own CSV data without a truth, and bad URL values named with their range.

import { chartAttr as attr, expect, openOwnData, openRoute, test } from './fixtures';

/** Waits sized for a loaded two-core machine with WebGPU in software: they wait for conditions, never durations. */
const CAP = 180_000;
const QUICK = 'products=40&categories=4&periods=10&steps=20&particles=2&shards=2&speedSteps=4';
const LOSS_CHART = "Negative importance-weighted bound in thousands against step";
const RECOVERY_CHART = "Posterior mean of each product's elasticity against its true value, with 90 percent intervals and the line y = x";
const SHRINKAGE_CHART = "Each product's posterior elasticity in its category's column, the true values beside them, and each category's posterior and true mean as a bar";

for (const backend of ['webgpu', 'cpu'] as const) {
  test(`elasticity page on ${backend}: two shards train, the loss and the recovery fill, a short speed measurement fills its table`, async ({ page, shot }) => {
    test.setTimeout(3 * CAP);
    await openRoute(page, `/elasticity?${QUICK}${backend === 'cpu' ? '&backend=cpu' : ''}`);
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Price elasticities');
    await expect(page.getByTestId('backend-indicator')).toContainText(backend === 'cpu' ? 'CPU' : 'WebGPU', { timeout: CAP });
    await expect(page.getByTestId('hierarchy')).toContainText('Products: 40');
    await expect(page.getByTestId('hierarchy')).toContainText('Observations: 400');
    await page.getByTestId('hierarchy').scrollIntoViewIfNeeded();
    await shot(`elasticity-${backend}-hierarchy`);

    const controls = page.getByRole('group', { name: 'Training' });
    const run = controls.getByRole('button', { name: 'Run' });
    await expect(run).toBeEnabled({ timeout: CAP });
    await run.click();
    await expect(controls.getByText('Finished')).toBeVisible({ timeout: CAP });
    await expect.poll(() => attr(page, LOSS_CHART, 'data-points'), { timeout: CAP }).toBe(20);
    await expect(page.locator('[data-figure="step"]')).toHaveText('20');
    await expect(page.getByTestId('elasticity-figures')).toContainText('2 shards');
    expect(Number.isFinite(Number((await page.locator('[data-figure="loss"]').innerText()).replace(/,/g, '')))).toBe(true);
    await expect.poll(() => attr(page, RECOVERY_CHART, 'data-products'), { timeout: CAP }).toBe(40);
    await expect(page.getByTestId('recovery-figures')).toContainText(/RMSE [\d.]+; 90 percent intervals hold the truth for \d+ %/);
    await expect(page.getByTestId('shrinkage-note')).toContainText(/spread [\d.]+ times as much/);
    const guides = page.getByRole('table', { name: /Coverage, error and final loss/ });
    await expect(guides.locator('tr[data-guide="meanfield"] [data-figure="coverage"]')).toHaveText(/^\d+ %$/);
    await page.getByLabel(LOSS_CHART).scrollIntoViewIfNeeded();
    await shot(`elasticity-${backend}-training`);
    await page.getByLabel(RECOVERY_CHART).scrollIntoViewIfNeeded();
    await shot(`elasticity-${backend}-recovery`);
    await page.getByLabel(SHRINKAGE_CHART).scrollIntoViewIfNeeded();
    await shot(`elasticity-${backend}-shrinkage`);

    const cores = await page.evaluate(() => navigator.hardwareConcurrency || 1);
    const counts = [1, 2, 4].filter((c) => c === 1 || c <= cores);
    await page.getByRole('button', { name: 'Measure steps per second' }).click();
    await expect(page.getByTestId('speed-status')).toHaveText('Done', { timeout: 2 * CAP });
    const speed = page.getByRole('table', { name: /Steps per second for each number of shards/ });
    await expect(speed.locator('tbody tr')).toHaveCount(counts.length);
    for (const c of counts) {
      const sps = Number(await speed.locator(`tr[data-shards="${c}"] [data-figure="steps-per-second"]`).innerText());
      expect(sps).toBeGreaterThan(0);
      await expect(speed.locator(`tr[data-shards="${c}"] [data-figure="hours"]`)).toHaveText(/^[\d.,]+ h$/);
    }
    await expect(page.getByRole('table', { name: /The source's times/ })).toContainText('about 41 min');
    await speed.scrollIntoViewIfNeeded();
    await shot(`elasticity-${backend}-speed`);
  });
}

test('elasticity page: your own rows train without a truth, a malformed file is refused, bad URL values are named with their range', async ({ page }) => {
  test.setTimeout(CAP);
  await openRoute(page, '/elasticity?backend=cpu&steps=5&particles=2&shards=2');
  const own = await openOwnData(page);
  await own.paste('product,category,period,log_price,units\n0,0,0,0.1,5\n0,1,1,0.2,4');
  await expect(own.error).toContainText(/product 0 is in category 1/);
  const rows = ['product,category,period,log_price,units'];
  for (let p = 0; p < 6; p++) for (let t = 0; t < 5; t++) rows.push(`${p},${p % 2},${t},${(0.1 * ((p + t) % 3) - 0.1).toFixed(2)},${3 + ((p * 7 + t * 3) % 9)}`);
  await own.paste(rows.join('\n'));
  await expect(own.loaded).toContainText('30 rows');
  await expect(page.getByTestId('hierarchy')).toContainText('Products: 6');
  const controls = page.getByRole('group', { name: 'Training' });
  await controls.getByRole('button', { name: 'Run' }).click();
  await expect(controls.getByText('Finished')).toBeVisible({ timeout: CAP });
  await expect(page.getByTestId('recovery-figures')).toContainText('without known elasticities');
  await expect(page.locator('tr[data-guide="meanfield"] [data-figure="coverage"]')).toHaveText('–');

  await openRoute(page, '/elasticity?products=1&guide=full');
  const alert = page.getByRole('alert').first();
  await expect(alert).toContainText('products = 1 is out of range: allowed 2 to 100000');
  await expect(alert).toContainText(/guide = full .*allowed meanfield, structured/);
});
