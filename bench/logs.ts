// Benchmark of the live log path: lines per second from a pod logging at the generator's top rate,
// delivered through the BFF's /api/logs WebSocket, against `kubectl logs -f` on the same pod (in
// alternating rounds); the same
// stream into Chromium's viewer (and how long its frames get meanwhile); the console's RSS over the run.
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { chromium } from '@playwright/test';
import { WebSocket } from 'ws';
import type { ServerFrame } from '../lib/contracts/logs';
import { podLogsHref } from '../lib/routes';
import { LOG_RATE_ANNOTATION, MAX_LOG_RATE } from '../sim/logs/timeline';
import { browserCookies, signIn, startBenchConsole, type BenchConsole } from './console';
import { percentile, runIfMain } from './stats';

const SECONDS = Number(process.env.BENCH_LOG_SECONDS ?? 20);
const BROWSER_SECONDS = Math.min(SECONDS, 10);
const NS = 'bench-logs';
const POD = 'log-bench';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function kubectl(c: BenchConsole, ...args: string[]): string {
  return execFileSync(
    'kubectl',
    ['--kubeconfig', c.kubeconfig, '--context', 'dev-cluster', ...args],
    {
      encoding: 'utf8',
    },
  );
}

/** Descendant processes of `pid` with their command lines and RSS (Linux /proc). */
function descendants(pid: number): { pid: number; cmd: string; rss: number }[] {
  const out: { pid: number; cmd: string; rss: number }[] = [];
  const walk = (p: number): void => {
    let kids: number[];
    try {
      kids = fs
        .readdirSync(`/proc/${p}/task`)
        .flatMap((t) => fs.readFileSync(`/proc/${p}/task/${t}/children`, 'utf8').split(' '))
        .filter(Boolean)
        .map(Number);
    } catch {
      return;
    }
    for (const k of kids) {
      try {
        const cmd = fs.readFileSync(`/proc/${k}/cmdline`, 'utf8').replace(/\0/g, ' ');
        const rss =
          Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${k}/status`, 'utf8'))?.[1] ?? 0) *
          1024;
        out.push({ pid: k, cmd, rss });
      } catch {
        // exited meanwhile
      }
      walk(k);
    }
  };
  walk(pid);
  return out;
}

/** RSS of the console's server process (the biggest node process that is not the simulator). */
function consoleRss(c: BenchConsole): number {
  const procs = descendants(c.pid).filter((p) => !p.cmd.includes('sim/main'));
  return Math.max(0, ...procs.map((p) => p.rss));
}

async function startPod(c: BenchConsole): Promise<void> {
  kubectl(c, 'create', 'namespace', NS);
  // A project namespace, so the console's pages place it (project `bench`, environment `dev`).
  kubectl(c, 'label', 'namespace', NS, 'wharf.io/project=bench', 'wharf.io/env=dev');
  const pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: POD,
      namespace: NS,
      annotations: { [LOG_RATE_ANNOTATION]: String(MAX_LOG_RATE) },
    },
    spec: {
      containers: [
        {
          name: 'app',
          image: 'registry.wharf.local/bench/log-bench:1',
          env: [{ name: 'JAVA_OPTS', value: '-Xmx512m' }],
        },
      ],
    },
  };
  execFileSync(
    'kubectl',
    ['--kubeconfig', c.kubeconfig, '--context', 'dev-cluster', 'apply', '-f', '-'],
    {
      input: JSON.stringify(pod),
    },
  );
  for (let i = 0; i < 120; i++) {
    if (kubectl(c, 'get', 'pod', POD, '-n', NS, '-o', 'jsonpath={.status.phase}') === 'Running')
      return;
    await sleep(250);
  }
  throw new Error('bench pod did not start');
}

/** Lines per second through the BFF to a Node WebSocket client, and the console's peak RSS meanwhile. */
async function throughBff(
  c: BenchConsole,
  cookie: string,
  seconds: number,
): Promise<{ rate: number; peakRss: number; startRss: number }> {
  const origin = c.url;
  const ws = new WebSocket(`${c.url.replace('http', 'ws')}/api/logs`, {
    headers: { origin, cookie },
  });
  let lines = 0;
  ws.on('message', (d) => {
    const f = JSON.parse(String(d)) as ServerFrame;
    if (f.type === 'lines') lines += f.lines.length;
    if (f.type === 'text')
      for (let k = f.text.indexOf('\n'); k !== -1; k = f.text.indexOf('\n', k + 1)) lines++;
    if (f.type === 'end') throw new Error(`stream ended: ${f.message}`);
  });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  const startRss = consoleRss(c);
  ws.send(
    JSON.stringify({
      type: 'start',
      cluster: 'dev-cluster',
      namespace: NS,
      target: { kind: 'pod', pod: POD },
      tailLines: 0,
    }),
  );
  await sleep(1000); // warm-up
  let peakRss = startRss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, consoleRss(c))), 500);
  const l0 = lines;
  const t0 = performance.now();
  await sleep(seconds * 1000);
  const rate = (lines - l0) / ((performance.now() - t0) / 1000);
  clearInterval(sampler);
  ws.close();
  return { rate, peakRss, startRss };
}

/** Lines per second `kubectl logs -f` receives from the same pod. */
async function throughKubectl(c: BenchConsole, seconds: number): Promise<number> {
  const child = spawn(
    'kubectl',
    [
      '--kubeconfig',
      c.kubeconfig,
      '--context',
      'dev-cluster',
      'logs',
      '-f',
      '--tail=0',
      '-n',
      NS,
      POD,
    ],
    {
      stdio: ['ignore', 'pipe', 'ignore'],
    },
  );
  let lines = 0;
  child.stdout.on('data', (b: Buffer) => {
    for (let k = b.indexOf(10); k !== -1; k = b.indexOf(10, k + 1)) lines++;
  });
  await sleep(1000);
  const l0 = lines;
  const t0 = performance.now();
  await sleep(seconds * 1000);
  const rate = (lines - l0) / ((performance.now() - t0) / 1000);
  child.kill('SIGTERM');
  return rate;
}

/** Lines per second into the viewer in Chromium, and the longest gap between animation frames. */
async function intoChromium(
  c: BenchConsole,
  cookie: string,
): Promise<{ rate: number; maxFrameMs: number; p95FrameMs: number; fps: number }> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  });
  try {
    const context = await browser.newContext();
    await context.addCookies(browserCookies(cookie, c.url));
    const page = await context.newPage();
    await page.goto(`${c.url}${podLogsHref('dev-cluster', NS, POD)}`);
    const count = page.getByTestId('logs-count');
    await count.waitFor();
    await sleep(2000);
    const received = async () => Number(await count.getAttribute('data-received'));
    const r0 = await received();
    const t0 = performance.now();
    // A string, not a function: tsx would wrap a function with helpers the page does not have.
    const frames = await page.evaluate<number[]>(`new Promise((resolve) => {
      let last = performance.now();
      const gaps = [];
      const end = last + ${BROWSER_SECONDS * 1000};
      const tick = (now) => {
        gaps.push(now - last);
        last = now;
        if (now < end) requestAnimationFrame(tick);
        else resolve(gaps);
      };
      requestAnimationFrame(tick);
    })`);
    const rate = ((await received()) - r0) / ((performance.now() - t0) / 1000);
    if (process.env.BENCH_LOG_SHOT) await page.screenshot({ path: process.env.BENCH_LOG_SHOT });
    const fps = frames.length / BROWSER_SECONDS;
    return { rate, maxFrameMs: Math.max(0, ...frames), p95FrameMs: percentile(frames, 95), fps };
  } finally {
    await browser.close();
  }
}

const fmt = (n: number) => Math.round(n).toLocaleString('en');
const mb = (b: number) => `${Math.round(b / 1024 / 1024)} MB`;

/** Markdown table rows `| what | measured | target | verdict |`. */
export async function benchLogs(): Promise<string[]> {
  const c = await startBenchConsole({
    name: 'logs',
    port: Number(process.env.BENCH_LOGS_PORT ?? 3211),
  });
  try {
    await startPod(c);
    const cookie = await signIn(c.url, 'admin');
    // Alternating rounds, so that a noisy neighbour on the machine weighs on both alike.
    const rounds = 4;
    const bffRates: number[] = [];
    const kubeRates: number[] = [];
    let startRss = Infinity;
    let peakRss = 0;
    for (let r = 0; r < rounds; r++) {
      const b = await throughBff(c, cookie, SECONDS / rounds);
      bffRates.push(b.rate);
      startRss = Math.min(startRss, b.startRss);
      peakRss = Math.max(peakRss, b.peakRss);
      kubeRates.push(await throughKubectl(c, SECONDS / rounds));
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const bff = { rate: mean(bffRates), startRss, peakRss };
    const kube = mean(kubeRates);
    const browser = await intoChromium(c, cookie);
    const ratio = bff.rate / kube;
    return [
      `| logs: lines/s to a WebSocket client through the BFF (${SECONDS} s, log-rate ${fmt(MAX_LOG_RATE)}) | ${fmt(bff.rate)} | ≥ kubectl | ${ratio >= 1 ? 'pass' : 'FAIL'} |`,
      `| logs: lines/s with \`kubectl logs -f\` on the same pod | ${fmt(kube)} | — | — |`,
      `| logs: BFF / kubectl ratio | ${ratio.toFixed(2)} | ≥ 1.00 | ${ratio >= 1 ? 'pass' : 'FAIL'} |`,
      `| logs: lines/s into Chromium's viewer (${BROWSER_SECONDS} s) | ${fmt(browser.rate)} | ≥ 20,000 | ${browser.rate >= 20_000 ? 'pass' : 'FAIL'} |`,
      `| logs: Chromium frames meanwhile (fps; 95th percentile / longest frame) | ${Math.round(browser.fps)} fps; ${Math.round(browser.p95FrameMs)} / ${Math.round(browser.maxFrameMs)} ms | p95 ≤ 50 ms | ${browser.p95FrameMs <= 50 ? 'pass' : 'FAIL'} |`,
      `| logs: console RSS before → peak during the run | ${mb(bff.startRss)} → ${mb(bff.peakRss)} | bounded (< +300 MB) | ${bff.peakRss - bff.startRss < 300 * 1024 * 1024 ? 'pass' : 'FAIL'} |`,
    ];
  } finally {
    await c.stop();
  }
}

runIfMain(import.meta.url, benchLogs);
