// Shared fixtures for every walkthrough:
//  - the site must not contact any other origin (no CDN fonts, no analytics,
//    no model downloads): every request is checked, and the test fails on one
//    that leaves the origin;
//  - `shot(name)` saves a 1280×720 screenshot to artifacts/screenshots/ (kept across runs; Playwright empties test-results).

import { test as base, expect, type Locator, type Page } from '@playwright/test';
import path from 'node:path';

/** Schemes that never leave the machine. */
const LOCAL_SCHEMES = ['data:', 'blob:', 'about:'];

export interface Fixtures {
  /** Requests that left the origin during the test (checked automatically at the end). */
  offOrigin: string[];
  /** Saves a screenshot of the viewport as artifacts/screenshots/<name>.png. */
  shot: (name: string) => Promise<void>;
}

export const test = base.extend<Fixtures>({
  offOrigin: async ({ context, baseURL }, use) => {
    const origin = new URL(baseURL ?? 'http://localhost:4173/').origin;
    const offOrigin: string[] = [];
    // Listening on the context also catches requests made by workers.
    context.on('request', (request) => {
      const url = request.url();
      if (LOCAL_SCHEMES.some((s) => url.startsWith(s))) return;
      if (new URL(url).origin !== origin) offOrigin.push(url);
    });
    await use(offOrigin);
    expect(offOrigin, 'requests that left the origin').toEqual([]);
  },

  // Depending on offOrigin makes the check apply to every test that uses `page`.
  page: async ({ page, offOrigin }, use) => {
    void offOrigin;
    await use(page);
  },

  shot: async ({ page }, use) => {
    await use(async (name: string) => {
      await page.setViewportSize({ width: 1280, height: 720 });
      await page.screenshot({ path: path.join('artifacts', 'screenshots', `${name}.png`) });
    });
  },
});

export { expect };

/** A number a chart writes on its figure as the attribute `name` (data-points, data-band...), 0 before it is drawn. */
export async function chartAttr(page: Page, label: string, name: string): Promise<number> {
  return Number((await page.locator(`[aria-label="${label}"] [${name}]`).getAttribute(name)) ?? 0);
}

/** Opens a hash route ('/', '/svgp?b=200') on the built site. */
export async function openRoute(page: Page, route: string): Promise<void> {
  await page.goto(`./#${route}`);
}

/** The "Use your own data" box of a page, opened: what it says and how to give it a file. */
export interface OwnDataBox {
  /** The problem with the last file or paste, naming its line. */
  readonly error: Locator;
  /** The name and row count of the data in use. */
  readonly loaded: Locator;
  /** Gives the box a CSV file of this name and text, as if chosen in the file dialog. */
  upload(name: string, text: string): Promise<void>;
  /** Pastes CSV text into the box and asks the page to use it. */
  paste(text: string): Promise<void>;
}

/** Opens the page's "Use your own data" box. */
export async function openOwnData(page: Page): Promise<OwnDataBox> {
  await page.getByText('Use your own data').click();
  const file = page.getByLabel('Upload a file');
  const pasted = page.getByLabel('or paste it here');
  return {
    error: page.getByTestId('csv-error'),
    loaded: page.getByTestId('csv-loaded'),
    upload: (name, text) => file.setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text) }),
    paste: async (text) => {
      await pasted.fill(text);
      await page.getByRole('button', { name: 'Use the pasted data' }).click();
    },
  };
}
