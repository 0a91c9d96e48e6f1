// Live data end to end: a pod deleted with kubectl changes the open pod table without a reload, and
// a dropped stream shows "reconnecting", then the table matches the cluster again (no stale rows).
import { expect, test, type Page, type WebSocketRoute } from '@playwright/test';
import { kubectl as kubectlAs, signIn } from './support/session';
import { expectTableMatchesCluster } from './support/pods';
// haierpsi's dev environment: one namespace per app (foo, bar) on dev-cluster.
const DEV_NAMESPACES = ['haierpsi-foo-dev', 'haierpsi-bar-dev'];

/** kubectl as the cluster admin of dev-cluster (the embedded simulator's kubeconfig). */
function kubectl(...args: string[]): string {
  return kubectlAs('dev-cluster', ...args);
}

/** Pod names of haierpsi's dev namespaces as the cluster has them (Terminating ones included). */
function clusterPods(): string[] {
  return DEV_NAMESPACES.flatMap((ns) =>
    kubectl('get', 'pods', '-n', ns, '-o', 'jsonpath={range .items[*]}{.metadata.name}{"\\n"}{end}')
      .split('\n')
      .filter(Boolean),
  ).sort();
}

async function tablePods(page: Page): Promise<string[]> {
  const names = await page
    .getByTestId('pod-row')
    .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-pod') ?? ''));
  return names.sort();
}

/** Opens haierpsi's dev environment as olivia and waits for foo's pods. */
async function openHaierpsiDev(page: Page) {
  await signIn(page, 'olivia');
  await page.goto('/projects/haierpsi');
  await expect(page.getByRole('heading', { level: 1, name: 'haierpsi' })).toBeVisible();
  await expect(page.locator('[data-testid="pod-row"][data-pod^="foo-"]').first()).toBeVisible();
  await expect(page.getByTestId('stream-state')).toHaveAttribute('data-state', 'open');
  // a mark that a reload would lose
  await page.evaluate(() => {
    (window as unknown as { __wharfNoReload: boolean }).__wharfNoReload = true;
  });
}

async function notReloaded(page: Page) {
  expect(
    await page.evaluate(() => (window as unknown as { __wharfNoReload?: boolean }).__wharfNoReload),
  ).toBe(true);
}

test.describe('live pod table', () => {
  test('a pod deleted with kubectl changes the table without a reload', async ({ page }) => {
    await openHaierpsiDev(page);
    // the table holds what the cluster holds
    await expect.poll(() => tablePods(page)).toEqual(clusterPods());

    const before = await tablePods(page);
    const victim = before.find((n) => n.startsWith('foo-'));
    expect(victim).toBeDefined();
    kubectl('delete', 'pod', victim!, '-n', 'haierpsi-foo-dev', '--wait=false');

    // the old pod goes Terminating (graceful deletion) or is gone already
    const row = page.locator(`[data-testid="pod-row"][data-pod="${victim}"]`);
    await expect(async () => {
      if ((await row.count()) === 0) return;
      await expect(row.getByTestId('pod-status')).toHaveText('Terminating', { timeout: 500 });
    }).toPass({ timeout: 20_000 });
    // and its ReplicaSet's replacement appears
    await expect
      .poll(
        async () =>
          (await tablePods(page)).filter((n) => n.startsWith('foo-') && !before.includes(n)),
        {
          timeout: 20_000,
        },
      )
      .toHaveLength(1);
    await notReloaded(page);
  });

  test('a dropped stream says "reconnecting", then the table matches the cluster', async ({
    page,
  }) => {
    const routes: WebSocketRoute[] = [];
    let refuse = false;
    await page.routeWebSocket(/\/api\/stream$/, (ws) => {
      if (refuse) {
        void ws.close({ code: 1013, reason: 'e2e: try again later' });
        return;
      }
      ws.connectToServer();
      routes.push(ws);
    });
    await openHaierpsiDev(page);

    refuse = true;
    for (const ws of routes.splice(0)) await ws.close({ code: 1012, reason: 'e2e: dropped' });
    await expect(page.getByTestId('reconnecting')).toBeVisible();
    await expect(page.getByTestId('stream-state')).toHaveAttribute('data-state', 'reconnecting');

    // the cluster changes while the browser cannot hear about it
    const before = await tablePods(page);
    const victim = before.find((n) => n.startsWith('bar-'));
    expect(victim).toBeDefined();
    kubectl('delete', 'pod', victim!, '-n', 'haierpsi-bar-dev', '--wait=false');

    refuse = false;
    await expect(page.getByTestId('reconnecting')).toBeHidden({ timeout: 40_000 });
    await expect(page.getByTestId('stream-state')).toHaveAttribute('data-state', 'open');
    // a fresh snapshot: the same pods as the cluster, whatever happened meanwhile
    await expectTableMatchesCluster(() => tablePods(page), clusterPods, 20_000);
    await notReloaded(page);
  });
});
