// The real kubectl against the simulator's scheduler, kubelets, endpoints and metrics API (time 10× faster).
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSim, type SimHandle } from './sim-harness';

let sim: SimHandle;
const NS = 'lifecycle';

beforeAll(async () => {
  sim = await startSim(['--time-scale', '10']);
  apply(`
apiVersion: v1
kind: Namespace
metadata: {name: ${NS}}
`);
}, 60_000);

afterAll(async () => {
  await sim?.stop();
});

function ok(args: string[], opts: { timeoutMs?: number } = {}): string {
  const r = sim.kubectl(args, opts);
  if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} failed (${r.code}):\n${r.stderr}`);
  return r.stdout;
}

function apply(yaml: string): string {
  const file = path.join(sim.stateDir, `manifest-${Date.now()}-${Math.random()}.yaml`);
  fs.writeFileSync(file, yaml);
  return ok(['apply', '-f', file]);
}

function pod(name: string, image: string, extra = ''): string {
  return `
apiVersion: v1
kind: Pod
metadata: {name: ${name}, namespace: ${NS}, labels: {app: ${name}}}
spec:
  containers:
  - name: app
    image: "${image}"
    ports: [{name: http, containerPort: 8080}]
${extra}
`;
}

async function waitFor(what: string, check: () => boolean, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

function podLine(name: string): string {
  const r = sim.kubectl(['get', 'pod', name, '-n', NS, '--no-headers']);
  return r.stdout.trim();
}

describe('pod lifecycle with kubectl', () => {
  it('a pod becomes Running and Ready, and its Service lists it as a ready endpoint', async () => {
    apply(
      pod(
        'web',
        'nginx:1.27.3',
        '    readinessProbe: {httpGet: {path: /, port: http}, initialDelaySeconds: 2, periodSeconds: 2}',
      ) +
        `---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: ${NS}}
spec:
  selector: {app: web}
  ports: [{name: http, port: 80, targetPort: http}]
