// The pod list at scale: admin opens sim-load (10,000 pods) in Chromium; time to the first rows, the
// lag from a pod deleted through the API to the open list showing it, and the tab's JS heap; with
// `kubectl get pods` on the same namespace as the baseline. Run alone: `npx tsx bench/pods.ts`.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import { chromium, type Page } from '@playwright/test';
import YAML from 'yaml';
import { namespacePodsHref } from '../lib/routes';
import { browserCookies, loadPodsRunning, signIn, startBenchConsole } from './console';
import { percentile, runIfMain } from './stats';

const PODS = 10_000;
const SAMPLES = 20;
const NAMESPACE = 'sim-load';

/** DELETE a pod as the cluster admin, straight to the API server (no kubectl start-up in the timing). */
function deleter(kubeconfig: string): (pod: string) => Promise<number> {
  const kc = YAML.parse(fs.readFileSync(kubeconfig, 'utf8')) as {
    clusters: { name: string; cluster: { server: string; 'certificate-authority-data': string } }[];
    users: { name: string; user: { token: string } }[];
    contexts: { name: string; context: { cluster: string; user: string } }[];
  };
  const ctx = kc.contexts.find((c) => c.name === 'dev-cluster')!.context;
  const cluster = kc.clusters.find((c) => c.name === ctx.cluster)!.cluster;
  const token = kc.users.find((u) => u.name === ctx.user)!.user.token;
  const agent = new https.Agent({
    keepAlive: true,
    ca: Buffer.from(cluster['certificate-authority-data'], 'base64').toString(),
  });
  return (pod) =>
    new Promise((resolve, reject) => {
      const req = https.request(
        `${cluster.server}/api/v1/namespaces/${NAMESPACE}/pods/${pod}`,
        { method: 'DELETE', agent, headers: { Authorization: `Bearer ${token}` } },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', reject);
      req.end();
    });
}

/** The first rendered row that is not already going away. */
async function firstLivePod(page: Page): Promise<string> {
  return page.evaluate(() => {
    for (const row of document.querySelectorAll('[data-testid="pod-row"]')) {
      const status = row.querySelector('[data-testid="pod-status"]')?.textContent;
      if (status !== 'Terminating') return row.getAttribute('data-pod') ?? '';
    }
    return '';
  });
}

function verdict(ok: boolean): string {
  return ok ? 'met' : 'missed';
}

export async function benchPods(): Promise<string[]> {
  const app = await startBenchConsole({ extraPods: PODS, name: 'pods', port: 3413 });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
  try {
    await loadPodsRunning(app);
    const cookie = await signIn(app.url, 'admin');
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
    await context.addCookies(browserCookies(cookie, app.url));
    const page = await context.newPage();
    const url = app.url + namespacePodsHref('dev-cluster', NAMESPACE);

    // kubectl's own list of the same namespace (its start-up included, as a user waits for it).
    const kubectl = (): number => {
      const start = performance.now();
      const out = execFileSync(
        'kubectl',
        [
          '--kubeconfig',
          app.kubeconfig,
          '--context',
          'dev-cluster',
          'get',
          'pods',
          '-n',
          NAMESPACE,
        ],
        { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
      );
      const ms = performance.now() - start;
      if (out.split('\n').length < PODS) throw new Error('kubectl listed too few pods');
      return ms;
    };
    const kubectlCold = kubectl();
    const kubectlWarm = kubectl();

    const open = async (): Promise<number> => {
      const start = performance.now();
      await page.goto(url, { waitUntil: 'commit' });
      await page.locator('[data-testid="pod-row"]').first().waitFor({ state: 'visible' });
      return performance.now() - start;
    };
    // Warm the server's route code on a small namespace first: "first open" then means the first
    // look at these 10,000 pods (nothing of them cached in the BFF), not the server's first page.
    await page.goto(app.url + namespacePodsHref('dev-cluster', 'ai-test'));
    await page.locator('[data-testid="pod-row"]').first().waitFor({ state: 'visible' });
    const cold = await open();
    const warm = [await open(), await open(), await open()];
    const warmMedian = percentile(warm, 50);
    const rowsInDom = await page.locator('[data-testid="pod-row"]').count();
    const total = await page.getByTestId('pod-count').textContent();

    // Live: delete the first visible pod through the API and time until its row says so.
    const del = deleter(app.kubeconfig);
    const lags: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      const pod = await firstLivePod(page);
      if (!pod) throw new Error('no live row to delete');
      const seen = page.waitForFunction(
        (name) => {
          const row = document.querySelector(`[data-testid="pod-row"][data-pod="${name}"]`);
          return (
            !row || row.querySelector('[data-testid="pod-status"]')?.textContent === 'Terminating'
          );
        },
        pod,
        { polling: 'raf', timeout: 10_000 },
      );
      const start = performance.now();
      const code = await del(pod);
      if (code >= 300) throw new Error(`DELETE ${pod} answered ${code}`);
      await seen;
      lags.push(performance.now() - start);
    }
    const p50 = percentile(lags, 50);
    const p95 = percentile(lags, 95);

    const cdp = await context.newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = (await cdp.send('Runtime.getHeapUsage')) as {
      usedSize: number;
      totalSize: number;
    };
    const mb = (n: number) => `${(n / 2 ** 20).toFixed(0)} MB`;

    return [
      `| pod list: first rows of ${PODS.toLocaleString('en')} pods (sim-load), first open of the namespace (nothing cached in the BFF) | ${cold.toFixed(0)} ms | < 1500 ms | ${verdict(cold < 1500)} |`,
      `| pod list: first rows, next opens (median of 3) | ${warmMedian.toFixed(0)} ms | < 1500 ms | ${verdict(warmMedian < 1500)} |`,
      `| pod list: rows in the DOM (virtualized) / count shown | ${rowsInDom} / ${total ?? '?'} | a screenful | ${verdict(rowsInDom < 100)} |`,
      `| pod list: pod deleted via the API → shown in the list (${SAMPLES} samples) | p50 ${p50.toFixed(0)} ms, p95 ${p95.toFixed(0)} ms | p95 < 1000 ms | ${verdict(p95 < 1000)} |`,
      `| pod list: browser JS heap after GC with 10k pods open | ${mb(heap.usedSize)} used of ${mb(heap.totalSize)} | — | info |`,
      `| baseline: \`kubectl get pods -n sim-load\` (${PODS.toLocaleString('en')} pods) | first ${kubectlCold.toFixed(0)} ms, again ${kubectlWarm.toFixed(0)} ms | — | info |`,
    ];
  } finally {
    await browser.close();
    await app.stop();
  }
}

runIfMain(import.meta.url, benchPods);
