// The web terminal end to end: olivia opens a shell in a foo pod, runs ls and cat on a file she finds,
// resizes the window and stty follows, exits with 3 and reconnects; tabs; victor is refused in words; axe.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { podTerminalHref } from '../lib/routes';
import { kubectl, signIn } from './support/session';

const NS = 'haierpsi-foo-dev';

/** A Running foo pod in haierpsi's dev namespace, as the cluster admin sees it. */
async function runningFooPod(): Promise<string> {
  let pod = '';
  await expect
    .poll(
      () => {
        const list = JSON.parse(
          kubectl(
            'dev-cluster',
            'get',
            'pods',
            '-n',
            NS,
            '-l',
            'app.kubernetes.io/name=foo',
            '-o',
            'json',
          ),
        ) as { items: { metadata: { name: string }; status?: { phase?: string } }[] };
        pod = list.items.find((p) => p.status?.phase === 'Running')?.metadata.name ?? '';
        return pod;
      },
      { timeout: 30_000 },
    )
    .not.toBe('');
  return pod;
}

/** The visible terminal tab's pane. */
function activePane(page: Page): Locator {
  return page.locator('[role="tabpanel"]:not([hidden])').getByTestId('terminal-pane');
}

/** What xterm shows on screen, row by row (its DOM renderer draws spaces as no-break spaces). */
async function screenText(pane: Locator): Promise<string> {
  const text = await pane.locator('.xterm-rows').innerText();
  return text.replace(/\u00a0/g, ' ');
}

async function run(page: Page, pane: Locator, command: string): Promise<void> {
  await pane.getByTestId('terminal-screen').click();
  await page.keyboard.type(command);
  await page.keyboard.press('Enter');
}

async function openTerminal(page: Page, user: string, pod: string): Promise<Locator> {
  await signIn(page, user);
  await page.goto(podTerminalHref('dev-cluster', NS, pod));
  await expect(page.getByRole('heading', { level: 1, name: pod })).toBeVisible();
  return activePane(page);
}

