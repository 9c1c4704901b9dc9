// The sweep page: time a few steps for every batch size, on each backend the
// browser offers, then race a few batch sizes to an easy target.

import { expect, openRoute, test } from './fixtures';

const QUICK = 'n=1000&warmup=1&timed=3&budget=3&target=1';
const BATCHES = [32, 64, 128, 256, 512, 1000];

for (const backend of ['webgpu', 'cpu'] as const) {
  test(`sweep page on ${backend}: every batch size gets a positive time per step`, async ({ page, shot }) => {
    test.setTimeout(400_000);
    await openRoute(page, `/sweep?${QUICK}${backend === 'cpu' ? '&backend=cpu' : ''}`);
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Where the mini-batch speed-up stops');
    await expect(page.getByTestId('sweep-status')).toHaveText('Ready', { timeout: 150_000 });
    await page.getByRole('button', { name: /Run the sweep/ }).click();

    const chart = page.locator('[aria-label="Milliseconds per step against batch size, one line per backend"] [data-points]');
    await expect.poll(async () => Number(await chart.getAttribute('data-points')), { timeout: 150_000 }).toBeGreaterThan(0);
    await expect(page.getByTestId('sweep-status')).toHaveText('Ready', { timeout: 150_000 });

    const table = page.getByRole('table', { name: 'Milliseconds per step by batch size and backend' });
    const columns = await table.locator('thead th').count();
    // One column of batch sizes plus one per backend measured.
    expect(columns).toBeGreaterThanOrEqual(2);
    for (const b of BATCHES) {
      const cells = table.locator(`tr[data-batch="${b}"] td`);
      await expect(cells).toHaveCount(columns - 1);
      for (const text of await cells.allInnerTexts()) expect(Number(text)).toBeGreaterThan(0);
    }
    await expect(page.getByText(/the step time stays within 1.5× of its fastest up to/).first()).toBeVisible();

    await page.getByRole('button', { name: 'Race to the target' }).click();
    const race = page.getByRole('table', { name: 'Time to target by batch size' });
    await expect(race.locator('tbody tr')).toHaveCount(4, { timeout: 150_000 });
    await expect(page.getByTestId('sweep-status')).toHaveText('Ready', { timeout: 150_000 });
    await expect(page.getByText(/Fastest to the target so far/)).toBeVisible();
    await chart.scrollIntoViewIfNeeded();
    await shot(`sweep-${backend}`);
  });
}
