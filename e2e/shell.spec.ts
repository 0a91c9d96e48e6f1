// The console shell end to end: every demo user sees exactly their projects in the sidebar and the
// palette (English and Chinese) and nothing of other projects in the page; 403 and 404 pages; the
// palette, theme, account menu and cluster switcher by keyboard and mouse; axe on home and project.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { kubectl, signIn } from './support/session';

/** Project names with a namespace on either cluster, as the platform admin sees them. */
function allProjects(): string[] {
  const names = new Set<string>();
  for (const context of ['dev-cluster', 'prod-cluster']) {
    const out = kubectl(
      context,
      'get',
      'namespaces',
      '-l',
      'wharf.io/project',
      '-o',
      'jsonpath={range .items[*]}{.metadata.labels.wharf\\.io/project}{"\\n"}{end}',
    );
    for (const line of out.split('\n')) if (line.trim()) names.add(line.trim());
  }
  return [...names].sort((a, b) => a.localeCompare(b));
}

const PROJECTS: Record<string, string[] | 'all'> = {
  alice: ['ai'],
  bob: ['ai'],
  hana: ['haierpsi'],
  victor: ['haierpsi'],
  olivia: ['ai', 'haierpsi'],
  admin: 'all',
};

// Namespaces of each seeded project: a user outside the project must find none of them in the page.
const NAMESPACES: Record<string, string[]> = {
  ai: ['ai-test', 'ai-preview', 'ai-prod'],
  haierpsi: ['haierpsi-foo-dev', 'haierpsi-bar-dev', 'haierpsi-foo-prod', 'haierpsi-bar-prod'],
};

const TEXT = {
  en: { nav: 'Main navigation', palette: 'Command palette', account: 'Account', theme: 'Theme' },
  zh: { nav: '主导航', palette: '命令面板', account: '账户', theme: '主题' },
} as const;

/** Opens the palette with its shortcut (pressed again until the page has hydrated and listens). */
async function openPalette(page: Page, lang: 'en' | 'zh' = 'en') {
  const palette = page.getByRole('dialog', { name: TEXT[lang].palette });
  await expect(async () => {
    if (!(await palette.isVisible())) await page.keyboard.press('ControlOrMeta+k');
    await expect(palette).toBeVisible({ timeout: 1000 });
  }).toPass();
  return palette;
}

function sidebarProjects(page: Page, lang: 'en' | 'zh') {
  return page.getByRole('navigation', { name: TEXT[lang].nav }).getByTestId('sidebar-project');
}

test.describe('projects per user', () => {
  for (const [username, visible] of Object.entries(PROJECTS)) {
    for (const lang of ['en', 'zh'] as const) {
      test(`${username} sees exactly their projects (${lang})`, async ({ page }) => {
        const expected = visible === 'all' ? allProjects() : visible;
        await signIn(page, username, lang);
        const res = await page.goto('/');
        await expect(page.locator('html')).toHaveAttribute('lang', lang === 'zh' ? 'zh-CN' : 'en');
        await expect(sidebarProjects(page, lang)).toHaveText(expected);
        await expect(page.getByTestId('project-card').getByRole('heading')).toHaveText(expected);

        const palette = await openPalette(page, lang);
        await expect(palette.getByTestId('palette-project-name')).toHaveText(expected);
        await page.keyboard.press('Escape');
        await expect(palette).toBeHidden();

        // nothing of another project anywhere: HTML as sent, and the live DOM with the palette open
        const hidden = Object.entries(NAMESPACES)
          .filter(([project]) => !expected.includes(project))
          .flatMap(([project, namespaces]) => [`/projects/${project}`, ...namespaces]);
        const html = (await res?.text()) ?? '';
        await openPalette(page, lang);
        const dom = await page.content();
        for (const name of hidden) {
          expect(html).not.toContain(name);
          expect(dom).not.toContain(name);
        }
      });
    }
  }
});

