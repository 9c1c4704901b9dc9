// Every page on a phone (390 x 844): the page itself never scrolls sideways, before a run and
// after one; wide tables and display equations scroll inside their own box instead. A full-page
// screenshot of each is saved as artifacts/screenshots/<page>-phone.png.

import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, openRoute, test } from './fixtures';
import { settled, TOUR, withBackend } from './tour';

const PHONE = { width: 390, height: 844 };

test.use({ viewport: PHONE });

/** How far the page is wider than the viewport, and the widest elements that reach past it (for the message). */
async function sideways(page: Page): Promise<{ scrollWidth: number; viewport: number; culprits: string[] }> {
  expect(page.viewportSize()?.width).toBe(PHONE.width);
  return page.evaluate(() => {
    const viewport = window.innerWidth;
    const culprits: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>('body *')) {
      const box = el.getBoundingClientRect();
      if (box.right <= viewport + 0.5 || box.width === 0) continue;
      // Reaching past the viewport inside a box that scrolls or clips (and itself fits) is fine.
      let inner = false;
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        if (getComputedStyle(p).overflowX !== 'visible' && p.getBoundingClientRect().right <= viewport + 0.5) {
          inner = true;
          break;
        }
      }
      if (!inner) culprits.push(`${el.tagName.toLowerCase()}.${String(el.className)} to ${Math.round(box.right)} px`);
    }
    return { scrollWidth: document.documentElement.scrollWidth, viewport, culprits: culprits.slice(0, 8) };
  });
}

async function expectNoSidewaysScroll(page: Page, when: string): Promise<void> {
  const s = await sideways(page);
  expect(s.scrollWidth, `${when}: the page is ${s.scrollWidth} px wide in a ${s.viewport} px viewport; wide: ${s.culprits.join('; ')}`).toBeLessThanOrEqual(s.viewport);
}

for (const stop of TOUR) {
  test(`${stop.name} fits a 390 px phone without sideways scrolling`, async ({ page }) => {
    test.setTimeout(120_000);
    await openRoute(page, withBackend(stop.route, 'cpu'));
    await settled(page, stop);
    await expectNoSidewaysScroll(page, 'as opened');
    if (stop.train) {
      await stop.train(page);
      await settled(page, stop);
      await expectNoSidewaysScroll(page, 'after a short run');
    }
    await page.screenshot({ path: path.join('artifacts', 'screenshots', `${stop.name}-phone.png`), fullPage: true });
  });
}

test('a wide display equation scrolls inside its own box on a phone', async ({ page }) => {
  await openRoute(page, '/bnn?backend=cpu');
  const equation = page.locator('.prose > .katex-display').first();
  await expect(equation).toBeVisible();
  const box = await equation.evaluate((e) => ({ scrollWidth: e.scrollWidth, clientWidth: e.clientWidth, overflowX: getComputedStyle(e).overflowX }));
  expect(box.scrollWidth).toBeGreaterThan(box.clientWidth);
  expect(box.overflowX).toBe('auto');
  await expectNoSidewaysScroll(page, 'with a wide equation');
});
