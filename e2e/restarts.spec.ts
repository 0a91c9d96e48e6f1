// The console against a simulator it did not start (`npm run sim` + kubeconfig, as against a real
// cluster), and each of them killed under a browser: the simulator while it looks at live pods →
// "reconnecting", then, back with the same state, the table matches the cluster with no stale rows;
// the console while it shows a live log → "connection lost", then, once it is back, Resume continues
// the log with no line twice and none missing.
import { expect, test, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { simEnv, simNodeArgs } from '../lib/sim-launch';
import { podLogsHref } from '../lib/routes';
import { logLineCount, logLines } from './support/logs';
import { expectTableMatchesCluster } from './support/pods';
import { kubectlWith, signIn } from './support/session';

const CONSOLE_PORT = Number(process.env.E2E_PORT ?? 3100) + 50;
const SIM_PORT = Number(process.env.E2E_SIM_PORT ?? 16443);
const STATE = path.resolve('.wharf/e2e-restart');
const KUBECONFIG = path.join(STATE, 'kubeconfig');
// The users file the Playwright web server's embedded mode wrote (the demo users).
const USERS = path.resolve(process.env.WHARF_E2E_USERS ?? '.wharf/e2e/users.yaml');
const NAMESPACE = 'haierpsi-foo-dev';

test.use({ baseURL: `http://localhost:${CONSOLE_PORT}` });
test.describe.configure({ mode: 'serial', timeout: 120_000 });

/** Starts a process and resolves once a line of its output contains `ready`. */
function startUntil(cmd: string, args: string[], env: NodeJS.ProcessEnv, ready: string) {
  const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  return new Promise<ChildProcess>((resolve, reject) => {
    let out = '';
    const onData = (c: Buffer): void => {
      out += c.toString();
      if (out.includes(ready)) resolve(child);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${cmd} exited (${code}):\n${out}`)));
  });
}

function startSim(): Promise<ChildProcess> {
  return startUntil(
    process.execPath,
    [
      ...simNodeArgs(),
      'sim/main.ts',
      '--state',
      path.join(STATE, 'sim'),
      '--kubeconfig',
      KUBECONFIG,
      '--port',
      String(SIM_PORT),
    ],
    simEnv(),
    'sim ready',
  );
}

async function stop(child: ChildProcess | undefined, signal: NodeJS.Signals): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  process.kill(-child.pid!, signal);
  await exited;
}

/** The production build the web server made; kubeconfig mode with the console's own contexts. */
function startConsole(): Promise<ChildProcess> {
  return startUntil(
    'npx',
    ['tsx', 'scripts/start.ts'],
    {
      ...process.env,
      PORT: String(CONSOLE_PORT),
      HOST: 'localhost',
      WHARF_EMBEDDED: '0',
      KUBECONFIG,
      WHARF_CONTEXTS: 'dev-cluster-wharf-console,prod-cluster-wharf-console',
      WHARF_STATE_DIR: STATE,
      WHARF_USERS_FILE: USERS,
    },
    'console ready',
  );
}

let sim: ChildProcess | undefined;
let console_: ChildProcess | undefined;

test.beforeAll(async () => {
  fs.rmSync(STATE, { recursive: true, force: true });
  sim = await startSim();
  console_ = await startConsole();
});

test.afterAll(async () => {
  await stop(console_, 'SIGTERM');
  await stop(sim, 'SIGKILL');
});

const kubectl = (...args: string[]): string => kubectlWith(KUBECONFIG, 'dev-cluster', ...args);

function clusterPods(): string[] {
  return kubectl(
    'get',
    'pods',
    '-n',
    NAMESPACE,
    '-o',
    'jsonpath={range .items[*]}{.metadata.name}{"\\n"}{end}',
  )
    .split('\n')
    .filter(Boolean)
    .sort();
}

async function tablePods(page: Page): Promise<string[]> {
  const names = await page
    .getByTestId('pod-row')
    .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-pod') ?? ''));
  return names.filter((n) => n.startsWith('foo-')).sort();
}

test('a killed and restarted simulator: "reconnecting", then the cluster as it is', async ({
  page,
}) => {
  await signIn(page, 'olivia');
  await page.goto('/projects/haierpsi');
  await expect(page.locator('[data-testid="pod-row"][data-pod^="foo-"]').first()).toBeVisible();
  await expect(page.getByTestId('stream-state')).toHaveAttribute('data-state', 'open');
  await expect.poll(() => tablePods(page)).toEqual(clusterPods());

  await stop(sim, 'SIGKILL');
  await expect(page.getByTestId('reconnecting')).toBeVisible({ timeout: 30_000 });

  sim = await startSim();
  // The cluster changes as soon as it is back; the table must end up exactly as the cluster is.
  const victim = clusterPods()[0]!;
  kubectl('delete', 'pod', victim, '-n', NAMESPACE, '--wait=false');
  await expect(page.getByTestId('reconnecting')).toBeHidden({ timeout: 60_000 });
  await expect(page.getByTestId('stream-state')).toHaveAttribute('data-state', 'open');
  await expectTableMatchesCluster(() => tablePods(page), clusterPods, 30_000);
});

test('a killed and restarted console: "connection lost", then Resume continues the log exactly', async ({
  page,
}) => {
  await signIn(page, 'olivia');
  const pod = clusterPods().find((p) => p.startsWith('foo-'))!;
  await page.goto(podLogsHref('dev-cluster', NAMESPACE, pod));
  await page.getByRole('checkbox', { name: 'Timestamps' }).check();
  await expect(logLines(page).first()).toBeVisible({ timeout: 20_000 });
  const before = await logLineCount(page);
  await expect.poll(() => logLineCount(page), { timeout: 15_000 }).toBeGreaterThan(before);

  await stop(console_, 'SIGKILL');
  const ended = page.getByTestId('logs-ended');
  await expect(ended).toHaveAttribute('data-reason', 'lost', { timeout: 15_000 });
  await expect(ended).toContainText('The connection was lost.');
  const held = await logLineCount(page);

  // The session outlives the console (its secret is in the state directory); the pod logs on meanwhile.
  console_ = await startConsole();
  await ended.getByRole('button', { name: 'Resume from last line' }).click();
  await expect(page.getByTestId('logs-state')).toHaveText('Live', { timeout: 15_000 });
  await expect(ended).toHaveCount(0);
  await expect.poll(() => logLineCount(page), { timeout: 15_000 }).toBeGreaterThan(held + 2);

  // What the view holds is exactly the pod's log over that time: no line twice, none missing.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download shown' }).click(),
  ]);
  const shown = Buffer.concat(await (await download.createReadStream()).toArray())
    .toString('utf8')
    .split('\n')
    .filter(Boolean);
  expect(new Set(shown).size).toBe(shown.length);
  const first = shown[0]!.slice(0, 30);
  const last = shown.at(-1)!.slice(0, 30);
  const truth = kubectl('logs', '-n', NAMESPACE, pod, '--timestamps')
    .split('\n')
    .filter((l) => l.slice(0, 30) >= first && l.slice(0, 30) <= last);
  expect(shown).toEqual(truth);
});