test.describe('403 and 404', () => {
  test('a project the user may not see is a 403 page naming none of its namespaces', async ({
    page,
  }) => {
    await signIn(page, 'victor');
    const res = await page.goto('/projects/ai');
    await expect(page.getByTestId('forbidden')).toBeVisible();
    await expect(
      page.getByRole('heading', { name: 'You do not have access to this project' }),
    ).toBeVisible();
    const html = (await res?.text()) ?? '';
    for (const ns of NAMESPACES.ai ?? []) expect(html).not.toContain(ns);
    expect(await page.content()).not.toContain('ai-test');
    await page.getByRole('link', { name: 'Back to overview' }).click();
    await expect(page).toHaveURL(/\/$/);
  });

  test('the 403 page speaks Chinese', async ({ page }) => {
    await signIn(page, 'alice', 'zh');
    await page.goto('/projects/haierpsi');
    await expect(page.getByRole('heading', { name: '您无权访问此项目' })).toBeVisible();
  });

  test('an unknown project and an unknown page are not found', async ({ page }) => {
    await signIn(page, 'olivia');
    await page.goto('/projects/no-such-project');
    await expect(page.getByTestId('not-found')).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
    await page.goto('/projects/Not_A_Name');
    await expect(page.getByTestId('not-found')).toBeVisible();
    await page.goto('/no/such/page');
    await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  });
});

