// Live data through the real console: N browser-like clients on one pods list over /api/stream (one
// upstream watch, event → client latency), and the BFF's memory with a 10,000-pod list cached.
import { execFileSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { WebSocket } from 'ws';
import type { ServerFrame } from '../lib/contracts/stream';
import { clustersFromKubeconfig, type ClusterConnection } from '../server/kube/clusters';
import { kubeJson, kubeStream } from '../server/kube/transport';
import { loadPodsRunning, signIn, startBenchConsole, type BenchConsole } from './console';
import { percentile } from './stats';

const CLIENTS = 50;
const CHANGES = 30;
const BENCH_ANNOTATION = 'wharf.bench/seq';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Pod WATCH requests open on the cluster, from the simulator's /metrics (as kube-apiserver's). */
async function podWatches(admin: ClusterConnection): Promise<number> {
  const res = await kubeStream(admin, { path: '/metrics', accept: 'text/plain' });
  let text = '';
  for await (const c of res) text += String(c);
  const m = /apiserver_longrunning_requests\{resource="pods",verb="WATCH"\} (\d+)/.exec(text);
  return m ? Number(m[1]) : 0;
}

/** RSS of the console's server process (the node running scripts/start.ts, not npx, not the simulator). */
function consoleRssMb(console: BenchConsole): number {
  const out = execFileSync('ps', ['-o', 'rss=,args=', '-g', String(console.pid)], {
    encoding: 'utf8',
  });
  const rss = out
    .split('\n')
    .filter((l) => l.includes('scripts/start.ts') && !/\bnpm\b|npx/.test(l))
    .map((l) => Number(l.trim().split(/\s+/)[0]));
  return Math.max(0, ...rss) / 1024;
}

interface Client {
  ws: WebSocket;
  snapshot: Promise<{ items: number; bytes: number }>;
}

function openClient(
  c: BenchConsole,
  cookie: string,
  onEvents: (events: Extract<ServerFrame, { type: 'events' }>['events']) => void,
): Promise<Client> {
  const ws = new WebSocket(`${c.url.replace('http', 'ws')}/api/stream`, {
    headers: { origin: c.url, cookie },
    maxPayload: 512 * 1024 * 1024,
  });
  const snapshot = new Promise<{ items: number; bytes: number }>((resolve, reject) => {
    ws.on('message', (data: Buffer) => {
      const f = JSON.parse(String(data)) as ServerFrame;
      if (f.type === 'snapshot') resolve({ items: f.items.length, bytes: data.length });
      else if (f.type === 'events') onEvents(f.events);
      else if (f.type === 'error') reject(new Error(`stream error ${f.code}: ${f.message}`));
    });
    ws.on('error', reject);
  });
  return new Promise((resolve, reject) => {
    ws.on('open', () => resolve({ ws, snapshot }));
    ws.on('error', reject);
  });
}

function subscribe(ws: WebSocket, namespace: string): void {
  ws.send(
    JSON.stringify({
      type: 'subscribe',
      id: 'pods',
      cluster: 'dev-cluster',
      group: '',
      version: 'v1',
      resource: 'pods',
      namespace,
    }),
  );
}

