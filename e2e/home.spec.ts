import { expect, openRoute, test } from './fixtures';

test.describe('home page', () => {
  test('introduces the course and shows the WebGPU adapter', async ({ page, shot }) => {
    await openRoute(page, '/');
    await expect(page).toHaveTitle('Scalable variational inference, live');
    await expect(page.getByRole('link', { name: 'Scalable variational inference, live' })).toBeVisible();
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Variational inference');
    await expect(page.getByText('evidence lower bound')).toBeVisible();
    // The ELBO is typeset by KaTeX (fonts bundled, so no request leaves the origin).
    await expect(page.locator('.katex-display').first()).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Notebooks' })).toBeVisible();

    const indicator = page.getByTestId('backend-indicator');
    await expect(indicator).toContainText(/WebGPU — \S/);
    await page.evaluate(() => document.fonts.ready);
    await shot('home');
  });

  test('shows the CPU when ?backend=cpu forces it', async ({ page, shot }) => {
    await openRoute(page, '/?backend=cpu');
    const indicator = page.getByTestId('backend-indicator');
    await expect(indicator).toContainText('CPU');
    await expect(indicator).toContainText('forced');
    await shot('home-cpu');
  });

  test('reports an invalid global parameter by name, with the allowed values', async ({ page }) => {
    await openRoute(page, '/?backend=gpu');
    await expect(page.getByRole('alert')).toContainText(
      'backend = gpu is not one of the choices: allowed auto, webgpu, cpu',
    );
  });

  test('an unknown route says so and links home', async ({ page, shot }) => {
    await openRoute(page, '/no-such-page');
    await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
    await expect(page.getByText('/no-such-page')).toBeVisible();
    await shot('not-found');
    await page.getByRole('link', { name: 'Back to the list of notebooks' }).click();
    await expect(page.getByRole('heading', { name: 'Notebooks' })).toBeVisible();
    expect(new URL(page.url()).hash).toBe('#/');
  });
});
