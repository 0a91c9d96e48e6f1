// Deploy through the console versus kubectl doing the same work: the time from the request to a
// rollout that is complete, and the quota preflight's latency. Returns markdown table rows.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { defaultModel, type AppModel } from '../lib/apps/app-model';
import { appYaml } from '../lib/apps/app-yaml';
import { signIn, startBenchConsole } from './console';
import { median, runIfMain } from './stats';

const NS = 'ai-test';
const API = `/api/clusters/dev-cluster/namespaces/${NS}/apps`;

function model(name: string): AppModel {
  return {
    ...defaultModel(name),
    image: 'registry.wharf.local/ai/demo:1.0',
    replicas: 3,
    // Small limits: the runs' 24 pods must fit ai-test's quota beside the seeded apps.
    limits: { cpu: '200m', memory: '256Mi' },
    readiness: { path: '/healthz', port: 8080, initialDelaySeconds: 1, periodSeconds: 1 },
  };
}

export async function benchDeploy(runs = 4): Promise<string[]> {
  const c = await startBenchConsole({ name: 'deploy', port: 3214 });
  // Async, so the event loop keeps seeing the console close idle keep-alive sockets.
  const kube = (...args: string[]) =>
    promisify(execFile)('kubectl', [
      '--kubeconfig',
      c.kubeconfig,
      '--context',
      'dev-cluster-alice',
      ...args,
    ]);
  try {
    const cookie = await signIn(c.url, 'alice');
    const post = (url: string, body: unknown) =>
      fetch(`${c.url}${url}`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const available = (name: string) =>
      kube('rollout', 'status', `deployment/${name}`, '-n', NS, '--timeout=120s');

    const viaConsole: number[] = [];
    const createMs: number[] = [];
    const viaKubectl: number[] = [];
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wharf-bench-deploy-'));
    for (let i = 0; i < runs; i++) {
      let t0 = performance.now();
      const createStart = t0;
      const res = await post(API, { model: model(`bench-console-${i}`) });
      if (res.status !== 201) throw new Error(`deploy: ${res.status} ${await res.text()}`);
      createMs.push(performance.now() - createStart);
      await available(`bench-console-${i}`);
      viaConsole.push(performance.now() - t0);

      const file = path.join(dir, `app-${i}.yaml`);
      fs.writeFileSync(file, appYaml(model(`bench-kubectl-${i}`), 'ai'));
      t0 = performance.now();
      await kube('apply', '-n', NS, '-f', file);
      await available(`bench-kubectl-${i}`);
      viaKubectl.push(performance.now() - t0);
    }
    fs.rmSync(dir, { recursive: true, force: true });

    const preflight: number[] = [];
    for (let i = 0; i < 20; i++) {
      const t0 = performance.now();
      const res = await post(`${API}/preflight`, { model: model('probe') });
      if (!res.ok) throw new Error(`preflight: ${res.status}`);
      await res.json();
      preflight.push(performance.now() - t0);
    }

    const fmt = (ms: number) => `${Math.round(ms)} ms`;
    return [
      `| quota preflight (POST …/apps/preflight, 20 calls) | median ${fmt(median(preflight))} | — | |`,
      `| deploy 3 replicas via the console API until \`kubectl rollout status\` returns (${runs} runs) | median ${fmt(median(viaConsole))} | — | |`,
      `| of which the POST …/apps itself (namespace, quota, Deployment, Service) | median ${fmt(median(createMs))} | — | |`,
      `| same app via \`kubectl apply\` + \`kubectl rollout status\` | median ${fmt(median(viaKubectl))} | — | ratio console/kubectl ${(median(viaConsole) / median(viaKubectl)).toFixed(2)} |`,
    ];
  } finally {
    await c.stop();
  }
}

runIfMain(import.meta.url, benchDeploy);