test.describe('web terminal', () => {
  test('olivia runs ls and cat, resizes, exits with 3 and reconnects', async ({ page }) => {
    const pod = await runningFooPod();
    // xterm sets inline styles: the console's CSP must let them through.
    const cspErrors: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) cspErrors.push(m.text());
    });
    await page.setViewportSize({ width: 1280, height: 800 });
    const pane = await openTerminal(page, 'olivia', pod);
    await expect(pane).toHaveAttribute('data-status', 'open');
    const banner = pane.getByRole('definition');
    await expect(banner.filter({ hasText: 'olivia' })).toHaveCount(1);
    await expect(banner.filter({ hasText: pod })).toHaveCount(1);

    await run(page, pane, 'ls');
    await expect.poll(() => screenText(pane)).toMatch(/\w+\.properties/);
    const file = (await screenText(pane)).match(/([\w.-]+\.properties)/)![1]!;
    await run(page, pane, `cat ${file}`);
    await expect.poll(() => screenText(pane)).toContain('server.port=8080');

    // The window shrinks: xterm refits, the banner shows the size and the shell's tty agrees.
    const before = await pane.getByTestId('terminal-size').innerText();
    await page.setViewportSize({ width: 1000, height: 640 });
    await expect(pane.getByTestId('terminal-size')).not.toHaveText(before);
    const [cols, rows] = (await pane.getByTestId('terminal-size').innerText()).split('×');
    await run(page, pane, 'clear');
    await run(page, pane, 'stty size');
    await expect.poll(() => screenText(pane)).toContain(`\n${rows} ${cols}`);

    await run(page, pane, 'exit 3');
    await expect(pane.getByTestId('terminal-ended')).toContainText('exit code 3');
    await expect(pane).toHaveAttribute('data-status', 'exited');
    await expect(page.getByRole('tab', { selected: true })).toHaveText('app (ended)');

    await pane.getByRole('button', { name: 'Reconnect' }).click();
    await expect(pane).toHaveAttribute('data-status', 'open');
    await expect(page.getByRole('tab', { selected: true })).toHaveText('app');
    await run(page, pane, 'echo back-$((40+2))');
    await expect.poll(() => screenText(pane)).toContain('back-42');
    expect(cspErrors).toEqual([]);
  });

  test('several terminals as tabs stay connected; text size changes', async ({ page }) => {
    const pod = await runningFooPod();
    const first = await openTerminal(page, 'olivia', pod);
    await expect(first).toHaveAttribute('data-status', 'open');
    await run(page, first, 'echo first-tab');
    await page.getByRole('button', { name: 'New terminal' }).click();
    const tabs = page.getByRole('tab');
    await expect(tabs).toHaveCount(2);
    await expect(tabs.nth(1)).toHaveAttribute('aria-selected', 'true');
    const second = activePane(page);
    await expect(second).toHaveAttribute('data-status', 'open');
    expect(await screenText(second)).not.toContain('first-tab');

    const size = await second.getByTestId('terminal-size').innerText();
    await page.getByRole('button', { name: 'Larger text' }).click();
    await expect(second.getByTestId('terminal-size')).not.toHaveText(size);

    // Back to the first by keyboard: it kept its session and its screen.
    await tabs.nth(1).focus();
    await page.keyboard.press('ArrowLeft');
    await expect(tabs.nth(0)).toHaveAttribute('aria-selected', 'true');
    await expect(activePane(page)).toHaveAttribute('data-status', 'open');
    expect(await screenText(activePane(page))).toContain('first-tab');

    await activePane(page)
      .getByRole('button', { name: /^Close terminal/ })
      .click();
    await expect(tabs).toHaveCount(1);
  });

  test('pastes from and copies to the clipboard', async ({ page, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    const pod = await runningFooPod();
    const pane = await openTerminal(page, 'olivia', pod);
    await expect(pane).toHaveAttribute('data-status', 'open');
    await page.evaluate(() => navigator.clipboard.writeText('echo pasted-$((20+3))\r'));
    await page.getByRole('button', { name: 'Paste' }).click();
    await expect.poll(() => screenText(pane)).toContain('pasted-23');

    await page.getByRole('button', { name: 'Copy' }).click();
    await expect(page.getByText('Select text in the terminal to copy it.')).toBeVisible();
    // xterm selects a word on double-click: the output line's word, then Copy puts it on the clipboard.
    const row = pane.locator('.xterm-rows > div').filter({ hasText: /^pasted-23\s*$/ });
    // The row sits under xterm's screen layer, which takes the mouse: click at the row's place.
    const box = (await row.boundingBox())!;
    await page.mouse.dblclick(box.x + 20, box.y + box.height / 2);
    await page.getByRole('button', { name: 'Copy' }).click();
    await expect(page.getByText('Copied the selection.')).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toContain('pasted');
  });

  test("victor is refused with the API server's reason", async ({ page }) => {
    const pod = await runningFooPod();
    const pane = await openTerminal(page, 'victor', pod);
    const alert = pane.getByRole('alert');
    await expect(alert).toContainText('could not be opened');
    await expect(alert).toContainText(/victor.*cannot.*pods\/exec/);
    await expect(pane).toHaveAttribute('data-status', 'failed');

    // A pod of a project that is not victor's: not found, nothing of it shown, no socket opened.
    const aiPod = JSON.parse(kubectl('dev-cluster', 'get', 'pods', '-n', 'ai-test', '-o', 'json'))
      .items[0].metadata.name as string;
    await page.goto(podTerminalHref('dev-cluster', 'ai-test', aiPod));
    await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
    await expect(page.getByTestId('terminal-pane')).toHaveCount(0);
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    test(`the terminal page has no axe violations (${colorScheme})`, async ({ page }) => {
      const pod = await runningFooPod();
      await page.emulateMedia({ colorScheme });
      const pane = await openTerminal(page, 'olivia', pod);
      await expect(pane).toHaveAttribute('data-status', 'open');
      await run(page, pane, 'ls');
      await expect.poll(() => screenText(pane)).toContain('app.jar');
      const results = await new AxeBuilder({ page }).analyze();
      expect(results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`)).toEqual([]);
    });
  }
});
