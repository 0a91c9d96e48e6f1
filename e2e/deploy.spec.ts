// Self-service deploy against the embedded simulator: deploy from the form, update and watch the
// rollout's old and new pods, scale, roll back with the diff first, a bad image in words and rolled
// back, the quota preflight (and the API's own refusal), and bob's read-only prod.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { kubectl, signIn } from './support/session';

const IMAGE = 'registry.wharf.local/ai/demo';

function rollout(page: Page) {
  return page.getByRole('region', { name: /^Rollout · revision/ });
}

function history(page: Page) {
  return page.getByRole('region', { name: 'Revisions' });
}

async function expectRevision(page: Page, revision: number, phase = 'Complete') {
  const r = rollout(page);
  await expect(page.locator('#rollout-title')).toHaveText(`Rollout · revision ${revision}`, {
    timeout: 20_000,
  });
  await expect(r.getByText(phase, { exact: true })).toBeVisible({ timeout: 25_000 });
}

async function setImage(page: Page, image: string) {
  await page.getByLabel('Image and tag', { exact: true }).fill(image);
  await expect(page.getByText(/^Fits the namespace quota/)).toBeVisible();
  await page.getByRole('button', { name: 'Update', exact: true }).last().click();
}

for (const user of ['alice', 'bob']) {
  test(`${user} deploys, updates, scales and rolls back an app in ai-test`, async ({ page }) => {
    test.setTimeout(150_000);
    const app = `web-${user}`;
    // The e2e state survives runs: start from no such app.
    kubectl(
      'dev-cluster',
      'delete',
      'deploy,svc',
      app,
      '-n',
      'ai-test',
      '--ignore-not-found',
      '--wait',
    );
    await signIn(page, user);
    await page.goto('/projects/ai/deploy?env=test');
    await expect(page.getByText('ai-test · dev-cluster')).toBeVisible();
    await page.getByLabel('Name', { exact: true }).fill(app);
    await page.getByLabel('Image and tag', { exact: true }).fill(`${IMAGE}:1.0`);
    // Probe every second: each rollout step takes about a second, not five.
    await page.locator('#readiness-delay').fill('1');
    await page.locator('#readiness-period').fill('1');
    await expect(page.getByText(/^Fits the namespace quota/)).toBeVisible();
    await page.getByRole('button', { name: 'Deploy', exact: true }).click();

    // The new app's dashboard, its rollout live at the top; then on to its update form.
    await page.waitForURL(`**/projects/ai/apps/${app}?env=test`);
    await expectRevision(page, 1);
    await expect(page.getByTestId('workload-ready')).toHaveText('1/1');
    await page.getByRole('link', { name: 'Update', exact: true }).click();
    await page.waitForURL(`**/projects/ai/apps/${app}/edit?env=test`);
    const labels = kubectl(
      'dev-cluster',
      'get',
      'deploy',
      app,
      '-n',
      'ai-test',
      '-o',
      'jsonpath={.metadata.labels}',
    );
    expect(JSON.parse(labels)).toEqual({
      'app.kubernetes.io/name': app,
      'app.kubernetes.io/part-of': 'ai',
    });

    // Update the image: the new ReplicaSet's pods replace the old one's, live.
    await setImage(page, `${IMAGE}:2.0`);
    await expect(rollout(page).getByText('old', { exact: true })).toBeVisible({ timeout: 15_000 });
    await expectRevision(page, 2);
    await expect(rollout(page).getByText('old', { exact: true })).toHaveCount(0);
    await expect(rollout(page).getByText(`${IMAGE}:2.0`)).toBeVisible();

    // Scale to 3 with the preflight.
    await page.getByRole('button', { name: 'Scale', exact: true }).click();
    const scale = page.getByRole('dialog', { name: `Scale ${app}` });
    await scale.getByLabel('Replicas', { exact: true }).fill('3');
    await expect(scale.getByText(/^Fits the namespace quota/)).toBeVisible();
    await scale.getByRole('button', { name: 'Scale to 3' }).click();
    await expect(scale).toBeHidden();
    await expect(rollout(page).getByRole('progressbar', { name: 'Available' })).toHaveAttribute(
      'aria-valuenow',
      '3',
      { timeout: 20_000 },
    );

    // Roll back to revision 1 from the history, seeing the diff first.
    await history(page).getByRole('button', { name: 'Roll back to 1' }).click();
    const dialog = page.getByRole('dialog', { name: 'Roll back to revision 1' });
    const imageRow = dialog.getByRole('row', { name: /^image/ });
    await expect(imageRow).toContainText(`${IMAGE}:2.0`);
    await expect(imageRow).toContainText(`${IMAGE}:1.0`);
    await dialog.getByRole('button', { name: 'Roll back to revision 1' }).click();
    await expectRevision(page, 3);
    await expect(rollout(page).getByText(`${IMAGE}:1.0`)).toBeVisible();

    // An image that does not exist: said in words, and one click rolls it back.
    await page.reload();
    await setImage(page, `${IMAGE}:does-not-exist`);
    await expect(
      rollout(page).getByText('The image cannot be pulled: ImagePullBackOff', { exact: false }),
    ).toBeVisible({ timeout: 20_000 });
    await expect(rollout(page).getByText('Failing', { exact: true })).toBeVisible();
    await rollout(page).scrollIntoViewIfNeeded();
    await page.screenshot({ path: `test-results/rollout-failing-${user}.png` });
    await rollout(page).getByRole('button', { name: 'Roll back to 3' }).click();
    const undo = page.getByRole('dialog', { name: 'Roll back to revision 3' });
    await expect(undo.getByRole('row', { name: /^image/ })).toContainText('does-not-exist');
    await undo.getByRole('button', { name: 'Roll back to revision 3' }).click();
    await expectRevision(page, 5);
    await expect(rollout(page).getByText(/cannot be pulled/)).toHaveCount(0);
    expect(
      kubectl(
        'dev-cluster',
        'get',
        'deploy',
        app,
        '-n',
        'ai-test',
        '-o',
        'jsonpath={.spec.template.spec.containers[0].image}',
      ),
    ).toBe(`${IMAGE}:1.0`);

    // Pause and resume the rollout; a rolling restart makes a new revision as kubectl's does.
    await rollout(page).getByRole('button', { name: 'Pause', exact: true }).click();
    await expect(rollout(page).getByText('Paused', { exact: true })).toBeVisible();
    await rollout(page).getByRole('button', { name: 'Resume', exact: true }).click();
    await expectRevision(page, 5);
    await page.getByRole('button', { name: 'Restart', exact: true }).click();
    const restart = page.getByRole('dialog', { name: `Restart ${app}` });
    await expect(restart.getByText(/^Fits the namespace quota/)).toBeVisible();
    await restart.getByRole('button', { name: 'Restart' }).click();
    await expectRevision(page, 6);

    // Delete after typing its name: the project page, and nothing of the app is left.
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    const del = page.getByRole('dialog', { name: `Delete ${app}` });
    const confirm = del.getByRole('button', { name: 'Delete the app' });
    await expect(confirm).toBeDisabled();
    await del.getByLabel(`Type ${app} to confirm`).fill(app);
    await confirm.click();
    await page.waitForURL('**/projects/ai?env=test');
    expect(
      kubectl(
        'dev-cluster',
        'get',
        'deploy,svc',
        '-n',
        'ai-test',
        '-l',
        `app.kubernetes.io/name=${app}`,
        '-o',
        'name',
      ),
    ).toBe('');
  });
}

