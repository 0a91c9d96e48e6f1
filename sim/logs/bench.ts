// Benchmark: log lines per second delivered on one `follow` stream at the top rate, over real HTTPS.
import https from 'node:https';
import { LOG_RATE_ANNOTATION, MAX_LOG_RATE } from './timeline';

/** Where the simulated cluster listens and how to reach it as an admin. */
export interface LogBenchTarget {
  url: string;
  token: string;
  /** PEM of the CA that signed the serving certificate. */
  ca: string;
}

export interface LogBenchResult {
  /** Lines received per wall-clock second, after a warm-up. */
  linesPerSecond: number;
  mbPerSecond: number;
  lines: number;
  seconds: number;
  /** The pod's requested rate (lines per simulated second). */
  rate: number;
}

interface Reply {
  status: number;
  text: string;
}

function call(
  t: LogBenchTarget,
  method: string,
  path: string,
  body?: unknown,
  type = 'application/json',
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      new URL(path, t.url),
      { method, ca: t.ca, headers: { Authorization: `Bearer ${t.token}`, 'Content-Type': type } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', reject);
    if (body !== undefined) req.write(JSON.stringify(body));
    req.end();
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function isRunning(text: string): boolean {
  const pod = JSON.parse(text) as {
    status?: { containerStatuses?: { state?: { running?: unknown } }[] };
  };
  return Boolean(pod.status?.containerStatuses?.[0]?.state?.running);
}

/**
 * Creates a pod logging at MAX_LOG_RATE in `namespace`, waits for it to run (the simulated kubelet
 * starts it; without one the bench writes a running status itself), follows its log from now for
 * `seconds` and counts the lines that arrive.
 */
export async function benchLogFollow(
  t: LogBenchTarget,
  opts: { seconds?: number; warmupSeconds?: number; namespace?: string } = {},
): Promise<LogBenchResult> {
  const seconds = opts.seconds ?? 5;
  const warmup = opts.warmupSeconds ?? 1;
  const ns = opts.namespace ?? 'sim-bench-logs';
  const name = `log-bench-${Date.now().toString(36)}`;
  await call(t, 'POST', '/api/v1/namespaces', {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: ns },
  });
  const created = await call(t, 'POST', `/api/v1/namespaces/${ns}/pods`, {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      labels: { 'app.kubernetes.io/name': 'log-bench' },
      annotations: { [LOG_RATE_ANNOTATION]: String(MAX_LOG_RATE) },
    },
    spec: {
      nodeName: 'dev-node-1',
      containers: [
        {
          name: 'app',
          image: 'registry.wharf.local/bench/log-bench:1',
          env: [{ name: 'JAVA_OPTS', value: '-Xmx512m' }],
          resources: {
            requests: { cpu: '100m', memory: '128Mi' },
            limits: { cpu: '1', memory: '1Gi' },
          },
        },
      ],
    },
  });
  if (created.status !== 201) throw new Error(`bench pod: ${created.status} ${created.text}`);
  const podPath = `/api/v1/namespaces/${ns}/pods/${name}`;
  let running = false;
  for (let i = 0; i < 60 && !running; i++) {
    await sleep(100);
    running = isRunning((await call(t, 'GET', podPath)).text);
  }
  if (!running) {
    const startedAt = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    const patched = await call(
      t,
      'PATCH',
      `${podPath}/status`,
      {
        status: {
          phase: 'Running',
          containerStatuses: [
            {
              name: 'app',
              ready: true,
              restartCount: 0,
              image: 'x',
              imageID: '',
              state: { running: { startedAt } },
            },
          ],
        },
      },
      'application/merge-patch+json',
    );
    if (patched.status !== 200)
      throw new Error(`bench pod status: ${patched.status} ${patched.text}`);
  }

  try {
    return await new Promise<LogBenchResult>((resolve, reject) => {
      let lines = 0;
      let bytes = 0;
      let t0 = 0;
      const req = https.request(
        new URL(`${podPath}/log?container=app&follow=true&tailLines=0`, t.url),
        { ca: t.ca, headers: { Authorization: `Bearer ${t.token}` } },
        (res) => {
          if (res.statusCode !== 200) {
            reject(new Error(`log stream: ${res.statusCode}`));
            return;
          }
          setTimeout(() => {
            lines = 0;
            bytes = 0;
            t0 = performance.now();
            setTimeout(() => {
              const secs = (performance.now() - t0) / 1000;
              req.destroy();
              resolve({
                linesPerSecond: Math.round(lines / secs),
                mbPerSecond: Math.round((bytes / secs / 1e6) * 10) / 10,
                lines,
                seconds: Math.round(secs * 100) / 100,
                rate: MAX_LOG_RATE,
              });
            }, seconds * 1000);
          }, warmup * 1000);
          res.on('data', (chunk: Buffer) => {
            bytes += chunk.length;
            for (let k = chunk.indexOf(10); k !== -1; k = chunk.indexOf(10, k + 1)) lines++;
          });
          res.on('error', () => undefined);
        },
      );
      req.on('error', (e) => {
        if (t0 === 0) reject(e);
      });
      req.end();
    });
  } finally {
    await call(t, 'DELETE', `${podPath}?gracePeriodSeconds=0`);
  }
}
