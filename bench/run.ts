// `npm run bench`: measures the simulator against its targets and against kubectl doing the same work,
// then writes bench/RESULTS.md.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import type { ClientRequest } from 'node:http';
import https from 'node:https';
import path from 'node:path';
import YAML from 'yaml';
import { benchLogFollow } from '../sim/logs/bench';
import { startSim, type SimHandle } from '../test/sim-harness';
import { benchDeploy } from './deploy';
import { benchExec } from './exec';
import { benchIdle } from './idle';
import { benchLogs } from './logs';
import { benchPods } from './pods';
import { benchConsoleStream } from './stream';
import { percentile } from './stats';

const PODS = Number(process.env.BENCH_PODS ?? 10_000);
const WATCHERS = 100;
const WRITES = 30;

interface Conn {
  url: string;
  token: string;
  ca: string;
  agent: https.Agent;
}

function connect(sim: SimHandle): Conn {
  const kc = YAML.parse(fs.readFileSync(sim.kubeconfig, 'utf8')) as {
    clusters: { name: string; cluster: { server: string; 'certificate-authority-data': string } }[];
    users: { name: string; user: { token: string } }[];
  };
  const cluster = kc.clusters.find((c) => c.name === 'dev-cluster')!;
  return {
    url: cluster.cluster.server,
    ca: Buffer.from(cluster.cluster['certificate-authority-data'], 'base64').toString(),
    token: kc.users.find((u) => u.name === 'admin')!.user.token,
    agent: new https.Agent({ keepAlive: true, maxSockets: WATCHERS + 10 }),
  };
}

function request(
  c: Conn,
  method: string,
  p: string,
  body?: unknown,
  contentType = 'application/json',
): Promise<{ status: number; bytes: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      new URL(p, c.url),
      {
        method,
        ca: c.ca,
        agent: c.agent,
        headers: { Authorization: `Bearer ${c.token}`, 'Content-Type': contentType },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (d: Buffer) => chunks.push(d));
        res.on('end', () => {
          const buf = Buffer.concat(chunks);
          resolve({ status: res.statusCode ?? 0, bytes: buf.length, text: buf.toString() });
        });
      },
    );
    req.on('error', reject);
    if (body !== undefined) req.write(JSON.stringify(body));
    req.end();
  });
}

/** Waits until every pod of the load namespace is Running (the kubelets have caught up). */
async function waitAllRunning(c: Conn, count: number): Promise<void> {
  for (;;) {
    const r = await request(
      c,
      'GET',
      '/api/v1/namespaces/sim-load/pods?fieldSelector=status.phase%3DRunning&limit=1',
    );
    const body = JSON.parse(r.text) as {
      items: unknown[];
      metadata: { remainingItemCount?: number };
    };
    if (body.items.length + (body.metadata.remainingItemCount ?? 0) >= count) return;
    await new Promise((res) => setTimeout(res, 500));
  }
}

function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
}

function time<T>(fn: () => T): { ms: number; value: T } {
  const t = performance.now();
  const value = fn();
  return { ms: performance.now() - t, value };
}

async function timeAsync<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t = performance.now();
  const value = await fn();
  return { ms: performance.now() - t, value };
}

