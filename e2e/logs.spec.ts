// The live log viewer in the browser against the embedded simulator: one pod of foo (follow, stop,
// search, regex filter, resume, downloads), the lines by keyboard alone, stable line links, the merged
// log of foo's three pods and the container picker of an app, previous logs of the crash-looping
// ai-server, refusals for users outside the project, a deleted pod; axe on the viewer. (Resume after a
// lost connection: restarts.spec.ts, which can kill the console.)
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { appLogsHref, podLogsHref } from '../lib/routes';
import { logLineCount, logLines } from './support/logs';
import { kubectl, signIn } from './support/session';

function pods(ns: string, app: string): string[] {
  return kubectl(
    'dev-cluster',
    'get',
    'pods',
    '-n',
    ns,
    '-l',
    `app.kubernetes.io/name=${app}`,
    '-o',
    'jsonpath={.items[*].metadata.name}',
  )
    .split(' ')
    .filter(Boolean)
    .sort();
}

test.describe('logs', () => {
  test('olivia follows a pod of foo, stops, searches, filters, resumes and downloads', async ({
    page,
  }) => {
    await signIn(page, 'olivia');
    const [pod] = pods('haierpsi-foo-dev', 'foo');
    await page.goto(podLogsHref('dev-cluster', 'haierpsi-foo-dev', pod!));
    await expect(page.getByRole('heading', { level: 1 })).toContainText(pod!);
    await expect(logLines(page).first()).toBeVisible({ timeout: 20_000 });
    await expect(page.getByTestId('logs-lines')).toContainText('--- [foo]');
    await expect(page.getByTestId('logs-following')).toBeVisible();
    // live: new lines arrive while the page is open
    const before = await logLineCount(page);
    await expect.poll(() => logLineCount(page), { timeout: 15_000 }).toBeGreaterThan(before);

    // stop following: the view stays put and offers to jump back to live
    await page.getByRole('button', { name: 'Top' }).click();
    await expect(page.getByRole('button', { name: 'Jump to live' })).toBeVisible();
    await expect(logLines(page).first()).toHaveAttribute('data-line', '1');

    // link to a line range, and copy a line
    await page.getByRole('button', { name: 'Link to line 3', exact: true }).click();
    await page
      .getByRole('button', { name: 'Link to line 5', exact: true })
      .click({ modifiers: ['Shift'] });
    await expect(page).toHaveURL(/#L=[^,]+,[^,]+$/);
    await expect(page.getByText('Link to lines 3–5')).toBeVisible();
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    const third = page.locator('[data-line="3"]');
    await third.hover();
    await third.getByRole('button', { name: 'Copy line 3' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Line copied' })).toBeVisible();
    const copied = await page.evaluate('navigator.clipboard.readText()');
    expect(await third.textContent()).toContain(String(copied).slice(0, 40));

    // search with next/previous
    await page.getByRole('searchbox', { name: 'Search' }).fill('INFO');
    await expect(page.getByTestId('logs-matches')).toContainText(/\d+ matches/);
    await page.getByRole('button', { name: 'Next match' }).click();
    await expect(page.getByTestId('logs-matches')).toHaveText(/^1 of \d+/);
    await page.getByRole('button', { name: 'Next match' }).click();
    await expect(page.getByTestId('logs-matches')).toHaveText(/^2 of \d+/);
    await page.getByRole('button', { name: 'Previous match' }).click();
    await expect(page.getByTestId('logs-matches')).toHaveText(/^1 of \d+/);
    await expect(page.locator('mark').first()).toHaveText('INFO');

    // filter by regex: only matching lines remain (Spring Boot's startup names both)
    await page.getByRole('checkbox', { name: 'Regex' }).check();
    await page.getByRole('searchbox', { name: 'Filter' }).fill('Tomcat|Hikari');
    await expect(page.getByTestId('logs-count')).toContainText(/[1-9]\d* of [\d,]+ lines shown/);
    const texts = await logLines(page).allTextContents();
    expect(texts.length).toBeGreaterThan(0);
    for (const t of texts) expect(t).toMatch(/Tomcat|Hikari/i);
    await page.getByRole('searchbox', { name: 'Filter' }).fill('(');
    await expect(page.getByText('Invalid regular expression')).toBeVisible();
    await page.getByRole('searchbox', { name: 'Filter' }).fill('Tomcat|Hikari');

    // axe on the viewer in use
    const axe = await new AxeBuilder({ page }).analyze();
    expect(axe.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`)).toEqual([]);

    // resume following
    await page.getByRole('button', { name: 'Jump to live' }).click();
    await expect(page.getByTestId('logs-following')).toBeVisible();

    // download what is shown: the filtered lines only
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download shown' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`${pod}.log`);
    const shown = (await download.createReadStream()).toArray();
    const text = Buffer.concat(await shown).toString('utf8');
    const fileLines = text.split('\n').filter(Boolean);
    expect(fileLines.length).toBeGreaterThan(0);
    for (const l of fileLines) expect(l).toMatch(/Tomcat|Hikari/i);

    // download the full log straight from the API, as olivia
    const href = await page.getByRole('link', { name: 'Download full log' }).getAttribute('href');
    const full = await page.request.get(href!);
    expect(full.status()).toBe(200);
    expect(full.headers()['content-disposition']).toContain('attachment');
    expect(await full.text()).toContain('Spring Boot');
  });

  test('the lines are reachable by keyboard: move, select a range, copy a line and a link', async ({
    page,
  }) => {
    await signIn(page, 'olivia');
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    const [pod] = pods('haierpsi-foo-dev', 'foo');
    await page.goto(podLogsHref('dev-cluster', 'haierpsi-foo-dev', pod!));
    await expect(logLines(page).first()).toBeVisible({ timeout: 20_000 });
    const focused = page.locator('[data-testid="logs-lines"] [role="listitem"]:focus');
    const focusedLine = async () =>
      Number(await focused.locator('[data-line]').getAttribute('data-line'));

    // one Tab stop after the filter controls; the keys are said while the list has focus
    await page.getByRole('checkbox', { name: 'Regex' }).focus();
    await page.keyboard.press('Tab');
    await expect(focused).toHaveCount(1);
    await expect(page.getByText(/Shift\+↑ ↓ select lines/)).toBeVisible();
    await expect(page.getByTestId('logs-following')).toBeVisible();

    // moving the focus stops following
    await page.keyboard.press('Home');
    await expect(page.getByRole('button', { name: 'Jump to live' })).toBeVisible();
    await expect.poll(focusedLine).toBe(1);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await expect.poll(focusedLine).toBe(3);
    await page.keyboard.press('Shift+ArrowDown');
    await page.keyboard.press('Shift+ArrowDown');
    await expect.poll(focusedLine).toBe(5);
    await expect(page.getByText('Link to lines 3–5')).toBeVisible();
    await expect(page.locator('[data-line="4"]')).toHaveClass(/selectedRow/);
    await page.keyboard.press('Shift+ArrowUp');
    await expect(page.getByText('Link to lines 3–4')).toBeVisible();

    // L copies a link to the range
    await page.keyboard.press('l');
    await expect(page.getByRole('status').filter({ hasText: 'Link copied' })).toBeVisible();
    const link = String(await page.evaluate('navigator.clipboard.readText()'));
    expect(link.startsWith(page.url().replace(/#.*$/, ''))).toBe(true);
    expect(new URL(link).hash).toBe(new URL(page.url()).hash);

    // C copies the focused line
    await page.keyboard.press('ArrowDown');
    await expect.poll(focusedLine).toBe(5);
    await page.keyboard.press('c');
    await expect(page.getByRole('status').filter({ hasText: 'Line copied' })).toBeVisible();
    const copied = String(await page.evaluate('navigator.clipboard.readText()'));
    expect(copied.length).toBeGreaterThan(0);
    expect(await page.locator('[data-line="5"]').textContent()).toContain(copied.slice(0, 40));

    // PgDn and End move by pages and to the last line, scrolling the virtualized list along
    await page.keyboard.press('PageDown');
    await expect.poll(focusedLine).toBeGreaterThan(10);
    await page.keyboard.press('End');
    await expect.poll(focusedLine).toBeGreaterThan(100);
    await expect(focused).toBeInViewport();
    await expect(page.getByRole('button', { name: 'Jump to live' })).toBeVisible();

    const axe = await new AxeBuilder({ page }).analyze();
    expect(axe.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`)).toEqual([]);
  });

  test('a line link names the lines, not positions: it opens them later, highlighted', async ({
    page,
    context,
  }) => {
    await signIn(page, 'olivia');
    const [pod] = pods('haierpsi-foo-dev', 'foo');
    await page.goto(podLogsHref('dev-cluster', 'haierpsi-foo-dev', pod!));
    await expect(logLines(page).first()).toBeVisible({ timeout: 20_000 });
    await page.getByRole('button', { name: 'Bottom' }).click();
    const last = Number(await logLines(page).last().getAttribute('data-line'));
    const from = last - 6;
    await page.getByRole('button', { name: `Link to line ${from}`, exact: true }).click();
    await page
      .getByRole('button', { name: `Link to line ${from + 2}`, exact: true })
      .click({ modifiers: ['Shift'] });
    await expect(page).toHaveURL(new RegExp(`#L=${pod}/app/[^,]+,${pod}/app/`));
    const textOf = (t: string | null) => (t ?? '').replace(/^\d+/, '').replace(/Copy$/, '');
    const picked: string[] = [];
    for (let n = from; n <= from + 2; n++)
      picked.push(textOf(await page.locator(`[data-line="${n}"]`).textContent()));
    const link = page.url();

    // later, in another page: more lines have arrived, the view starts elsewhere, the lines are found
    const before = await logLineCount(page);
    await expect.poll(() => logLineCount(page), { timeout: 15_000 }).toBeGreaterThan(before + 2);
    const other = await context.newPage();
    await other.goto(link);
    const selected = other.locator('[data-line][class*="selectedRow"]');
    await expect(selected).toHaveCount(3, { timeout: 20_000 });
    expect((await selected.allTextContents()).map(textOf)).toEqual(picked);
    await expect(selected.first()).toBeInViewport();
    await expect(other.getByRole('button', { name: 'Jump to live' })).toBeVisible();
    // it stays there while the live log moves on
    const shown = await logLineCount(other);
    await expect.poll(() => logLineCount(other), { timeout: 15_000 }).toBeGreaterThan(shown);
    await expect(selected.first()).toBeInViewport();
    await expect(other).toHaveURL(link);

    // an old link names positions in the view, and still works
    const old = await context.newPage();
    await old.goto(link.replace(/#.*$/, '#L3-L5'));
    const oldSelected = old.locator('[data-line][class*="selectedRow"]');
    await expect(oldSelected).toHaveCount(3, { timeout: 20_000 });
    expect(
      await oldSelected.evaluateAll((els) => els.map((e) => e.getAttribute('data-line'))),
    ).toEqual(['3', '4', '5']);

    // a link to lines no longer in the log says so
    const gone = await context.newPage();
    await gone.goto(link.replace(/\/\d+$/, '/999'));
    await expect(gone.getByRole('status').filter({ hasText: 'no longer in this log' })).toBeVisible(
      {
        timeout: 20_000,
      },
    );
  });

  test('the app view merges the lines of all three pods of foo', async ({ page }) => {
    await signIn(page, 'olivia');
    const names = pods('haierpsi-foo-dev', 'foo');
    expect(names).toHaveLength(3);
    await page.goto(appLogsHref('dev-cluster', 'haierpsi-foo-dev', 'foo'));
    const legend = page.getByRole('list', { name: 'Pods in this view' });
    for (const n of names) await expect(legend).toContainText(n);
    await expect
      .poll(
        async () => {
          const tags = await page
            .getByTestId('logs-lines')
            .locator('[data-line] > span:first-of-type')
            .allTextContents();
          return new Set(tags.filter((t) => names.includes(t))).size;
        },
        { timeout: 20_000 },
      )
      .toBe(3);
    await expect(page.getByTestId('logs-cap')).toHaveCount(0);

    // a lower cap is stated on screen, never applied silently
    await page.getByRole('combobox', { name: 'Pods' }).selectOption('2');
    await expect(page.getByTestId('logs-cap')).toHaveText(
      'Showing 2 of 3 pods (at most 2 per view)',
    );
    await expect(legend.getByRole('listitem')).toHaveCount(2);
  });

  test("the app view picks a container across the app's pods, init containers marked", async ({
    page,
  }) => {
    // An app with an init container, a Spring Boot main container and an nginx sidecar.
    const dir = mkdtempSync(path.join(tmpdir(), 'wharf-logs-'));
    const file = path.join(dir, 'multi.json');
    const labels = { 'app.kubernetes.io/name': 'multi', 'app.kubernetes.io/part-of': 'haierpsi' };
    const resources = {
      requests: { cpu: '10m', memory: '16Mi' },
      limits: { cpu: '50m', memory: '64Mi' },
    };
    writeFileSync(
      file,
      JSON.stringify({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'multi', namespace: 'haierpsi-foo-dev', labels },
        spec: {
          replicas: 2,
          selector: { matchLabels: labels },
          template: {
            metadata: { labels },
            spec: {
              initContainers: [{ name: 'migrate', image: 'busybox:1.36', resources }],
              containers: [
                { name: 'app', image: 'eclipse-temurin:21-jre', resources },
                { name: 'proxy', image: 'nginx:1.27.3', resources },
              ],
            },
          },
        },
      }),
    );
    kubectl('dev-cluster', 'apply', '-f', file);
    await expect.poll(() => pods('haierpsi-foo-dev', 'multi').length, { timeout: 15_000 }).toBe(2);
    await signIn(page, 'olivia');
    await page.goto(appLogsHref('dev-cluster', 'haierpsi-foo-dev', 'multi'));
    const picker = page.getByRole('combobox', { name: 'Container' });
    await expect(picker).toHaveValue('app');
    await expect(picker.locator('option')).toHaveText(['migrate (init)', 'app', 'proxy']);
    // Spring Boot lines name the app in every line; nginx access lines are in the combined format
    await expect(logLines(page).last()).toContainText(' --- [multi] ', { timeout: 20_000 });
    await expect(
      page.getByRole('list', { name: 'Pods in this view' }).getByRole('listitem'),
    ).toHaveCount(2);

    // switching restarts the stream for that container in every pod
    await picker.selectOption('proxy');
    await expect(logLines(page).last()).toContainText(/"(GET|POST|PUT|PATCH|DELETE|HEAD) \//, {
      timeout: 20_000,
    });
    await expect(page.getByTestId('logs-lines')).not.toContainText(' --- [multi] ');
    await expect(
      page.getByRole('list', { name: 'Pods in this view' }).getByRole('listitem'),
    ).toHaveCount(2);
    kubectl(
      'dev-cluster',
      'delete',
      'deployment',
      '-n',
      'haierpsi-foo-dev',
      'multi',
      '--wait=false',
    );
  });

  test('olivia reads the previous log of the crash-looping ai-server', async ({ page }) => {
    const [pod] = pods('ai-test', 'ai-server');
    await expect
      .poll(
        () =>
          Number(
            kubectl(
              'dev-cluster',
              'get',
              'pod',
              '-n',
              'ai-test',
              pod!,
              '-o',
              'jsonpath={.status.containerStatuses[0].restartCount}',
            ) || 0,
          ),
        { timeout: 40_000 },
      )
      .toBeGreaterThan(0);
    await signIn(page, 'olivia');
    await page.goto(podLogsHref('dev-cluster', 'ai-test', pod!));
    await page.getByRole('checkbox', { name: 'Previous container' }).check();
    const ended = page.getByTestId('logs-ended');
    await expect(ended).toHaveAttribute('data-reason', 'completed', { timeout: 20_000 });
    await expect(page.getByTestId('logs-lines')).toContainText(/panic|Exception|failed/);
  });

  test('victor (viewer) may read foo but not ai-test; alice is refused haierpsi', async ({
    page,
  }) => {
    await signIn(page, 'victor');
    const [pod] = pods('haierpsi-foo-dev', 'foo');
    await page.goto(podLogsHref('dev-cluster', 'haierpsi-foo-dev', pod!));
    await expect(logLines(page).first()).toBeVisible({ timeout: 20_000 });
    const [ai] = pods('ai-test', 'ai-api');
    await page.goto(podLogsHref('dev-cluster', 'ai-test', ai!));
    await expect(page.getByTestId('forbidden')).toContainText('No access to this namespace');
    await expect(page.getByTestId('logs-lines')).toHaveCount(0);

    await page.context().clearCookies();
    await signIn(page, 'alice');
    await page.goto(appLogsHref('dev-cluster', 'haierpsi-foo-dev', 'foo'));
    await expect(page.getByTestId('forbidden')).toContainText('haierpsi-foo-dev');
    await expect(page.getByText(pod!)).toHaveCount(0);
  });

  test('the view says why the stream ended when its pod is deleted', async ({ page }) => {
    await signIn(page, 'olivia');
    const [pod] = pods('haierpsi-bar-dev', 'bar');
    await page.goto(podLogsHref('dev-cluster', 'haierpsi-bar-dev', pod!));
    await expect(logLines(page).first()).toBeVisible({ timeout: 20_000 });
    kubectl(
      'dev-cluster',
      'delete',
      'pod',
      '-n',
      'haierpsi-bar-dev',
      pod!,
      '--grace-period=1',
      '--wait=false',
    );
    const ended = page.getByTestId('logs-ended');
    await expect(ended).toHaveAttribute('data-reason', 'deleted', { timeout: 20_000 });
    await expect(ended).toContainText('The pod was deleted.');
    // nothing to resume: the pod is gone
    await expect(ended.getByRole('button', { name: 'Resume from last line' })).toHaveCount(0);
    await expect(page.locator('[data-marker="end.deleted"]')).toBeVisible();
  });
});
