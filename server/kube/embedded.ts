// Starts the embedded simulator as a child process (its own event loop) and waits for its "ready" line.
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { simEnv, simNodeArgs } from '../../lib/sim-launch';

export interface EmbeddedSim {
  child: ChildProcess;
  kubeconfig: string;
  clusters: { name: string; url: string }[];
}

/** The child follows the parent: it exits when the IPC channel closes (sim/main.ts listens for 'disconnect'). */
export function startEmbeddedSim(opts: {
  root: string;
  stateDir: string;
  kubeconfig: string;
  /** Extra pods in dev-cluster's `sim-load` namespace (`--pods`). */
  extraPods?: number;
}): Promise<EmbeddedSim> {
  const args = ['--state', opts.stateDir, '--kubeconfig', opts.kubeconfig, '--port', '0'];
  if (opts.extraPods) args.push('--pods', String(opts.extraPods));
  const child = fork(path.join(opts.root, 'sim/main.ts'), args, {
    cwd: opts.root,
    execArgv: simNodeArgs(),
    env: simEnv(),
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const onData = (chunk: Buffer): void => {
      out += chunk.toString();
      const line = out.split('\n').find((l) => l.includes('sim ready:'));
      if (!line) return;
      child.stdout?.off('data', onData);
      child.stdout?.resume();
      const clusters = [...line.matchAll(/([\w-]+) (https:\/\/[\d.:[\]]+)/g)].map((m) => ({
        name: m[1]!,
        url: m[2]!,
      }));
      resolve({ child, kubeconfig: opts.kubeconfig, clusters });
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) =>
      reject(new Error(`simulator exited with code ${code} before it was ready:\n${out}`)),
    );
    child.once('error', reject);
  });
}
