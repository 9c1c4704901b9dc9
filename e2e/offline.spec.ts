// Offline after the first visit: one visit stores the whole site (a service worker precaches
// every built file); with the network off, every page then opens, both from the page that was
// already open and as a fresh load, and trains. A new build shows a notice and waits for the
// learner. Without the stored site, a page whose code cannot be fetched says so and retries.

import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';
import { expect, openRoute, test } from './fixtures';
import { serveSite } from './siteServer';
import { settled, TOUR, withBackend } from './tour';

/** Every file of the built site, as a path relative to its root ('assets/x.js'), less the service worker's own. */
function builtFiles(dir = 'dist', prefix = ''): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    const rel = `${prefix}${name}`;
    if (statSync(full).isDirectory()) return builtFiles(full, `${rel}/`);
    return rel === 'sw.js' || /^workbox-[\w-]+\.js$/.test(rel) ? [] : [rel];
  });
}

/** Waits until a service worker controls the page, which happens once it has stored every file. */
async function waitForServiceWorker(page: Page): Promise<void> {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 60_000 });
  await expect(page.getByTestId('offline-saved')).toBeVisible();
}

/** Paths (relative to the site's root) of everything in the page's caches. */
async function cachedFiles(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const root = new URL('./', location.href).pathname;
    const out: string[] = [];
    for (const name of await caches.keys()) {
      for (const request of await (await caches.open(name)).keys()) out.push(new URL(request.url).pathname.slice(root.length));
    }
    return out;
  });
}

/** Failed fetches of page code, as the console reports them. */
function watchImportFailures(context: BrowserContext): string[] {
  const failures: string[] = [];
  context.on('console', (m) => {
    if (/dynamically imported module|Importing a module script failed/.test(m.text())) failures.push(m.text());
  });
  return failures;
}

test('after one visit, every page opens and trains with the network off', async ({ page, context }) => {
  test.setTimeout(300_000);
  const failures = watchImportFailures(context);
  await openRoute(page, '/');
  await waitForServiceWorker(page);
  const cached = await cachedFiles(page);
  const missing = builtFiles().filter((f) => !cached.includes(f));
  expect(missing, 'built files that were not stored for offline use').toEqual([]);

  await context.setOffline(true);
  expect(await page.evaluate(() => navigator.onLine)).toBe(false);

  // The page that was open before the drop reaches every other page, none of which it had loaded.
  for (const stop of TOUR) {
    await openRoute(page, withBackend(stop.route, 'cpu'));
    await settled(page, stop);
  }

  // Each page also opens as a fresh load (the address typed again, with the network still off) and trains.
  for (const stop of TOUR) {
    const tab = await context.newPage();
    await openRoute(tab, withBackend(stop.route, 'cpu'));
    await settled(tab, stop);
    await expect(tab.getByTestId('backend-indicator')).toContainText('CPU');
    if (stop.train) await stop.train(tab);
    await tab.close();
  }

  // The page query string form of the address, too.
  await page.goto('./?backend=cpu#/gamma?steps=20');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Recovering a Gamma concentration');
  expect(failures).toEqual([]);
});

test('from a sub-path, a new build is announced, and the page reloads into it only when asked', async ({ browser }) => {
  test.setTimeout(120_000);
  // The site as a course would host it, at /course/; a deployment changes its service worker.
  let build = 1;
  const site = await serveSite('dist', 'course', (file, body) => (file === 'sw.js' && build > 1 ? Buffer.concat([body, Buffer.from(`\n// build ${build}\n`)]) : body));
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(`${site.url}#/gamma?backend=cpu`);
    await waitForServiceWorker(page);
    // The service worker lives beside the page, whatever the sub-path, and covers it.
    expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.scope)).toBe(site.url);
    expect(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)).toBe(`${site.url}sw.js`);
    const waiting = () => page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.waiting != null);

    build = 2;
    await page.evaluate(async () => {
      await (await navigator.serviceWorker.getRegistration())?.update();
    });
    const notice = page.getByTestId('update-notice');
    await expect(notice).toBeVisible({ timeout: 60_000 });
    await expect(notice).toContainText('A new version of this course is ready');
    expect(await waiting()).toBe(true);
    await page.screenshot({ path: path.join('artifacts', 'screenshots', 'update-notice.png') });

    // "Later" leaves the page and the old build as they are; the next load asks again.
    await notice.getByRole('button', { name: 'Later' }).click();
    await expect(notice).toBeHidden();
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Recovering a Gamma concentration');
    expect(await waiting()).toBe(true);
    await page.reload();
    await expect(notice).toBeVisible({ timeout: 60_000 });

    // "Reload now" switches to the new build.
    const reloaded = page.waitForEvent('load');
    await notice.getByRole('button', { name: 'Reload now' }).click();
    await reloaded;
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Recovering a Gamma concentration');
    await expect(notice).toBeHidden();
    expect(await waiting()).toBe(false);
    expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
  } finally {
    await context.close();
    await site.close();
  }
});

test.describe('without the stored site', () => {
  test.use({ serviceWorkers: 'block' });

  test('a page whose code cannot be fetched says so, and loads once the network is back', async ({ page, context, shot }) => {
    test.setTimeout(60_000);
    await openRoute(page, '/?backend=cpu');
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Variational inference');
    await context.setOffline(true);
    await page.getByRole('navigation', { name: 'Notebooks' }).getByRole('link', { name: 'A Gamma concentration by SVI' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'This page could not be loaded' });
    await expect(alert).toBeVisible();
    await expect(alert.getByRole('button', { name: 'Try again' })).toBeVisible();
    await shot('page-load-failed');
    // The navigation still works while the page is missing.
    await expect(page.getByRole('navigation', { name: 'Notebooks' })).toBeVisible();

    // Trying again while still offline fails the same way, and says so again.
    await alert.getByRole('button', { name: 'Try again' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'This page could not be loaded' })).toBeVisible();

    // Back online, the page loads by itself, without a reload.
    await context.setOffline(false);
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Recovering a Gamma concentration', { timeout: 30_000 });
    await expect(page.getByRole('alert').filter({ hasText: 'This page could not be loaded' })).toHaveCount(0);
  });
});