/** The simulator's own figures: its API core and behaviour under PODS extra pods. */
async function benchSimulator(): Promise<string[]> {
  console.log(`bench: starting the simulator with ${PODS} extra pods…`);
  const started = performance.now();
  const sim = await startSim(['--pods', String(PODS)]);
  const startupMs = performance.now() - started;
  const c = connect(sim);
  const results: string[] = [];
  try {
    // Measure a settled cluster: wait until the kubelets have every load pod Running.
    const runningMs = await timeAsync(() => waitAllRunning(c, PODS));

    // 1. LIST 10,000 pods: raw HTTP, then kubectl doing the same list.
    await request(c, 'GET', '/api/v1/namespaces/sim-load/pods'); // warm
    const lists: number[] = [];
    let bytes = 0;
    for (let i = 0; i < 5; i++) {
      const r = await timeAsync(() => request(c, 'GET', '/api/v1/namespaces/sim-load/pods'));
      lists.push(r.ms);
      bytes = r.value.bytes;
    }
    const kubectlJson = [0, 1, 2].map(
      () =>
        time(() =>
          sim.kubectl(['get', 'pods', '-n', 'sim-load', '-o', 'json'], { timeoutMs: 120_000 }),
        ).ms,
    );
    const kubectlTable = [0, 1, 2].map(
      () => time(() => sim.kubectl(['get', 'pods', '-n', 'sim-load'], { timeoutMs: 120_000 })).ms,
    );
    const count = (
      JSON.parse((await request(c, 'GET', '/api/v1/namespaces/sim-load/pods')).text) as {
        items: unknown[];
      }
    ).items.length;

    // 2. One write fanned out to 100 watchers.
    const cm = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'bench-fanout', namespace: 'ai-test' },
      data: { n: '0' },
    };
    await request(c, 'POST', '/api/v1/namespaces/ai-test/configmaps', cm);
    const rv = (
      JSON.parse((await request(c, 'GET', '/api/v1/namespaces/ai-test/configmaps')).text) as {
        metadata: { resourceVersion: string };
      }
    ).metadata.resourceVersion;
    const latencies: number[] = [];
    const sentAt = new Map<string, number>();
    const watchers: ClientRequest[] = [];
    await Promise.all(
      Array.from(
        { length: WATCHERS },
        () =>
          new Promise<void>((resolve) => {
            const req = https.get(
              new URL(
                `/api/v1/namespaces/ai-test/configmaps?watch=true&resourceVersion=${rv}&fieldSelector=metadata.name%3Dbench-fanout`,
                c.url,
              ),
              { ca: c.ca, agent: c.agent, headers: { Authorization: `Bearer ${c.token}` } },
              (res) => {
                resolve();
                let buf = '';
                res.on('data', (d: Buffer) => {
                  buf += d.toString();
                  let i: number;
                  while ((i = buf.indexOf('\n')) >= 0) {
                    const ev = JSON.parse(buf.slice(0, i)) as { object: { data?: { n?: string } } };
                    buf = buf.slice(i + 1);
                    const t = sentAt.get(ev.object.data?.n ?? '');
                    if (t !== undefined) latencies.push(performance.now() - t);
                  }
                });
              },
            );
            watchers.push(req);
          }),
      ),
    );
    for (let i = 1; i <= WRITES; i++) {
      sentAt.set(String(i), performance.now());
      await request(
        c,
        'PATCH',
        '/api/v1/namespaces/ai-test/configmaps/bench-fanout',
        { data: { n: String(i) } },
        'application/merge-patch+json',
      );
      await new Promise((r) => setTimeout(r, 20));
    }
    await new Promise((r) => setTimeout(r, 500));
    watchers.forEach((w) => w.destroy());
    const kubectlWrite = [0, 1, 2].map(
      (i) =>
        time(() =>
          sim.kubectl([
            'annotate',
            '--overwrite',
            '-n',
            'ai-test',
            'configmap',
            'bench-fanout',
            `bench=${i}`,
          ]),
        ).ms,
    );

    // 3. RSS with 10,000 pods running (log generators and metrics live).
    await request(c, 'GET', '/apis/metrics.k8s.io/v1beta1/namespaces/sim-load/pods');
    const rss = rssMb(sim.pid);
    const topPods = [0, 1, 2].map(
      () => time(() => sim.kubectl(['top', 'pods', '-n', 'sim-load'], { timeoutMs: 120_000 })).ms,
    );

    // 4. Log lines per second on one follow stream at the top rate.
    const logs = await benchLogFollow(c, { seconds: 5 });
    const med = (xs: number[]): number => percentile(xs, 50);
    results.push(
      `| LIST ${count} pods, raw HTTPS (JSON) | median ${med(lists).toFixed(0)} ms, ${(bytes / 1e6).toFixed(1)} MB | < 500 ms | ${med(lists) < 500 ? 'met' : 'MISSED'} |`,
      `| \`kubectl get pods -n sim-load -o json\` (same list, includes kubectl's start and decoding) | median ${med(kubectlJson).toFixed(0)} ms | — | ratio raw/kubectl ${(med(lists) / med(kubectlJson)).toFixed(2)} |`,
      `| \`kubectl get pods -n sim-load\` (server-side Table) | median ${med(kubectlTable).toFixed(0)} ms | — | |`,
      `| one write → ${WATCHERS} watchers (${WRITES} writes, ${latencies.length} deliveries) | p50 ${percentile(latencies, 50).toFixed(1)} ms, p95 ${percentile(latencies, 95).toFixed(1)} ms | p95 < 50 ms | ${percentile(latencies, 95) < 50 ? 'met' : 'MISSED'} |`,
      `| \`kubectl annotate\` (one write, whole command) | median ${med(kubectlWrite).toFixed(0)} ms | — | |`,
      `| simulator RSS with ${count} extra pods running (both clusters, one process; kubelets, log generators and metrics live) | ${rss.toFixed(0)} MB | < 600 MB | ${rss < 600 ? 'met' : 'MISSED'} |`,
      `| all ${count} pods scheduled and Running after start | ${(runningMs.ms / 1000).toFixed(1)} s | — | |`,
      `| \`kubectl top pods -n sim-load\` (${count} pods' metrics, computed at request time) | median ${med(topPods).toFixed(0)} ms | — | |`,
      `| log lines/s on one \`follow\` stream at the top rate (${logs.rate} lines/s configured) | ${Math.round(logs.linesPerSecond)} lines/s, ${logs.mbPerSecond.toFixed(1)} MB/s | ≥ 50,000 lines/s | ${logs.linesPerSecond >= 50_000 ? 'met' : 'MISSED'} |`,
      `| simulator start with ${count} pods seeded (fresh state) | ${(startupMs / 1000).toFixed(1)} s | — | |`,
    );
    return results;
  } finally {
    c.agent.destroy();
    await sim.stop();
  }
}