test.describe('shell', () => {
  test('the palette jumps to an environment by keyboard', async ({ page }) => {
    await signIn(page, 'alice');
    await page.goto('/');
    await openPalette(page);
    await expect(page.getByRole('combobox', { name: 'Command palette' })).toBeFocused();
    await page.keyboard.type('ai-prod');
    await expect(page.getByRole('option').first()).toHaveText(/ai \/ prod/);
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/\/projects\/ai\?env=prod$/);
    const tabs = page.getByRole('navigation', { name: 'Environments of ai' });
    await expect(tabs.getByRole('link', { name: /prod/ })).toHaveAttribute('aria-current', 'page');
    await expect(page.getByTestId('protected-badge')).toBeVisible();
    await expect(
      page.getByRole('navigation', { name: 'Breadcrumb' }).getByText('prod'),
    ).toHaveAttribute('aria-current', 'page');
  });

  test('environment tabs and the sidebar lead to each environment', async ({ page }) => {
    await signIn(page, 'olivia');
    await page.goto('/projects/ai');
    const tabs = page.getByRole('navigation', { name: 'Environments of ai' });
    await expect(tabs.getByRole('link')).toHaveCount(3);
    await expect(tabs.getByRole('link', { name: /test/ })).toHaveAttribute('aria-current', 'page');
    await tabs.getByRole('link', { name: /preview/ }).click();
    await expect(page).toHaveURL(/env=preview/);
    await expect(page.getByText('ai-preview', { exact: true })).toBeVisible();

    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    await nav.getByRole('button', { name: 'Environments of haierpsi' }).click();
    await nav.getByRole('link', { name: /^prod/ }).last().click();
    await expect(page).toHaveURL(/\/projects\/haierpsi\?env=prod$/);
    await expect(page.getByRole('heading', { level: 1, name: 'haierpsi' })).toBeVisible();
  });

  test('the theme is remembered and the system decides by default', async ({ page }) => {
    await signIn(page, 'bob');
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto('/');
    const html = page.locator('html');
    await expect(html).not.toHaveAttribute('data-theme', /.*/);
    const theme = page.getByRole('group', { name: 'Theme' });
    await expect(theme.getByRole('button', { name: 'System' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    await theme.getByRole('button', { name: 'Dark' }).click();
    await expect(html).toHaveAttribute('data-theme', 'dark');
    await page.reload();
    await expect(html).toHaveAttribute('data-theme', 'dark');
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(bg).toBe('rgb(13, 17, 23)');
    await page
      .getByRole('group', { name: 'Theme' })
      .getByRole('button', { name: 'System' })
      .click();
    await expect(html).not.toHaveAttribute('data-theme', /.*/);
  });

  test('the account menu shows who is signed in and signs out', async ({ page }) => {
    await signIn(page, 'bob');
    await page.goto('/');
    const account = page.getByRole('button', { name: 'Account' });
    await account.click();
    await expect(account).toHaveAttribute('aria-expanded', 'true');
    await expect(page.getByText('Signed in as bob').last()).toBeVisible();
    await expect(page.getByText('wharf:users')).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(account).toHaveAttribute('aria-expanded', 'false');
    await expect(account).toBeFocused();
    await account.click();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/login$/);
  });

  test('the cluster switcher narrows the overview and the sidebar', async ({ page }) => {
    await signIn(page, 'olivia');
    await page.goto('/');
    await expect(page.getByTestId('cluster-card')).toHaveCount(2);
    await page.getByRole('button', { name: 'Cluster: All clusters' }).click();
    await page.getByRole('button', { name: 'prod-cluster', exact: true }).click();
    await expect(page.getByRole('button', { name: 'Cluster: prod-cluster' })).toBeVisible();
    await expect(page.getByTestId('cluster-card')).toHaveCount(1);
    await expect(page.getByTestId('cluster-card').getByRole('heading')).toHaveText('prod-cluster');
    // both projects have a prod environment there, and only that one
    await expect(sidebarProjects(page, 'en')).toHaveText(['ai', 'haierpsi']);
    const ai = page
      .getByTestId('project-card')
      .filter({ has: page.getByRole('heading', { name: 'ai', exact: true }) });
    await expect(ai.getByRole('listitem')).toHaveText(['prod']);

    await page.getByRole('button', { name: 'Cluster: prod-cluster' }).click();
    await page.getByRole('button', { name: 'All clusters', exact: true }).click();
    await expect(page.getByTestId('cluster-card')).toHaveCount(2);
  });

  test('a user sees the overview of the clusters without figures they may not read', async ({
    page,
  }) => {
    await signIn(page, 'admin');
    await page.goto('/');
    const card = page.getByTestId('cluster-card').filter({ hasText: 'dev-cluster' });
    await expect(card.getByText('Healthy')).toBeVisible();
    await expect(card.getByRole('meter', { name: 'CPU' })).toBeVisible();
    await expect(card.getByRole('meter', { name: 'Memory' })).toBeVisible();

    await page.context().clearCookies();
    await signIn(page, 'victor');
    await page.goto('/');
    const plain = page.getByTestId('cluster-card').filter({ hasText: 'dev-cluster' });
    await expect(plain.getByText('Healthy')).toBeVisible();
    await expect(plain.getByRole('meter')).toHaveCount(0);
  });
});

test.describe('accessibility', () => {
  for (const colorScheme of ['light', 'dark'] as const) {
    for (const [name, url] of [
      ['home', '/'],
      ['project', '/projects/ai'],
    ] as const) {
      test(`${name} has no axe violations (${colorScheme})`, async ({ page }) => {
        await signIn(page, 'alice');
        await page.emulateMedia({ colorScheme });
        await page.goto(url);
        if (name === 'project') await expect(page.getByTestId('pod-row').first()).toBeVisible();
        else await expect(page.getByTestId('cluster-card').first()).toBeVisible();
        const results = await new AxeBuilder({ page }).analyze();
        expect(results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`)).toEqual([]);
      });
    }
  }

  test('the project page has no axe violations in Chinese with the palette open', async ({
    page,
  }) => {
    await signIn(page, 'olivia', 'zh');
    await page.goto('/projects/haierpsi');
    await expect(page.getByTestId('pod-row').first()).toBeVisible();
    await openPalette(page, 'zh');
    const results = await new AxeBuilder({ page }).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`)).toEqual([]);
  });
});