export async function benchConsoleStream(pods: number): Promise<string[]> {
  const c = await startBenchConsole({ extraPods: pods, name: 'stream', port: 3201 });
  const sockets: WebSocket[] = [];
  try {
    const [admin] = clustersFromKubeconfig(c.kubeconfig, ['dev-cluster']);
    if (!admin) throw new Error('no dev-cluster context');
    await loadPodsRunning(c);
    const alice = await signIn(c.url, 'alice');
    const rssStart = consoleRssMb(c);

    // 1. CLIENTS browsers on ai-test's pods: one upstream watch, latency of a change to every one.
    const before = await podWatches(admin);
    const sentAt = new Map<string, number>();
    const latencies: number[] = [];
    const clients = await Promise.all(
      Array.from({ length: CLIENTS }, () => {
        const seen = new Set<string>();
        return openClient(c, alice, (events) => {
          const t = performance.now();
          for (const e of events) {
            const meta = e.object.metadata as { annotations?: Record<string, string> };
            const seq = meta.annotations?.[BENCH_ANNOTATION];
            const t0 = seq === undefined ? undefined : sentAt.get(seq);
            if (seq === undefined || t0 === undefined || seen.has(seq)) continue;
            seen.add(seq);
            latencies.push(t - t0);
          }
        });
      }),
    );
    for (const cl of clients) {
      sockets.push(cl.ws);
      subscribe(cl.ws, 'ai-test');
    }
    await Promise.all(clients.map((cl) => cl.snapshot));
    await sleep(500); // the upstream WATCH follows the LIST
    const upstream = (await podWatches(admin)) - before;
    const list = await kubeJson<{ items: { metadata: { name: string } }[] }>(admin, {
      path: '/api/v1/namespaces/ai-test/pods',
    });
    const target = list.items[0]?.metadata.name;
    if (!target) throw new Error('no pods in ai-test');
    const run = Date.now().toString(36);
    for (let k = 0; k < CHANGES; k++) {
      const seq = `${run}-${k}`;
      sentAt.set(seq, performance.now());
      await kubeJson(admin, {
        method: 'PATCH',
        path: `/api/v1/namespaces/ai-test/pods/${target}`,
        contentType: 'application/merge-patch+json',
        body: { metadata: { annotations: { [BENCH_ANNOTATION]: seq } } },
      });
      await sleep(200);
    }
    await sleep(1000);
    const expected = CLIENTS * CHANGES;
    const rssClients = consoleRssMb(c);

    // 2. One admin browser on the namespace of `pods` pods: snapshot time, then the BFF's memory.
    const adminCookie = await signIn(c.url, 'admin');
    const big = await openClient(c, adminCookie, () => undefined);
    sockets.push(big.ws);
    const t0 = performance.now();
    subscribe(big.ws, 'sim-load');
    const snap = await big.snapshot;
    const snapshotMs = performance.now() - t0;
    await sleep(2000);
    const rssCached = consoleRssMb(c);
    const kubectlMs = [0, 1, 2].map(() => {
      const t = performance.now();
      execFileSync(
        'kubectl',
        [
          '--kubeconfig',
          c.kubeconfig,
          '--context',
          'dev-cluster',
          'get',
          'pods',
          '-n',
          'sim-load',
          '-o',
          'json',
        ],
        { maxBuffer: 1 << 30, stdio: ['ignore', 'ignore', 'inherit'] },
      );
      return performance.now() - t;
    });
    const p95 = percentile(latencies, 95);
    const kubectlMedian = percentile(kubectlMs, 50);
    return [
      `| ${CLIENTS} signed-in clients on one pods list over \`/api/stream\` → upstream WATCH requests (simulator \`/metrics\`) | ${upstream} | exactly 1 | ${upstream === 1 ? 'met' : 'MISSED'} |`,
      `| pod change (PATCH) → event frame at each of ${CLIENTS} clients (${latencies.length} of ${expected} delivered) | p50 ${percentile(latencies, 50).toFixed(0)} ms, p95 ${p95.toFixed(0)} ms | p95 < 250 ms | ${p95 < 250 && latencies.length === expected ? 'met' : 'MISSED'} |`,
      `| console RSS: after start / with ${CLIENTS} clients / with ${snap.items} pods cached and sent | ${rssStart.toFixed(0)} / ${rssClients.toFixed(0)} / ${rssCached.toFixed(0)} MB | — | |`,
      `| subscribe → snapshot of ${snap.items} pods through the console (${(snap.bytes / 1e6).toFixed(1)} MB frame; includes the BFF's first LIST) | ${snapshotMs.toFixed(0)} ms | — | ratio to kubectl ${(snapshotMs / kubectlMedian).toFixed(2)} |`,
      `| \`kubectl get pods -n sim-load -o json\` (same ${snap.items} pods) | median ${kubectlMedian.toFixed(0)} ms | — | |`,
    ];
  } finally {
    for (const ws of sockets) ws.terminate();
    await c.stop();
  }
}