test('a deploy over quota is blocked by the preflight, and the API refuses it in kube’s words', async ({
  page,
}) => {
  await signIn(page, 'alice');
  await page.goto('/projects/ai/deploy?env=test');
  await page.getByLabel('Name', { exact: true }).fill('huge');
  await page.getByLabel('Image and tag', { exact: true }).fill(`${IMAGE}:1.0`);
  await page.getByLabel('Replicas', { exact: true }).fill('20');
  await page.getByLabel('CPU request', { exact: true }).fill('1');
  await page.getByLabel('CPU limit', { exact: true }).fill('1');
  await expect(page.getByText(/does not fit the namespace quota/).first()).toBeVisible();
  await expect(page.getByRole('row', { name: /^requests\.cpu/ })).toContainText('not enough');
  await expect(page.getByRole('button', { name: 'Deploy', exact: true })).toBeDisabled();

  const model = {
    name: 'huge',
    image: `${IMAGE}:1.0`,
    replicas: 20,
    ports: [{ name: 'http', containerPort: 8080, servicePort: 80 }],
    service: true,
    env: [],
    requests: { cpu: '1', memory: '128Mi' },
    limits: { cpu: '1', memory: '512Mi' },
    readiness: null,
    liveness: null,
    strategy: { type: 'Recreate' },
  };
  const res = await page.request.post('/api/clusters/dev-cluster/namespaces/ai-test/apps', {
    data: { model },
  });
  expect(res.status()).toBe(403);
  expect(((await res.json()) as { message: string }).message).toMatch(
    /^exceeded quota: wharf-quota/,
  );
  expect(
    kubectl('dev-cluster', 'get', 'deploy', 'huge', '-n', 'ai-test', '--ignore-not-found'),
  ).toBe('');
});

