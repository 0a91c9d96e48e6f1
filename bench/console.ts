// Starts the console (production build, embedded simulator, fresh state) for benchmarks that drive it
// like a browser does, and signs a demo user in.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { clustersFromKubeconfig } from '../server/kube/clusters';
import { kubeJson } from '../server/kube/transport';

export interface BenchConsole {
  url: string;
  /** The embedded simulator's kubeconfig: contexts `dev-cluster` (admin), `dev-cluster-<user>`, … */
  kubeconfig: string;
  pid: number;
  stop(): Promise<void>;
}

export async function startBenchConsole(
  opts: { port?: number; extraPods?: number; name?: string } = {},
): Promise<BenchConsole> {
  const port = opts.port ?? 3200;
  const stateDir = path.resolve('.wharf', `bench-${opts.name ?? 'console'}`);
  fs.rmSync(stateDir, { recursive: true, force: true });
  const child: ChildProcess = spawn('npx', ['tsx', 'scripts/start.ts'], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: 'localhost',
      WHARF_EMBEDDED: '1',
      WHARF_STATE_DIR: stateDir,
      WHARF_SIM_PODS: String(opts.extraPods ?? 0),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
    detached: true,
  });
  const url = `http://localhost:${port}`;
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      if (out.includes('console ready')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`console exited (${code}):\n${out}`)));
  });
  child.stdout?.resume();
  return {
    url,
    kubeconfig: path.join(stateDir, 'kubeconfig'),
    pid: child.pid!,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      process.kill(-child.pid!, 'SIGTERM');
      await exited;
    },
  };
}

/** Signs `username` in through next-auth's credentials callback; returns the Cookie header to send. */
export async function signIn(
  url: string,
  username: string,
  password = 'wharf-demo',
): Promise<string> {
  const csrf = await fetch(`${url}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const jar = new Map<string, string>();
  const keep = (res: Response): void => {
    for (const c of res.headers.getSetCookie()) {
      const [pair = ''] = c.split(';');
      const eq = pair.indexOf('=');
      jar.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
  };
  keep(csrf);
  const cookie = (): string => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const res = await fetch(`${url}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookie() },
    body: new URLSearchParams({ csrfToken, username, password, json: 'true' }),
  });
  keep(res);
  if (!jar.has('next-auth.session-token'))
    throw new Error(`sign-in as ${username} failed (${res.status})`);
  return cookie();
}

/** Waits until every pod of `sim-load` runs: figures are taken on a settled cluster, as a user meets it. */
export async function loadPodsRunning(c: BenchConsole): Promise<void> {
  const [admin] = clustersFromKubeconfig(c.kubeconfig, ['dev-cluster']);
  if (!admin) throw new Error('no dev-cluster context');
  for (;;) {
    const starting = await kubeJson<{ items: unknown[] }>(admin, {
      path: '/api/v1/namespaces/sim-load/pods',
      query: { fieldSelector: 'status.phase!=Running', limit: 1 },
    });
    if (starting.items.length === 0) return;
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** A Cookie header from `signIn` as Playwright cookies for `url` (for `context.addCookies`). */
export function browserCookies(
  cookie: string,
  url: string,
): { name: string; value: string; url: string }[] {
  return cookie.split('; ').map((pair) => {
    const eq = pair.indexOf('=');
    return { name: pair.slice(0, eq), value: pair.slice(eq + 1), url };
  });
}