interface Section {
  key: string;
  title: string;
  run: () => Promise<string[]>;
  /** Runs only when BENCH_ONLY names it (it takes too long for every run). */
  optIn?: boolean;
}

// Each section starts what it measures and stops it again, so they run one after another.
const SECTIONS: Section[] = [
  { key: 'sim', title: 'Simulator (API core and behaviour)', run: benchSimulator },
  {
    key: 'stream',
    title: 'Console live data (/api/stream through the BFF)',
    run: () => benchConsoleStream(PODS),
  },
  { key: 'pods', title: 'Pod list in Chromium (10,000 pods)', run: benchPods },
  { key: 'deploy', title: 'Deploy through the console API', run: benchDeploy },
  {
    key: 'logs',
    title: 'Live logs (/api/logs through the BFF, and into Chromium)',
    run: benchLogs,
  },
  { key: 'exec', title: 'Web terminal (/api/exec through the BFF)', run: benchExec },
  { key: 'idle', title: 'Idle web terminal (30 minutes)', run: benchIdle, optIn: true },
];

/** The sections of an earlier RESULTS.md by title, so a partial run keeps the figures it did not redo. */
function earlierSections(file: string): Map<string, string> {
  if (!fs.existsSync(file)) return new Map();
  const blocks = fs.readFileSync(file, 'utf8').split(/^## /m).slice(1);
  return new Map(blocks.map((b) => [b.slice(0, b.indexOf('\n')), `## ${b.trimEnd()}\n`]));
}

async function main(): Promise<void> {
  // BENCH_ONLY=stream,sim runs some sections; the others keep the figures of the last run.
  const only = process.env.BENCH_ONLY?.split(',').filter(Boolean);
  const file = path.join(import.meta.dirname, 'RESULTS.md');
  const earlier = earlierSections(file);
  const parts: string[] = [];
  for (const section of SECTIONS) {
    if (only ? !only.includes(section.key) : section.optIn) {
      const kept = earlier.get(section.title);
      if (kept) parts.push(kept);
      continue;
    }
    console.log(`bench: ${section.title}…`);
    const rows = await section.run();
    const date = new Date().toISOString();
    parts.push(
      [
        `## ${section.title}`,
        '',
        `Measured ${date}.`,
        '',
        '| what | measured | target | |',
        '|---|---|---|---|',
        ...rows,
        '',
      ].join('\n'),
    );
  }
  const kubectlVersion = execFileSync('kubectl', ['version', '--client', '-o', 'json'], {
    encoding: 'utf8',
  });
  const kv = (JSON.parse(kubectlVersion) as { clientVersion: { gitVersion: string } }).clientVersion
    .gitVersion;
  const doc = [
    '# Benchmark results',
    '',
    `Command: \`npm run bench\` (BENCH_PODS=${PODS}; \`BENCH_ONLY=<key,…>\` reruns some sections: ${SECTIONS.map((x) => x.key).join(', ')}). Machine: ${spawnSync('nproc', { encoding: 'utf8' }).stdout.trim()} cores, Node ${process.version}, kubectl ${kv}.`,
    'These machines are noisy: compare ratios within one run (one section), not absolute numbers across runs.',
    '',
    ...parts,
  ].join('\n');
  fs.writeFileSync(file, doc);
  console.log(doc);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
