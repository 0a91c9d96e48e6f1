// Deploy through the console versus kubectl doing the same work: the time from the request to a
// rollout that is complete, and the quota preflight's latency. Returns markdown table rows.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defaultModel, type AppModel } from '../lib/apps/app-model';
import { appYaml } from '../lib/apps/app-yaml';
import { signIn, startBenchConsole } from './console';

const NS = 'ai-test';
const API = `/api/clusters/dev-cluster/namespaces/${NS}/apps`;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

function model(name: string): AppModel {
  return {
    ...defaultModel(name),
    image: 'registry.wharf.local/ai/demo:1.0',
    replicas: 3,
    readiness: { path: '/healthz', port: 8080, initialDelaySeconds: 1, periodSeconds: 1 },
  };
}

export async function benchDeploy(runs = 3): Promise<string[]> {
  const c = await startBenchConsole({ name: 'deploy', port: 3214 });
  const kube = (...args: string[]) =>
    execFileSync(
      'kubectl',
      ['--kubeconfig', c.kubeconfig, '--context', 'dev-cluster-alice', ...args],
      {
        encoding: 'utf8',
      },
    );
  try {
    const cookie = await signIn(c.url, 'alice');
    const post = (url: string, body: unknown) =>
      fetch(`${c.url}${url}`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const available = (name: string) =>
      kube('rollout', 'status', `deployment/${name}`, '-n', NS, '--timeout=60s');

    const preflight: number[] = [];
    for (let i = 0; i < 20; i++) {
      const t0 = performance.now();
      const res = await post(`${API}/preflight`, { model: model('probe') });
      if (!res.ok) throw new Error(`preflight: ${res.status}`);
      await res.json();
      preflight.push(performance.now() - t0);
    }

    const viaConsole: number[] = [];
    const viaKubectl: number[] = [];
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wharf-bench-deploy-'));
    for (let i = 0; i < runs; i++) {
      let t0 = performance.now();
      const res = await post(API, { model: model(`bench-console-${i}`) });
      if (res.status !== 201) throw new Error(`deploy: ${res.status} ${await res.text()}`);
      available(`bench-console-${i}`);
      viaConsole.push(performance.now() - t0);

      const file = path.join(dir, `app-${i}.yaml`);
      fs.writeFileSync(file, appYaml(model(`bench-kubectl-${i}`), 'ai'));
      t0 = performance.now();
      kube('apply', '-n', NS, '-f', file);
      available(`bench-kubectl-${i}`);
      viaKubectl.push(performance.now() - t0);
    }
    fs.rmSync(dir, { recursive: true, force: true });
    const fmt = (ms: number) => `${Math.round(ms)} ms`;
    return [
      `| quota preflight (POST …/apps/preflight, 20 calls) | median ${fmt(median(preflight))} | — | |`,
      `| deploy 3 replicas via the console API until \`kubectl rollout status\` returns (${runs} runs) | median ${fmt(median(viaConsole))} | — | |`,
      `| same app via \`kubectl apply\` + \`kubectl rollout status\` | median ${fmt(median(viaKubectl))} | — | ratio console/kubectl ${(median(viaConsole) / median(viaKubectl)).toFixed(2)} |`,
    ];
  } finally {
    await c.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  benchDeploy().then(
    (rows) => console.log(rows.join('\n')),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
