// Sign-in end to end: every demo user, wrong passwords in both languages, the rate limit, the API
// without a session, CSRF-checked credentials POST, security headers and accessibility of /login.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';

const PASSWORD = 'wharf-demo';
const DEMO_USERS = ['admin', 'alice', 'bob', 'olivia', 'victor', 'hana'];

/** The login page, by what the user sees. */
function loginPage(
  page: Page,
  labels = { username: 'Username', password: 'Password', submit: 'Sign in' },
) {
  return {
    username: page.getByLabel(labels.username, { exact: true }),
    password: page.getByLabel(labels.password, { exact: true }),
    submit: page.getByRole('button', { name: labels.submit, exact: true }),
    // scoped to the form: Next's route announcer is an (empty) alert too
    alert: page.locator('form').getByRole('alert'),
    async signIn(username: string, password: string) {
      await this.username.fill(username);
      await this.password.fill(password);
      await this.submit.click();
    },
  };
}

const ZH = { username: '用户名', password: '密码', submit: '登录' };

test.describe('sign-in', () => {
  for (const username of DEMO_USERS) {
    test(`${username} signs in, lands on the console and signs out`, async ({ page }) => {
      await page.goto('/');
      await expect(page).toHaveURL(/\/login\?callbackUrl=%2F$/);
      await loginPage(page).signIn(username, PASSWORD);
      await expect(page).toHaveURL(/\/$/);
      await expect(page.getByTestId('signed-in-as')).toHaveText(`Signed in as ${username}`);

      const session = page
        .context()
        .cookies()
        .then((cs) => cs.find((c) => c.name === 'next-auth.session-token'));
      expect(await session).toMatchObject({ httpOnly: true, sameSite: 'Lax' });

      // Clicked again until the page has hydrated and the menu opens.
      const signOut = page.getByRole('button', { name: 'Sign out' });
      await expect(async () => {
        if (!(await signOut.isVisible()))
          await page.getByRole('button', { name: 'Account' }).click();
        await expect(signOut).toBeVisible({ timeout: 1000 });
      }).toPass();
      await signOut.click();
      await expect(page).toHaveURL(/\/login$/);
      await page.goto('/');
      await expect(page).toHaveURL(/\/login/);
    });
  }

  test('returns to the page asked for, and never to another site', async ({ page }) => {
    await page.goto('/?from=e2e');
    await expect(page).toHaveURL(/callbackUrl=%2F%3Ffrom%3De2e/);
    await loginPage(page).signIn('bob', PASSWORD);
    await expect(page).toHaveURL(/\/\?from=e2e$/);

    await page.context().clearCookies();
    await page.goto('/login?callbackUrl=https%3A%2F%2Fevil.example%2F');
    await loginPage(page).signIn('bob', PASSWORD);
    await expect(page.getByTestId('signed-in-as')).toBeVisible();
    expect(new URL(page.url()).host).toBe(new URL(test.info().project.use.baseURL ?? '').host);
  });

  test('a wrong password is refused in English and in Chinese', async ({ page }) => {
    await page.goto('/login');
    const en = loginPage(page);
    await en.signIn('alice', 'not-the-password');
    await expect(en.alert).toHaveText('Invalid username or password');
    await expect(en.password).toBeFocused();
    await expect(en.password).toHaveValue('');

    await page
      .getByRole('group', { name: 'Language' })
      .getByRole('button', { name: '中文' })
      .click();
    const zh = loginPage(page, ZH);
    await expect(zh.submit).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
    await zh.signIn('alice', 'still-wrong');
    await expect(zh.alert).toHaveText('用户名或密码错误');

    // the choice is remembered
    await page.reload();
    await expect(loginPage(page, ZH).username).toBeVisible();
    await page
      .getByRole('group', { name: '语言' })
      .getByRole('button', { name: 'English' })
      .click();
    await expect(en.username).toBeVisible();
  });

  test('empty fields are named, not sent', async ({ page }) => {
    await page.goto('/login');
    const login = loginPage(page);
    await login.submit.click();
    await expect(page.getByText('Enter your username')).toBeVisible();
    await expect(login.username).toHaveAttribute('aria-invalid', 'true');
    await expect(login.username).toBeFocused();
  });

  test('repeated failures lock the username, with a clear message', async ({ page }) => {
    await page.goto('/login');
    const login = loginPage(page);
    const username = `probe-${Date.now()}`;
    for (let i = 0; i < 5; i++) {
      await login.signIn(username, `guess-${i}`);
      await expect(login.alert).toHaveText('Invalid username or password');
      await expect(login.submit).toBeEnabled();
    }
    await login.signIn(username, 'guess-5');
    await expect(login.alert).toContainText('Too many failed sign-in attempts');
    // another user is not affected
    await login.signIn('victor', PASSWORD);
    await expect(page.getByTestId('signed-in-as')).toHaveText('Signed in as victor');
  });
});

