import { expect, test } from '@playwright/test';

test('the console answers with its landing page', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Wharf' })).toBeVisible();
});
