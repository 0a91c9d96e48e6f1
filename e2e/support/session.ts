// What every e2e spec needs: signing a demo user in without the form, and kubectl against the
// embedded simulator the Playwright web server started.
import { expect, test, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const PASSWORD = 'wharf-demo';
const KUBECONFIG = process.env.WHARF_E2E_KUBECONFIG ?? '.wharf/e2e/kubeconfig';
// kubectl's discovery cache per run: a cache from an earlier simulator would name stale ports.
const KUBECACHEDIR = mkdtempSync(path.join(tmpdir(), 'wharf-e2e-kube-'));

/** Signs in as next-auth's credentials form does; the page's context gets the session cookie. */
export async function signIn(page: Page, username: string, lang: 'en' | 'zh' = 'en') {
  const base = test.info().project.use.baseURL ?? '';
  await page.context().addCookies([{ name: 'wharf-lang', value: lang, url: base }]);
  const request = page.context().request;
  const { csrfToken } = (await (await request.get('/api/auth/csrf')).json()) as {
    csrfToken: string;
  };
  const res = await request.post('/api/auth/callback/credentials', {
    form: { username, password: PASSWORD, csrfToken, json: 'true' },
  });
  expect(res.ok()).toBe(true);
}

/** kubectl with a context of the given kubeconfig. */
export function kubectlWith(kubeconfig: string, context: string, ...args: string[]): string {
  return execFileSync('kubectl', ['--kubeconfig', kubeconfig, '--context', context, ...args], {
    encoding: 'utf8',
    env: { ...process.env, KUBECACHEDIR },
  });
}

/** kubectl with a context of the embedded simulator's kubeconfig (`dev-cluster` is the admin). */
export function kubectl(context: string, ...args: string[]): string {
  return kubectlWith(KUBECONFIG, context, ...args);
}