test.describe('API and headers', () => {
  test('the API without a session answers 401 with a Status', async ({ request }) => {
    for (const path of ['/api/projects', '/api/anything/else']) {
      const res = await request.get(path, { maxRedirects: 0 });
      expect(res.status()).toBe(401);
      expect(res.headers()['content-type']).toContain('application/json');
      expect(await res.json()).toMatchObject({
        kind: 'Status',
        apiVersion: 'v1',
        status: 'Failure',
        reason: 'Unauthorized',
        code: 401,
      });
    }
    expect((await request.get('/api/healthz')).status()).toBe(200);
  });

  test('credentials POST with a CSRF token signs in as next-auth does', async ({ request }) => {
    const { csrfToken } = (await (await request.get('/api/auth/csrf')).json()) as {
      csrfToken: string;
    };
    const refused = await request.post('/api/auth/callback/credentials', {
      form: { username: 'hana', password: PASSWORD, json: 'true' },
      maxRedirects: 0,
    });
    // without the token next-auth sends the browser back to sign in, and no session is made
    expect(((await refused.json()) as { url: string }).url).toContain('csrf=true');
    expect((await (await request.get('/api/auth/session')).json()) as object).toEqual({});

    const res = await request.post('/api/auth/callback/credentials', {
      form: { username: 'hana', password: PASSWORD, csrfToken, json: 'true' },
    });
    expect(res.ok()).toBe(true);
    const session = (await (await request.get('/api/auth/session')).json()) as {
      identity?: unknown;
    };
    expect(session.identity).toEqual({ username: 'hana', groups: ['wharf:users'] });
    expect((await request.get('/api/projects', { maxRedirects: 0 })).status()).not.toBe(401);
  });

  test('pages carry a nonce CSP, no framing and nosniff, and still hydrate', async ({ page }) => {
    const res = await page.goto('/login');
    const headers = res?.headers() ?? {};
    const csp = headers['content-security-policy'] ?? '';
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(headers['x-content-type-options']).toBe('nosniff');
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    // browsers hide nonces from the DOM: look in the HTML as sent
    expect(await res?.text()).toContain(`nonce="${nonce}"`);

    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    await page.reload();
    // a hydrated form validates on the client instead of posting
    await loginPage(page).submit.click();
    await expect(page.getByText('Enter your username')).toBeVisible();
    expect(violations).toEqual([]);
  });
});

test.describe('accessibility', () => {
  for (const lang of ['en', 'zh']) {
    for (const colorScheme of ['light', 'dark'] as const) {
      test(`/login has no axe violations (${lang}, ${colorScheme})`, async ({
        page,
        context,
        baseURL,
      }) => {
        await context.addCookies([{ name: 'wharf-lang', value: lang, url: baseURL ?? '' }]);
        await page.emulateMedia({ colorScheme });
        await page.goto('/login');
        await page
          .getByRole('button', { name: lang === 'en' ? 'Sign in' : '登录', exact: true })
          .click();
        await loginPage(page, lang === 'en' ? undefined : ZH).signIn('nobody', 'x');
        await expect(page.locator('form').getByRole('alert')).toBeVisible();
        const results = await new AxeBuilder({ page }).analyze();
        expect(results.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
      });
    }
  }
});
