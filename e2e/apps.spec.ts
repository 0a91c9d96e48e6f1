// The project and app dashboards and the pod list, end to end against the embedded simulator: every
// app per environment with ai-server degraded and why; ai-api's pods, endpoints, configuration,
// events and a metrics chart that fills; a restart from the pod list brings a replacement; the status
// filter; victor sees delete disabled with the reason and the API refuses him; axe in both themes.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { kubectl, signIn } from './support/session';

const APPS = ['ai-api', 'ai-app', 'ai-gateway', 'ai-server', 'ai-web'];
const ENVS = ['test', 'preview', 'prod'];

async function podNames(page: Page): Promise<string[]> {
  return page
    .getByTestId('pod-row')
    .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-pod') ?? '').sort());
}

test.describe('project dashboard', () => {
  test('shows all five apps in every environment, ai-server degraded with its reason', async ({
    page,
  }) => {
    await signIn(page, 'alice');
    await page.goto('/projects/ai');
    const matrix = page.getByTestId('app-matrix');
    await expect(matrix.getByTestId('app-row')).toHaveCount(5);
    for (const app of APPS) {
      for (const env of ENVS)
        await expect(
          matrix.locator(`[data-testid="app-cell"][data-app="${app}"][data-env="${env}"]`),
        ).toBeVisible();
    }
    const server = matrix.locator(
      '[data-testid="app-cell"][data-app="ai-server"][data-env="test"]',
    );
    await expect(server).toHaveAttribute('data-health', 'degraded', { timeout: 20_000 });
    await expect(server.getByTestId('app-reason')).toContainText('CrashLoopBackOff');
    await expect(server.getByTestId('app-health')).toHaveText('Degraded');
    // per environment: counts and a quota chart; the Deploy button targets the selected env
    await expect(page.getByTestId('env-card')).toHaveCount(3);
    await expect(page.getByTestId('count-apps').first()).toHaveText('5');
    await expect(page.getByTestId('quota-chart')).toHaveCount(3);
    await expect(page.getByTestId('deploy-link')).toHaveAttribute(
      'href',
      '/projects/ai/deploy?env=test',
    );
    // alice owns ai: she may list its role bindings, so members show
    await expect(page.getByTestId('members').getByTestId('member')).toContainText([
      'alice',
      'bob',
      'olivia',
    ]);
    await server.click();
    await expect(page).toHaveURL(/\/projects\/ai\/apps\/ai-server\?env=test$/);
    await expect(page.getByRole('heading', { level: 1, name: 'ai-server' })).toBeVisible();
  });

  test('filters pods by status and says why they fail', async ({ page }) => {
    await signIn(page, 'alice');
    await page.goto('/projects/ai?env=test');
    const table = page.getByTestId('pod-table');
    await expect(table.getByTestId('pod-row')).toHaveCount(11);
    await table.getByTestId('status-filter').selectOption('error');
    const rows = table.getByTestId('pod-row');
    await expect(rows).toHaveCount(2, { timeout: 15_000 });
    for (const row of await rows.all()) {
      await expect(row).toHaveAttribute('data-pod', /^ai-server-/);
      await expect(row.getByTestId('pod-status')).toHaveText('CrashLoopBackOff');
      await expect(row.getByTestId('pod-why')).toContainText('crashes on start');
    }
    await table.getByTestId('status-filter').selectOption('all');
    await expect(rows).toHaveCount(11);
  });
});

test.describe('app dashboard', () => {
  test('shows ai-api’s pods, endpoints, configuration, events and metrics', async ({ page }) => {
    test.setTimeout(60_000);
    await signIn(page, 'alice');
    await page.goto('/projects/ai/apps/ai-api?env=test');
    await expect(page.getByRole('heading', { level: 1, name: 'ai-api' })).toBeVisible();
    await expect(page.getByTestId('pod-row')).toHaveCount(3);
    await expect(page.getByTestId('workload')).toContainText('Deployment/ai-api');
    await expect(page.getByTestId('workload-ready')).toHaveText('3/3', { timeout: 30_000 });
    await expect(page.getByTestId('endpoint')).toContainText('ai-api');
    await expect(page.getByTestId('endpoint')).toContainText('80/TCP');
    await expect(page.getByTestId('app-logs-link')).toHaveAttribute(
      'href',
      '/clusters/dev-cluster/namespaces/ai-test/apps/ai-api/logs',
    );

    await page.getByRole('tab', { name: 'Configuration' }).click();
    await expect(page.getByTestId('configmap-ref')).toHaveText(['ai-api-config']);
    await expect(page.getByTestId('secret-ref')).toHaveText(['ai-api-db']);
    await expect(page.getByTestId('env-var').filter({ hasText: 'DB_PASSWORD' })).toContainText(
      'from Secret ai-api-db',
    );

    await page.getByRole('tab', { name: /Events/ }).click();
    await expect(page.getByTestId('event').first()).toBeVisible();
    await expect(page.getByTestId('event').first()).toContainText(/ai-api/);

    await page.getByRole('tab', { name: 'Metrics' }).click();
    const cpu = page.getByTestId('metrics-cpuMillis');
    await expect(cpu.locator('[data-points]')).not.toHaveAttribute('data-points', '0');
    await expect(cpu.getByTestId('metrics-latest')).toHaveText(/^\d+m$|^\d/);
    await expect(cpu.locator('.recharts-line-curve, .recharts-line-dot').first()).toBeAttached();
  });

  test('restarts a pod from the pod list and shows its replacement', async ({ page }) => {
    test.setTimeout(60_000);
    await signIn(page, 'alice');
    await page.goto('/projects/ai/apps/ai-web?env=test');
    await expect(page.getByTestId('pod-row')).toHaveCount(2);
    const before = await podNames(page);
    const victim = before[0]!;
    const row = page.locator(`[data-testid="pod-row"][data-pod="${victim}"]`);
    await expect(row.getByTestId('pod-restart')).toBeEnabled();
    await row.getByTestId('pod-restart').click();
    const dialog = page.getByRole('dialog', { name: 'Restart 1 pod(s)?' });
    await expect(dialog).toContainText(victim);
    await dialog.getByTestId('confirm-action').click();
    await expect(page.getByTestId('pod-notice')).toContainText('Restarting 1 pod(s)');
    // a new pod of the ReplicaSet appears, the old one goes
    await expect
      .poll(async () => (await podNames(page)).filter((n) => !before.includes(n)).length, {
        timeout: 20_000,
      })
      .toBe(1);
    await expect(row).toHaveCount(0, { timeout: 40_000 });
    expect(kubectl('dev-cluster', 'get', 'pods', '-n', 'ai-test', '-o', 'name')).not.toContain(
      victim,
    );
  });
});

