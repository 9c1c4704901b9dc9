// One clock, everywhere: the training time a page shows is the wall-clock the learner waited for
// the steps (device time included), so it is most of the wall-clock since Run, never more, and
// steps x ms/step gives it back. Checked against the test's own stopwatch on each backend, for
// the svgp race (at least 20 s of it), for the sweep's step times and its race to a target, and
// for the elasticity page's training time over two shard workers and its speed table.

import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';

const CAP = 300_000;
/** How long the svgp race runs before it is paused. */
const RACE_MS = 20_000;

const number = (text: string) => Number(text.replace(/[,\s]|s$/g, ''));
const figure = async (l: Locator) => number(await l.innerText());

/** Asserts the page's training time against the stopwatch, and logs both for the record. */
function checkClock(what: string, training: number, wall: number): void {
  console.log(`${what}: page training time ${training.toFixed(2)} s, stopwatch ${wall.toFixed(2)} s, ratio ${(training / wall).toFixed(3)}`);
  expect(training).toBeGreaterThan(0.6 * wall);
  expect(training).toBeLessThanOrEqual(wall);
}

function closeTo(a: number, b: number, rel: number): void {
  expect(Math.abs(a - b)).toBeLessThanOrEqual(rel * Math.abs(b));
}

async function svgpRow(page: Page, run: 'full' | 'mini') {
  const cell = (name: string) => page.locator(`tr[data-run="${run}"] [data-figure="${name}"]`);
  return { steps: await figure(cell('steps')), seconds: await figure(cell('seconds')), msPerStep: (await cell('ms-per-step').innerText()) === '–' ? null : await figure(cell('ms-per-step')) };
}

/** Opens a route on the backend asked for: the CPU is forced through the page's own query string (/?backend=cpu#/svgp). */
async function open(page: Page, backend: 'webgpu' | 'cpu', route: string): Promise<void> {
  await page.goto(backend === 'cpu' ? `./?backend=cpu#${route}` : `./#${route}`);
  await expect(page.getByTestId('backend-indicator')).toContainText(backend === 'cpu' ? 'CPU — forced by ?backend=cpu' : 'WebGPU', { timeout: CAP });
}

