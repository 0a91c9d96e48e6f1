// The log view as tests read it: its line rows and the count it shows.
import type { Page } from '@playwright/test';

export const logLines = (page: Page) => page.getByTestId('logs-lines').locator('[data-line]');

export async function logLineCount(page: Page): Promise<number> {
  const text = (await page.getByTestId('logs-count').textContent()) ?? '';
  return Number(/[\d,]+/.exec(text)?.[0]?.replace(/,/g, '') ?? 0);
}