`,
    );
    ok(['wait', '--for=condition=Ready', `pod/web`, '-n', NS, '--timeout=30s'], {
      timeoutMs: 40_000,
    });
    expect(podLine('web')).toMatch(/^web\s+1\/1\s+Running\s+0\s/);
    const ip = ok(['get', 'pod', 'web', '-n', NS, '-o', 'jsonpath={.status.podIP}']);
    expect(ip).toMatch(/^10\.244\.\d+\.\d+$/);
    await waitFor('the endpoint', () =>
      sim.kubectl(['get', 'endpoints', 'web', '-n', NS]).stdout.includes(`${ip}:8080`),
    );
    const describe = ok(['describe', 'pod', 'web', '-n', NS]);
    expect(describe).toMatch(
      /Scheduled\s.*default-scheduler\s+Successfully assigned lifecycle\/web to dev-node-\d/,
    );
    expect(describe).toMatch(/Pulling image "nginx:1\.27\.3"/);
    expect(describe).toMatch(/Started container app/);
    expect(describe).toMatch(/Container ID:\s+containerd:\/\/[0-9a-f]{64}/);
  });

  it('shows ImagePullBackOff for a missing image', async () => {
    apply(pod('pull', 'nginx:does-not-exist'));
    await waitFor('ImagePullBackOff', () => /ImagePullBackOff/.test(podLine('pull')));
    const describe = ok(['describe', 'pod', 'pull', '-n', NS]);
    expect(describe).toContain('Back-off pulling image "nginx:does-not-exist"');
    expect(describe).toContain('Error: ErrImagePull');
  });

  it('crash-loops with growing restarts and kube back-off', async () => {
    apply(pod('crash', 'busybox:1.36-crash'));
    await waitFor('CrashLoopBackOff with restarts', () =>
      /^crash\s+0\/1\s+CrashLoopBackOff\s+[1-9]/.test(podLine('crash')),
    );
    const status = JSON.parse(
      ok(['get', 'pod', 'crash', '-n', NS, '-o', 'jsonpath={.status.containerStatuses[0]}']),
    ) as {
      restartCount: number;
      state: { waiting?: { message: string } };
      lastState: { terminated?: { exitCode: number; reason: string } };
    };
    expect(status.lastState.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
    expect(status.state.waiting?.message).toMatch(
      /^back-off \d+s restarting failed container=app pod=crash_lifecycle\(/,
    );
    const describe = ok(['describe', 'pod', 'crash', '-n', NS]);
    expect(describe).toMatch(
      /Warning\s+BackOff\s.*Back-off restarting failed container app in pod crash_lifecycle/,
    );
  });

  it('shows OOMKilled in kubectl get pods', async () => {
    const watch = sim.kubectlAsync(['get', 'pods', '-n', NS, '-w']);
    let out = '';
    watch.stdout!.on('data', (c: Buffer) => (out += c.toString()));
    try {
      apply(pod('oom', 'busybox:1.36-oom', '    resources: {limits: {memory: 64Mi}}'));
      await waitFor('OOMKilled', () => out.includes('OOMKilled'));
    } finally {
      watch.kill();
    }
    expect(out).toMatch(/oom\s+0\/1\s+OOMKilled\s+\d/);
  });

  it('keeps a pod that fits nowhere Pending with FailedScheduling', async () => {
    apply(pod('big', 'nginx:1.27.3', '    resources: {requests: {cpu: "100"}}'));
    await waitFor('FailedScheduling', () =>
      ok(['describe', 'pod', 'big', '-n', NS]).includes('FailedScheduling'),
    );
    expect(podLine('big')).toMatch(/^big\s+0\/1\s+Pending\s/);
    expect(ok(['describe', 'pod', 'big', '-n', NS])).toContain(
      '0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.',
    );
  });

  it('kubectl top pod and top node print numbers', () => {
    const pods = ok(['top', 'pod', '-n', NS]);
    expect(pods).toMatch(/^NAME\s+CPU\(cores\)\s+MEMORY\(bytes\)/);
    expect(pods).toMatch(/\bweb\s+\d+m\s+\d+Mi/);
    const nodes = ok(['top', 'node']);
    expect(nodes).toMatch(/dev-node-1\s+\d+m\s+\d+%\s+\d+Mi\s+\d+%/);
    expect(nodes.trim().split('\n')).toHaveLength(4);
    expect(ok(['top', 'pod', 'web', '-n', NS, '--no-headers'])).toMatch(/^web\s+\d+m\s+\d+Mi/);
    const raw = JSON.parse(
      ok(['get', '--raw', `/apis/metrics.k8s.io/v1beta1/namespaces/${NS}/pods/web`]),
    ) as {
      kind: string;
      containers: { name: string; usage: { cpu: string; memory: string } }[];
    };
    expect(raw.kind).toBe('PodMetrics');
    expect(raw.containers[0]!.usage.cpu).toMatch(/^\d+n$/);
    expect(raw.containers[0]!.usage.memory).toMatch(/^\d+Ki$/);
    const missing = sim.kubectl([
      'get',
      '--raw',
      `/apis/metrics.k8s.io/v1beta1/namespaces/${NS}/pods/big`,
    ]);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('podmetrics.metrics.k8s.io "lifecycle/big" not found');
  });

  it('kubectl delete waits, the pod disappears and leaves the endpoints', () => {
    ok(['delete', 'pod', 'web', '-n', NS, '--timeout=30s'], { timeoutMs: 40_000 });
    const r = sim.kubectl(['get', 'pod', 'web', '-n', NS]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('pods "web" not found');
    expect(ok(['get', 'endpoints', 'web', '-n', NS])).toMatch(/web\s+<none>/);
  });

  it('carries on after a restart', async () => {
    const restarts = (): number =>
      Number(
        ok([
          'get',
          'pod',
          'crash',
          '-n',
          NS,
          '-o',
          'jsonpath={.status.containerStatuses[0].restartCount}',
        ]),
      );
    const before = restarts();
    await sim.restart();
    await waitFor('another restart', () => restarts() > before, 45_000);
    expect(podLine('pull')).toMatch(/ImagePullBackOff|ErrImagePull/);
  }, 60_000);
});
