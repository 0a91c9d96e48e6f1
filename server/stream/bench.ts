// Stream fan-out benchmark: N browser-like clients on one pods list → upstream watches and event latency.
import http from 'node:http';
import type net from 'node:net';
import { performance } from 'node:perf_hooks';
import { WebSocket } from 'ws';
import type { ServerFrame } from '../../lib/contracts/stream';
import { AccessReviewer } from '../kube/access';
import {
  clustersFromKubeconfig,
  clustersFromSimulator,
  type ClusterConnection,
} from '../kube/clusters';
import { kubeJson, kubeStream, type Identity } from '../kube/transport';
import { WatchCache, type CachedObject } from '../kube/watch-cache';
import { createStreamHub } from './hub';

export interface StreamBenchOptions {
  /** The simulator's kubeconfig: `<cluster>-wharf-console` contexts for the console, `<cluster>` for admin. */
  kubeconfig: string;
  cluster?: string;
  namespace?: string;
  /** Who the clients are signed in as; must be allowed to list and watch pods there. */
  user?: Identity;
  clients?: number;
  /** Pod changes to time, one after another. */
  changes?: number;
  /** Pause between changes. */
  intervalMs?: number;
}

export interface StreamBenchResult {
  clients: number;
  /** Pod WATCH requests the simulator's /metrics counts for this run (expect 1). */
  upstreamWatches: number;
  /** Kubernetes change sent → event frame parsed by a client, over all clients and changes. */
  latencyMs: { samples: number; p50: number; p95: number; max: number };
  /** Changes that did not reach every client within 5 s. */
  lost: number;
  rssBytes: number;
}

const BENCH_ANNOTATION = 'wharf.bench/seq';

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function podWatchGauge(admin: ClusterConnection): Promise<number> {
  const res = await kubeStream(admin, { path: '/metrics', accept: 'text/plain' });
  let text = '';
  for await (const c of res) text += String(c);
  const m = /apiserver_longrunning_requests\{resource="pods",verb="WATCH"\} (\d+)/.exec(text);
  return m ? Number(m[1]) : 0;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Runs the benchmark against a running simulator and returns what it measured. */
export async function benchStream(opts: StreamBenchOptions): Promise<StreamBenchResult> {
  const clusterName = opts.cluster ?? 'dev-cluster';
  const namespace = opts.namespace ?? 'ai-test';
  const user = opts.user ?? { username: 'alice', groups: ['wharf:users'] };
  const n = opts.clients ?? 50;
  const changes = opts.changes ?? 30;
  const intervalMs = opts.intervalMs ?? 200;

  const clusters = new Map(clustersFromSimulator(opts.kubeconfig).map((c) => [c.name, c]));
  const [admin] = clustersFromKubeconfig(opts.kubeconfig, [clusterName]);
  if (!admin) throw new Error(`no admin context ${clusterName} in ${opts.kubeconfig}`);
  const cache = new WatchCache(clusters);
  const server = http.createServer((_q, r) => r.end());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  const hub = createStreamHub({
    ctx: { clusters, cache, access: new AccessReviewer(clusters) },
    authenticate: () => Promise.resolve(user),
    allowedOrigins: [origin],
  });
  server.on('upgrade', (req, socket, head) => {
    if (!hub.handleUpgrade(req, socket, head)) socket.destroy();
  });

  const sockets: WebSocket[] = [];
  const sentAt = new Map<string, number>();
  const received = new Map<string, number>();
  const latencies: number[] = [];
  let items: CachedObject[] = [];
  try {
    const before = await podWatchGauge(admin);
    let snapshots = 0;
    await Promise.all(
      Array.from({ length: n }, async () => {
        const ws = new WebSocket(`${origin.replace('http', 'ws')}/api/stream`, {
          headers: { origin },
        });
        sockets.push(ws);
        const seen = new Set<string>();
        ws.on('message', (data) => {
          const f = JSON.parse(String(data)) as ServerFrame;
          if (f.type === 'snapshot') {
            snapshots++;
            items = f.items as CachedObject[];
          }
          if (f.type !== 'events') return;
          const t = performance.now();
          for (const e of f.events) {
            const annotations = (e.object.metadata as { annotations?: Record<string, string> })
              .annotations;
            const seq = annotations?.[BENCH_ANNOTATION];
            const t0 = seq === undefined ? undefined : sentAt.get(seq);
            if (seq === undefined || t0 === undefined || seen.has(seq)) continue;
            seen.add(seq);
            latencies.push(t - t0);
            received.set(seq, (received.get(seq) ?? 0) + 1);
          }
        });
        await new Promise((resolve, reject) => {
          ws.on('open', resolve);
          ws.on('error', reject);
        });
        ws.send(
          JSON.stringify({
            type: 'subscribe',
            id: 'pods',
            cluster: clusterName,
            group: '',
            version: 'v1',
            resource: 'pods',
            namespace,
          }),
        );
      }),
    );
    for (let i = 0; i < 400 && snapshots < n; i++) await sleep(25);
    if (snapshots < n) throw new Error(`only ${snapshots} of ${n} clients got a snapshot`);
    const target = items[0]?.metadata.name;
    if (!target) throw new Error(`no pods in ${namespace} to change`);
    // The upstream WATCH follows the LIST: give it a moment to register.
    let upstreamWatches = 0;
    for (let i = 0; i < 40 && upstreamWatches === 0; i++) {
      upstreamWatches = (await podWatchGauge(admin)) - before;
      if (upstreamWatches === 0) await sleep(50);
    }

    let lost = 0;
    const runId = Date.now().toString(36);
    for (let k = 0; k < changes; k++) {
      const seq = `${runId}-${k}`;
      sentAt.set(seq, performance.now());
      await kubeJson(admin, {
        method: 'PATCH',
        path: `/api/v1/namespaces/${namespace}/pods/${target}`,
        contentType: 'application/merge-patch+json',
        body: { metadata: { annotations: { [BENCH_ANNOTATION]: seq } } },
      });
      const deadline = performance.now() + 5000;
      while ((received.get(seq) ?? 0) < n && performance.now() < deadline) await sleep(5);
      if ((received.get(seq) ?? 0) < n) lost++;
      await sleep(intervalMs);
    }
    upstreamWatches = (await podWatchGauge(admin)) - before;
    const sorted = [...latencies].sort((a, b) => a - b);
    const round = (x: number): number => Math.round(x * 10) / 10;
    return {
      clients: n,
      upstreamWatches,
      latencyMs: {
        samples: sorted.length,
        p50: round(percentile(sorted, 50)),
        p95: round(percentile(sorted, 95)),
        max: round(sorted[sorted.length - 1] ?? NaN),
      },
      lost,
      rssBytes: process.memoryUsage().rss,
    };
  } finally {
    for (const ws of sockets) ws.terminate();
    hub.close();
    server.close();
    cache.close();
  }
}