test('bob sees the controls disabled in ai-prod and the API says 403', async ({ page }) => {
  test.setTimeout(60_000);
  await signIn(page, 'bob');
  await page.goto('/projects/ai/apps/ai-api/edit?env=prod');
  await expectRevision(page, 1);
  const reason = 'Your role lets you only view this app in ai-prod.';
  await expect(page.getByText(reason).first()).toBeVisible();
  for (const name of ['Scale', 'Restart', 'Delete', 'Pause'])
    await expect(page.getByRole('button', { name, exact: true })).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Update', exact: true }).last()).toBeDisabled();
  await expect(page.getByText('Your role does not allow deploying in ai-prod.')).toBeVisible();

  const base = '/api/clusters/prod-cluster/namespaces/ai-prod/apps/ai-api';
  const scale = await page.request.post(`${base}/scale`, { data: { replicas: 1 } });
  expect(scale.status()).toBe(403);
  expect(((await scale.json()) as { message: string }).message).toMatch(/you may not/);
  expect((await page.request.post(`${base}/restart`)).status()).toBe(403);
  expect((await page.request.delete(base)).status()).toBe(403);

  await page.goto('/projects/ai/deploy?env=prod');
  await page.getByLabel('Name', { exact: true }).fill('nope');
  await expect(page.getByText('Your role does not allow deploying in ai-prod.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Deploy', exact: true })).toBeDisabled();
});

test('a crash-looping app says so in words and links to the crashing pod’s logs', async ({
  page,
}) => {
  await signIn(page, 'alice');
  await page.goto('/projects/ai/apps/ai-server/edit?env=test');
  const problem = rollout(page).getByRole('list', { name: 'Problems' });
  await expect(problem).toContainText(/New pods crash: (CrashLoopBackOff|Error)/, {
    timeout: 20_000,
  });
  const link = problem.getByRole('link', { name: /^see the logs of ai-server-/ });
  await expect(link).toHaveAttribute(
    'href',
    /^\/clusters\/dev-cluster\/namespaces\/ai-test\/pods\/ai-server-[a-z0-9-]+\/logs$/,
  );
});

test('a per-app project deploys into the app’s own namespace, or says why it cannot', async ({
  page,
}) => {
  await signIn(page, 'hana');
  await page.goto('/projects/haierpsi/deploy?env=dev');
  await expect(page.getByText(/keeps each app in its own namespace: type/)).toBeVisible();
  await page.getByLabel('Name', { exact: true }).fill('foo');
  await expect(page.getByText('haierpsi-foo-dev · dev-cluster')).toBeVisible();
  await page.getByLabel('Name', { exact: true }).fill('baz');
  await expect(page.getByText(/There is no namespace haierpsi-baz-dev/)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Deploy', exact: true })).toBeDisabled();
});

test('the YAML editor round-trips with the form and shows schema errors inline', async ({
  page,
}) => {
  await signIn(page, 'alice');
  await page.goto('/projects/ai/deploy?env=preview');
  await page.getByLabel('Name', { exact: true }).fill('yaml-app');
  await page.getByLabel('Image and tag', { exact: true }).fill(`${IMAGE}:1.0`);
  await page.getByRole('tab', { name: 'YAML' }).click();
  const editor = page.getByRole('textbox', { name: /as YAML/ });
  await expect(editor).toContainText('kind: Deployment');
  await expect(editor).toContainText('app.kubernetes.io/part-of: ai');
  // Break the image in the YAML: the error is shown on its line.
  await page.getByText(`image: ${IMAGE}:1.0`).click();
  await page.keyboard.press('End');
  await page.keyboard.type(' BAD');
  await expect(page.getByText(/line \d+: not an image reference/).first()).toBeVisible();
  await expect(page.locator('.cm-lintRange-error').first()).toBeVisible();
  await page.keyboard.press('Backspace');
  await page.keyboard.press('Backspace');
  await page.keyboard.press('Backspace');
  await page.keyboard.press('Backspace');
  await page.keyboard.type('-yaml');
  await page.getByRole('tab', { name: 'Form' }).click();
  await expect(page.getByLabel('Image and tag', { exact: true })).toHaveValue(`${IMAGE}:1.0-yaml`);
});

test('the deploy and edit pages have no axe violations (light and dark)', async ({ page }) => {
  test.setTimeout(90_000);
  await signIn(page, 'alice');
  const check = async (name: string) => {
    // The theme follows the system's scheme: both are checked on the same page.
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      const results = await new AxeBuilder({ page }).analyze();
      await page.screenshot({ path: `test-results/${name}-${colorScheme}.png`, fullPage: true });
      expect(
        results.violations.map(
          (v) => `${v.id}: ${v.help} ${v.nodes.map((n) => n.html).join(' | ')}`,
        ),
      ).toEqual([]);
    }
  };
  await page.goto('/projects/ai/deploy?env=test');
  await expect(page.getByText(/quota check/i).first()).toBeVisible();
  await check('deploy');
  await page.goto('/projects/ai/apps/ai-api/edit?env=test');
  await expectRevision(page, 1);
  await check('edit');
});
