// Starts `npm run sim` in a temporary state dir for integration tests and runs the real kubectl against it.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { simEnv, simNodeArgs } from '../lib/sim-launch';

export interface SimHandle {
  stateDir: string;
  kubeconfig: string;
  clusters: Record<string, string>;
  /** The simulator process, for RSS measurements. */
  pid: number;
  /** Runs kubectl with this sim's kubeconfig; `context` defaults to `dev-cluster` (admin). */
  kubectl: (
    args: string[],
    opts?: { context?: string; input?: string; timeoutMs?: number },
  ) => KubectlResult;
  kubectlAsync: (args: string[], opts?: { context?: string }) => ChildProcess;
  restart: () => Promise<void>;
  stop: () => Promise<void>;
}

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

const ROOT = path.resolve(import.meta.dirname, '..');

/** A port n with n+1 also free, so a restart can come back on the same addresses. */
async function freePortPair(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const n = 20_000 + Math.floor(Math.random() * 40_000);
    if ((await portFree(n)) && (await portFree(n + 1))) return n;
  }
  throw new Error('no free port pair');
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

function launch(
  stateDir: string,
  kubeconfig: string,
  port: number,
  extra: string[],
): Promise<{ child: ChildProcess; clusters: Record<string, string> }> {
  const child = spawn(
    process.execPath,
    [
      ...simNodeArgs(),
      path.join(ROOT, 'sim/main.ts'),
      '--state',
      stateDir,
      '--kubeconfig',
      kubeconfig,
      '--port',
      String(port),
      ...extra,
    ],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: simEnv(),
    },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const line = out.split('\n').find((l) => l.includes('sim ready:'));
      if (line) {
        const clusters = Object.fromEntries(
          [...line.matchAll(/([\w-]+) (https:\/\/[\d.:]+)/g)].map((m) => [m[1]!, m[2]!]),
        );
        resolve({ child, clusters });
      }
    });
    child.once('exit', (code) =>
      reject(new Error(`sim exited (${code}) before ready:\n${out}\n${err}`)),
    );
  });
}

export async function startSim(extra: string[] = []): Promise<SimHandle> {
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wharf-sim-'));
  const kubeconfig = path.join(stateDir, 'kubeconfig');
  const cacheDir = path.join(stateDir, 'kube-cache');
  const port = await freePortPair();
  let { child, clusters } = await launch(path.join(stateDir, 'state'), kubeconfig, port, extra);
  const env = { ...process.env, KUBECONFIG: kubeconfig, KUBECACHEDIR: cacheDir, HOME: stateDir };
  const stopChild = async (): Promise<void> => {
    if (child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  };
  return {
    stateDir,
    kubeconfig,
    get clusters() {
      return clusters;
    },
    get pid() {
      return child.pid!;
    },
    kubectl(args, opts = {}) {
      const r = spawnSync('kubectl', ['--context', opts.context ?? 'dev-cluster', ...args], {
        env,
        input: opts.input,
        encoding: 'utf8',
        timeout: opts.timeoutMs ?? 30_000,
      });
      return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
    },
    kubectlAsync(args, opts = {}) {
      return spawn('kubectl', ['--context', opts.context ?? 'dev-cluster', ...args], {
        env,
        stdio: ['pipe', 'pipe', 'pipe'],
      });
    },
    async restart() {
      await stopChild();
      ({ child, clusters } = await launch(path.join(stateDir, 'state'), kubeconfig, port, extra));
      fs.rmSync(cacheDir, { recursive: true, force: true });
    },
    async stop() {
      await stopChild();
      fs.rmSync(stateDir, { recursive: true, force: true });
    },
  };
}