for (const backend of ['webgpu', 'cpu'] as const) {
  test(`svgp race on ${backend}: training time against the stopwatch, and steps x ms/step`, async ({ page }) => {
    test.setTimeout(2 * CAP);
    await open(page, backend, '/svgp?fullSteps=30&miniSteps=1000000');
    const runBoth = page.getByRole('button', { name: /Run both/ });
    await expect(runBoth).toBeEnabled({ timeout: CAP });
    const t0 = Date.now();
    await runBoth.click();
    // At least 20 s of racing, with the mini-batch run going.
    await expect
      .poll(async () => Date.now() - t0 >= RACE_MS && (await svgpRow(page, 'mini')).steps > 0, { timeout: CAP, intervals: [250] })
      .toBe(true);
    await page.getByRole('button', { name: 'Pause all' }).click();
    await expect(page.getByRole('group', { name: 'mini-batch run' })).toContainText('Paused', { timeout: CAP });
    const wall = (Date.now() - t0) / 1000;
    const full = await svgpRow(page, 'full');
    const mini = await svgpRow(page, 'mini');
    expect(full.steps).toBe(30);
    checkClock(`svgp on ${backend}`, full.seconds + mini.seconds, wall);
    for (const r of [full, mini]) closeTo((r.steps * (r.msPerStep ?? 0)) / 1000, r.seconds, 0.1);
  });

  test(`sweep on ${backend}: step times and the race against the stopwatch`, async ({ page }) => {
    test.setTimeout(3 * CAP);
    // At least 20 s of each: the CPU alone needs more steps than WebGPU followed by the CPU.
    const timedSteps = backend === 'cpu' ? 40 : 20;
    await open(page, backend, `/sweep?n=${backend === 'cpu' ? 10_000 : 5000}&warmup=1&timed=${timedSteps}&budget=5&target=-2`);
    const status = page.getByTestId('sweep-status');
    await expect(status).toHaveText('Ready', { timeout: CAP });

    let t0 = Date.now();
    await page.getByRole('button', { name: /Run the sweep/ }).click();
    await expect(status).toHaveText('Measuring…');
    await expect(status).toHaveText('Ready', { timeout: CAP });
    let wall = (Date.now() - t0) / 1000;
    const timed = page.getByTestId('sweep-timed');
    await expect(timed).toHaveCount(backend === 'webgpu' ? 2 : 1);
    let training = 0;
    for (const line of await timed.all()) {
      const seconds = await figure(line.locator('[data-figure="timed-seconds"]'));
      training += seconds;
      // steps x ms/step over the table's cells gives back that backend's training time.
      const name = (await line.getAttribute('data-backend')) ?? '';
      const cells = await page.locator(`td[data-backend="${name}"]`).allInnerTexts();
      closeTo(cells.reduce((s, c) => s + (timedSteps * number(c)) / 1000, 0), seconds, 0.1);
    }
    checkClock(`sweep on ${backend}`, training, wall);

    t0 = Date.now();
    await page.getByRole('button', { name: 'Race to the target' }).click();
    await expect(status).toHaveText('Racing…');
    await expect(status).toHaveText('Ready', { timeout: CAP });
    wall = (Date.now() - t0) / 1000;
    const rows = page.getByRole('table', { name: 'Time to target by batch size' }).locator('tbody tr');
    await expect(rows).toHaveCount(5);
    training = 0;
    for (const row of await rows.all()) {
      const seconds = await figure(row.locator('[data-figure="training-seconds"]'));
      training += seconds;
      closeTo((number(await row.locator('[data-figure="steps"]').innerText()) * number(await row.locator('[data-figure="ms-per-step"]').innerText())) / 1000, seconds, 0.1);
    }
    checkClock(`race on ${backend}`, training, wall);
  });

  test(`elasticity on ${backend}: training time over two shards and the speed table against the stopwatch`, async ({ page }) => {
    test.setTimeout(3 * CAP);
    await open(page, backend, '/elasticity?steps=1000000&particles=2&shards=2&speedSteps=' + (backend === 'cpu' ? 200 : 10));
    const controls = page.getByRole('group', { name: 'Training' });
    const run = controls.getByRole('button', { name: 'Run' });
    await expect(run).toBeEnabled({ timeout: CAP });
    const t0 = Date.now();
    await run.click();
    // At least 15 s of training with steps reported, then paused: the shards' start is in the wall, not in the page's time.
    await expect
      .poll(async () => Date.now() - t0 >= 15_000 && (await page.locator('[data-figure="step"]').count()) > 0, { timeout: CAP, intervals: [250] })
      .toBe(true);
    await controls.getByRole('button', { name: 'Pause' }).click();
    await expect(controls).toContainText('Paused', { timeout: CAP });
    const wall = (Date.now() - t0) / 1000;
    checkClock(`elasticity training on ${backend}`, await figure(page.locator('[data-figure="seconds"]')), wall);
    await controls.getByRole('button', { name: 'Reset' }).click();

    // The speed table: each row's timed steps at its rate add up to less than the measurement's wall-clock.
    const t1 = Date.now();
    await page.getByRole('button', { name: 'Measure steps per second' }).click();
    await expect(page.getByTestId('speed-status')).toHaveText('Done', { timeout: 2 * CAP });
    const measured = (Date.now() - t1) / 1000;
    const rows = page.getByRole('table', { name: /Steps per second for each number of shards/ }).locator('tbody tr');
    let timed = 0;
    for (const row of await rows.all()) timed += (backend === 'cpu' ? 200 : 10) / (await figure(row.locator('[data-figure="steps-per-second"]')));
    console.log(`elasticity speed table on ${backend}: timed steps ${timed.toFixed(2)} s of a ${measured.toFixed(2)} s measurement`);
    expect(timed).toBeGreaterThan(0);
    expect(timed).toBeLessThanOrEqual(measured);
  });
}