test('victor sees pod delete disabled with the reason, and the API refuses him', async ({
  page,
}) => {
  await signIn(page, 'victor');
  await page.goto('/projects/haierpsi?env=dev');
  const row = page.locator('[data-testid="pod-row"][data-pod^="foo-"]').first();
  await expect(row).toBeVisible();
  const del = row.getByTestId('pod-delete');
  await expect(del).toHaveAttribute('title', 'You may not delete pods in haierpsi-foo-dev');
  await expect(del).toBeDisabled();
  await expect(row.getByTestId('pod-shell')).toBeDisabled();
  await expect(row.getByTestId('pod-logs')).toHaveAttribute('href', /\/logs$/);
  const pod = (await row.getAttribute('data-pod'))!;
  const res = await page.request.delete(
    `/api/clusters/dev-cluster/namespaces/haierpsi-foo-dev/pods/${pod}`,
  );
  expect(res.status()).toBe(403);
  expect(((await res.json()) as { message: string }).message).toBe(
    'you may not delete pods in haierpsi-foo-dev',
  );
  expect(
    kubectl('dev-cluster', 'get', 'pod', '-n', 'haierpsi-foo-dev', pod, '-o', 'name'),
  ).toContain(pod);
  // viewers of haierpsi may read its role bindings (the simulator's wharf-viewer role allows it)
  await expect(page.getByTestId('members').getByTestId('member').first()).toBeVisible();
});

test('admin opens a namespace of no project; alice may not', async ({ page }) => {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && /hydrat/i.test(m.text())) errors.push(m.text());
  });
  await signIn(page, 'admin');
  await page.goto('/clusters/dev-cluster/namespaces/ai-test/pods');
  await expect(page.getByRole('heading', { level: 1, name: 'ai-test' })).toBeVisible();
  // opened again: the first rows come with the page (from the warm cache), then the live list
  await page.reload();
  await expect(page.getByTestId('pod-row')).toHaveCount(11);
  await expect(page.getByTestId('pod-count')).toHaveText('11 pods');
  expect(errors).toEqual([]);
  await page.goto('/clusters/dev-cluster/namespaces/kube-system/pods');
  await expect(page.getByRole('heading', { level: 1, name: 'kube-system' })).toBeVisible();
  await expect(page.getByTestId('pod-table')).toBeVisible();
  await signIn(page, 'alice');
  await page.goto('/clusters/dev-cluster/namespaces/haierpsi-foo-dev/pods');
  await expect(page.getByTestId('forbidden')).toBeVisible();
});

test.describe('accessibility', () => {
  const pages = [
    ['project dashboard', '/projects/ai', undefined],
    ['app dashboard', '/projects/ai/apps/ai-api?env=test', undefined],
    ['app configuration', '/projects/ai/apps/ai-api?env=test', 'Configuration'],
  ] as const;
  for (const colorScheme of ['light', 'dark'] as const) {
    for (const [name, url, tab] of pages) {
      test(`${name} has no axe violations (${colorScheme})`, async ({ page }) => {
        test.setTimeout(60_000);
        await signIn(page, 'alice');
        await page.emulateMedia({ colorScheme });
        await page.goto(url);
        await expect(page.getByTestId('pod-row').first()).toBeVisible();
        if (tab) {
          await page.getByRole('tab', { name: tab }).click();
          await expect(page.getByTestId('config')).toBeVisible();
        }
        const results = await new AxeBuilder({ page }).analyze();
        expect(results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`)).toEqual([]);
      });
    }
  }
});
