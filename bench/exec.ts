// The web terminal's latency: keystroke-to-echo and line round trips through the console's /api/exec
// (browser socket → BFF → v5 exec upstream as the user) against `kubectl exec -i … cat` to the
// simulator directly. `npx tsx bench/exec.ts` prints the rows; bench/run.ts adds them to RESULTS.md.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { WebSocket } from 'ws';
import { execQuery } from '../lib/contracts/exec';
import { signIn, startBenchConsole, type BenchConsole } from './console';
import { percentile, runIfMain } from './stats';

const NS = 'haierpsi-foo-dev';
const KEYSTROKES = 300;
const LINES = 200;
const TARGET_P50_MS = 10;

const fmt = (xs: number[]) =>
  `p50 ${percentile(xs, 50).toFixed(1)} ms, p95 ${percentile(xs, 95).toFixed(1)} ms`;

/** Reads a stream's output and waits for text to appear after a mark. */
function outputWaiter() {
  let text = '';
  let waiter: { re: string; from: number; resolve: () => void } | undefined;
  const check = () => {
    if (waiter && text.indexOf(waiter.re, waiter.from) >= 0) {
      const w = waiter;
      waiter = undefined;
      w.resolve();
    }
  };
  return {
    push(chunk: Buffer) {
      text += chunk.toString('utf8');
      check();
    },
    /** Resolves once `s` appears in output received after this call. */
    next(s: string, timeoutMs = 10_000): Promise<void> {
      return new Promise((resolve, reject) => {
        const t = setTimeout(
          () => reject(new Error(`no "${s}" within ${timeoutMs} ms`)),
          timeoutMs,
        );
        waiter = {
          re: s,
          from: text.length,
          resolve: () => {
            clearTimeout(t);
            resolve();
          },
        };
        check();
      });
    },
  };
}

function kubectlRunner(c: BenchConsole) {
  const env = {
    ...process.env,
    KUBECACHEDIR: mkdtempSync(path.join(tmpdir(), 'wharf-bench-kube-')),
  };
  const args = (rest: string[]) => [
    '--kubeconfig',
    c.kubeconfig,
    '--context',
    'dev-cluster',
    ...rest,
  ];
  return {
    json<T>(...rest: string[]): T {
      return JSON.parse(
        execFileSync('kubectl', args([...rest, '-o', 'json']), { env, encoding: 'utf8' }),
      ) as T;
    },
    spawn: (...rest: string[]) =>
      spawn('kubectl', args(rest), { env, stdio: ['pipe', 'pipe', 'pipe'] }),
    run: (...rest: string[]) => execFileSync('kubectl', args(rest), { env, encoding: 'utf8' }),
  };
}

async function runningPod(kubectl: ReturnType<typeof kubectlRunner>): Promise<string> {
  for (let i = 0; i < 120; i++) {
    const list = kubectl.json<{
      items: { metadata: { name: string }; status?: { phase?: string } }[];
    }>('get', 'pods', '-n', NS, '-l', 'app.kubernetes.io/name=foo');
    const pod = list.items.find((p) => p.status?.phase === 'Running')?.metadata.name;
    if (pod) return pod;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('no running foo pod');
}

/** Keystrokes and lines through the console's terminal socket, as olivia. */
async function throughConsole(c: BenchConsole, pod: string) {
  const cookie = await signIn(c.url, 'olivia');
  const opened = performance.now();
  const ws = new WebSocket(
    `${c.url.replace(/^http/, 'ws')}/api/exec?${execQuery({ cluster: 'dev-cluster', namespace: NS, pod })}`,
    { headers: { origin: c.url, cookie } },
  );
  const out = outputWaiter();
  let startedMs = 0;
  const started = new Promise<void>((resolve, reject) => {
    ws.on('message', (data, binary) => {
      if (binary) out.push(data as Buffer);
      else if (String(data).includes('"started"')) {
        startedMs = performance.now() - opened;
        resolve();
      }
    });
    ws.on('error', reject);
  });
  await started;
  const type = (s: string) => ws.send(Buffer.from(s), { binary: true });
  ws.send(JSON.stringify({ type: 'resize', cols: 200, rows: 50 }));
  const prompt = out.next('# ');
  await prompt;

  const keystrokes: number[] = [];
  for (let i = 0; i < KEYSTROKES; i++) {
    // Letters cycle so each echo is told apart from the last; Ctrl-U clears the line now and then.
    const ch = String.fromCharCode(97 + (i % 26));
    const echoed = out.next(ch);
    const t0 = performance.now();
    type(ch);
    await echoed;
    keystrokes.push(performance.now() - t0);
    if (i % 26 === 25) type('\u0015');
  }
  type('\u0015');

  type('cat\r');
  await new Promise((r) => setTimeout(r, 200));
  const lines: number[] = [];
  for (let i = 0; i < LINES; i++) {
    const line = `line-${i}-end`;
    // The tty echoes as it is typed; cat's copy is the second one, after the Enter.
    const back = out.next(`${line}\r\n${line}`);
    const t0 = performance.now();
    type(`${line}\r`);
    await back;
    lines.push(performance.now() - t0);
  }
  type('\u0003exit\r');
  ws.close();
  return { startedMs, keystrokes, lines };
}

/** The same line round trips with `kubectl exec -i … cat` straight to the simulator. */
async function throughKubectl(kubectl: ReturnType<typeof kubectlRunner>, pod: string) {
  const child = kubectl.spawn('exec', '-i', '-n', NS, pod, '--', 'cat');
  const out = outputWaiter();
  child.stdout!.on('data', (c: Buffer) => out.push(c));
  const warm = out.next('warm', 30_000);
  child.stdin!.write('warm\n');
  await warm;
  const lines: number[] = [];
  for (let i = 0; i < LINES; i++) {
    const line = `line-${i}-end`;
    const back = out.next(`${line}\n`);
    const t0 = performance.now();
    child.stdin!.write(`${line}\n`);
    await back;
    lines.push(performance.now() - t0);
  }
  child.stdin!.end();
  await new Promise((r) => child.once('exit', r));
  const whole: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    kubectl.run('exec', '-n', NS, pod, '--', 'true');
    whole.push(performance.now() - t0);
  }
  return { lines, whole };
}

/** Markdown rows `| what | measured | target | verdict |` for the terminal. */
export async function benchExec(): Promise<string[]> {
  const c = await startBenchConsole({
    name: 'exec',
    port: Number(process.env.BENCH_EXEC_PORT ?? 3212),
  });
  try {
    const kubectl = kubectlRunner(c);
    const pod = await runningPod(kubectl);
    const web = await throughConsole(c, pod);
    const direct = await throughKubectl(kubectl, pod);
    const p50 = percentile(web.keystrokes, 50);
    return [
      `| terminal keystroke → echo through the console (${KEYSTROKES} keys, tty echo from the container) | ${fmt(web.keystrokes)} | p50 < ${TARGET_P50_MS} ms | ${p50 < TARGET_P50_MS ? 'met' : 'MISSED'} |`,
      `| terminal line → \`cat\` → back through the console (${LINES} lines) | ${fmt(web.lines)} | — | |`,
      `| \`kubectl exec -i pod -- cat\` line round trip, straight to the simulator (${LINES} lines) | ${fmt(direct.lines)} | — | console/kubectl p50 ${(percentile(web.lines, 50) / percentile(direct.lines, 50)).toFixed(2)} |`,
      `| terminal open: socket upgrade → shell started (sign-in excluded) | ${web.startedMs.toFixed(0)} ms | — | |`,
      `| \`kubectl exec pod -- true\` (whole command, 5 runs) | ${fmt(direct.whole)} | — | |`,
    ];
  } finally {
    await c.stop();
  }
}

runIfMain(import.meta.url, benchExec);
