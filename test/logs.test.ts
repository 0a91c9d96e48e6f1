// Pod logs through the real kubectl and @kubernetes/client-node against `npm run sim --time-scale 10`.
import fs from 'node:fs';
import https from 'node:https';
import { PassThrough } from 'node:stream';
import * as k8s from '@kubernetes/client-node';
import YAML from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSim, type SimHandle } from './sim-harness';

const NS = 'logs-e2e';
const FOO_IMAGE = 'registry.wharf.local/haierpsi/foo:2026-11-20-10-15_3f9c2ab';
const SPRING_LINE =
  /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z (DEBUG| INFO| WARN|ERROR) 1 --- \[foo\] \[[ \w-]{15}\] .{40} : /;
const NANO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z /;

let sim: SimHandle;
/** Whether the simulated kubelet and workload controllers run pods (else the test writes pod status). */
let live = false;

interface PodJson {
  metadata: { name: string; creationTimestamp: string };
  spec: { containers: { name: string }[] };
  status?: {
    containerStatuses?: {
      name: string;
      restartCount?: number;
      state?: { running?: unknown };
      lastState?: { terminated?: unknown };
    }[];
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor<T>(fn: () => T | undefined | false, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > end) throw new Error('timed out waiting');
    await sleep(200);
  }
}

function kubectl(args: string[], input?: string) {
  return sim.kubectl(args, { input });
}

function pods(ns: string, selector?: string): PodJson[] {
  const r = kubectl(['get', 'pods', '-n', ns, '-o', 'json', ...(selector ? ['-l', selector] : [])]);
  if (r.code !== 0) throw new Error(r.stderr);
  return (JSON.parse(r.stdout) as { items: PodJson[] }).items;
}

function allRunning(p: PodJson): boolean {
  const cs = p.status?.containerStatuses ?? [];
  return cs.length === p.spec.containers.length && cs.every((c) => c.state?.running);
}

function patchStatus(ns: string, name: string, status: unknown): void {
  const r = kubectl([
    'patch',
    'pod',
    name,
    '-n',
    ns,
    '--subresource=status',
    '--type=merge',
    '-p',
    JSON.stringify({ status }),
  ]);
  if (r.code !== 0) throw new Error(r.stderr);
}

/** Creates a pod and gets it running: by the simulated kubelet when it is there, else by writing its status. */
async function runPod(
  ns: string,
  name: string,
  containers: Record<string, unknown>[],
  labels: Record<string, string> = { 'app.kubernetes.io/name': 'foo' },
): Promise<PodJson> {
  const pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: ns, labels },
    spec: { ...(live ? {} : { nodeName: 'dev-node-1' }), containers },
  };
  const r = kubectl(['apply', '-f', '-'], JSON.stringify(pod));
  if (r.code !== 0) throw new Error(r.stderr);
  if (live) return waitFor(() => pods(ns).find((p) => p.metadata.name === name && allRunning(p)));
  const created = pods(ns).find((p) => p.metadata.name === name)!;
  patchStatus(ns, name, {
    phase: 'Running',
    containerStatuses: containers.map((c) => ({
      name: c.name,
      image: c.image,
      imageID: '',
      ready: true,
      restartCount: 0,
      state: { running: { startedAt: created.metadata.creationTimestamp } },
    })),
  });
  return created;
}

const resources = {
  requests: { cpu: '100m', memory: '128Mi' },
  limits: { cpu: '500m', memory: '512Mi' },
};
const spring = (name = 'app', image = FOO_IMAGE) => ({
  name,
  image,
  env: [{ name: 'JAVA_OPTS', value: '-XX:MaxRAMPercentage=75.0' }],
  ports: [{ containerPort: 8080 }],
  resources,
});
const nginx = (name: string) => ({ name, image: 'nginx:1.27.3', resources });

function lines(text: string): string[] {
  return text.split('\n').filter((l) => l !== '');
}

function clientConfig(): k8s.KubeConfig {
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(sim.kubeconfig);
  kc.setCurrentContext('dev-cluster');
  return kc;
}

/** A raw GET as the admin, for the status codes kubectl validates away before sending. */
function rawGet(path: string): Promise<{ status: number; body: string }> {
  const kc = YAML.parse(fs.readFileSync(sim.kubeconfig, 'utf8')) as {
    clusters: { name: string; cluster: { server: string; 'certificate-authority-data': string } }[];
    users: { name: string; user: { token: string } }[];
  };
  const cluster = kc.clusters.find((c) => c.name === 'dev-cluster')!.cluster;
  const token = kc.users.find((u) => u.name === 'admin')!.user.token;
  return new Promise((resolve, reject) => {
    https
      .get(
        new URL(path, cluster.server),
        {
          ca: Buffer.from(cluster['certificate-authority-data'], 'base64'),
          headers: { Authorization: `Bearer ${token}` },
        },
        (res) => {
          let body = '';
          res.on('data', (d: Buffer) => (body += d.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        },
      )
      .on('error', reject);
  });
}

beforeAll(async () => {
  sim = await startSim(['--time-scale', '10']);
  // The seeded foo pods run within a few (scaled) seconds when the kubelet is installed.
  try {
    await waitFor(() => pods('haierpsi-foo-dev').some(allRunning), 15_000);
    live = true;
  } catch {
    live = false;
  }
  expect(kubectl(['create', 'namespace', NS]).code).toBe(0);
  await runPod(NS, 'spring', [spring()]);
  await runPod(NS, 'multi', [spring('app'), nginx('proxy')]);
  // Let the startup burst fall behind (2 s of wall time is 20 simulated seconds).
  await sleep(2_000);
}, 90_000);

afterAll(async () => {
  await sim?.stop();
});

describe('kubectl logs', () => {
  it('shows Spring Boot startup and request lines for a Java app', () => {
    const r = kubectl(['logs', 'spring', '-n', NS]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(':: Spring Boot ::');
    expect(r.stdout).toContain('Tomcat initialized with port 8080 (http)');
    expect(r.stdout).toMatch(/Started FooApplication in \d+\.\d+ seconds/);
    const all = lines(r.stdout);
    expect(r.stdout.split('\n').length - 1).toBeGreaterThanOrEqual(1000);
    expect(all.slice(-50).every((l) => SPRING_LINE.test(l))).toBe(true);
    expect(r.stdout).toContain('[nio-8080-exec-');
  });

  it('--tail, --limit-bytes', () => {
    const tail = kubectl(['logs', 'spring', '-n', NS, '--tail=5']);
    expect(tail.code).toBe(0);
    expect(lines(tail.stdout)).toHaveLength(5);
    for (const l of lines(tail.stdout)) expect(l).toMatch(SPRING_LINE);
    const cut = kubectl(['logs', 'spring', '-n', NS, '--limit-bytes=50']);
    expect(Buffer.byteLength(cut.stdout)).toBe(50);
  });

  it('--since keeps only recent lines', () => {
    const recent = lines(kubectl(['logs', 'spring', '-n', NS, '--since=5s']).stdout);
    const older = lines(kubectl(['logs', 'spring', '-n', NS, '--since=1h']).stdout);
    expect(recent.length).toBeGreaterThan(0);
    expect(recent.length).toBeLessThanOrEqual(10);
    expect(older.length).toBeGreaterThan(recent.length);
  });

  it('--timestamps prefixes RFC3339Nano', () => {
    const r = kubectl(['logs', 'spring', '-n', NS, '--timestamps', '--tail=3']);
    const ls = lines(r.stdout);
    expect(ls).toHaveLength(3);
    for (const l of ls) {
      expect(l).toMatch(NANO);
      expect(l.slice(31)).toMatch(SPRING_LINE);
    }
    const times = ls.map((l) => l.slice(0, 30));
    expect([...times].sort()).toEqual(times);
  });

  it('-f receives new lines until killed', async () => {
    const child = sim.kubectlAsync(['logs', '-f', 'spring', '-n', NS, '--tail=1']);
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    // One line per simulated second at 10× time: a few lines arrive within a second.
    await waitFor(() => lines(out).length >= 4, 10_000);
    expect(child.exitCode).toBeNull();
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
    for (const l of lines(out)) expect(l).toMatch(SPRING_LINE);
  });

  it('-c picks a container and --all-containers shows each', () => {
    const app = kubectl(['logs', 'multi', '-n', NS, '-c', 'app', '--tail=20']);
    expect(app.code).toBe(0);
    expect(lines(app.stdout).every((l) => SPRING_LINE.test(l))).toBe(true);
    const proxy = kubectl(['logs', 'multi', '-n', NS, '-c', 'proxy']);
    expect(proxy.stdout).toContain(
      '/docker-entrypoint.sh: Configuration complete; ready for start up',
    );
    expect(proxy.stdout).toMatch(/"GET \S+ HTTP\/1\.1" \d{3} \d+ "/);
    const both = kubectl(['logs', 'multi', '-n', NS, '--all-containers', '--tail=3']);
    expect(both.code).toBe(0);
    const ls = lines(both.stdout);
    expect(ls).toHaveLength(6);
    expect(ls.filter((l) => SPRING_LINE.test(l))).toHaveLength(3);
  });

  it('deploy/foo reads one of the deployment pods', async () => {
    if (!live) {
      await runPod('haierpsi-foo-dev', 'foo-manual', [spring()], {
        'app.kubernetes.io/name': 'foo',
        'app.kubernetes.io/part-of': 'haierpsi',
      });
    }
    const r = kubectl(['logs', 'deploy/foo', '-n', 'haierpsi-foo-dev', '--tail=20']);
    expect(r.code, r.stderr).toBe(0);
    expect(lines(r.stdout)).toHaveLength(20);
    expect(lines(r.stdout).every((l) => SPRING_LINE.test(l))).toBe(true);
  });

  it('--previous shows the crashed run of a crash-looping pod', async () => {
    let ns = 'ai-test';
    let name: string;
    if (live) {
      const p = await waitFor(
        () =>
          pods(ns, 'app.kubernetes.io/name=ai-server').find((x) =>
            x.status?.containerStatuses?.some((c) => c.lastState?.terminated),
          ),
        30_000,
      );
      name = p.metadata.name;
    } else {
      ns = NS;
      name = 'crashy';
      const created = await runPod(ns, name, [
        spring('app', 'registry.wharf.local/ai/ai-server:1-crash'),
      ]);
      const started = Date.parse(created.metadata.creationTimestamp);
      const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
      patchStatus(ns, name, {
        phase: 'Running',
        containerStatuses: [
          {
            name: 'app',
            image: 'x',
            imageID: '',
            ready: false,
            restartCount: 1,
            state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 10s' } },
            lastState: {
              terminated: {
                exitCode: 1,
                reason: 'Error',
                startedAt: iso(started),
                finishedAt: iso(started + 4000),
              },
            },
          },
        ],
      });
    }
    const r = kubectl(['logs', name, '-n', ns, '--previous']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Application run failed');
    expect(r.stdout).toMatch(/\n\tat org\.springframework\.boot\.SpringApplication\.run/);
    expect(r.stdout).toContain('Caused by: ');
  });

  it('-f ends with exit 0 when the container terminates', async () => {
    await runPod(NS, 'ending', [spring()]);
    const child = sim.kubectlAsync(['logs', '-f', 'ending', '-n', NS, '--tail=2']);
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    await waitFor(() => lines(out).length >= 2, 10_000);
    if (live) {
      expect(kubectl(['delete', 'pod', 'ending', '-n', NS, '--wait=false']).code).toBe(0);
    } else {
      const p = pods(NS).find((x) => x.metadata.name === 'ending')!;
      patchStatus(NS, 'ending', {
        phase: 'Succeeded',
        containerStatuses: [
          {
            name: 'app',
            image: 'x',
            imageID: '',
            ready: false,
            restartCount: 0,
            state: {
              terminated: {
                exitCode: 0,
                reason: 'Completed',
                startedAt: p.metadata.creationTimestamp,
                finishedAt: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
              },
            },
          },
        ],
      });
    }
    const timeout = sleep(15_000).then(() => 'timeout');
    expect(await Promise.race([exited, timeout])).toBe(0);
  });
});

describe('kubectl logs errors', () => {
  it('unknown container', async () => {
    // kubectl checks the pod's containers itself; the API answers the same words with a 400.
    const r = kubectl(['logs', 'spring', '-n', NS, '-c', 'nope']);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe('error: container nope is not valid for pod spring');
    const raw = await rawGet(`/api/v1/namespaces/${NS}/pods/spring/log?container=nope`);
    expect(raw.status).toBe(400);
    expect(JSON.parse(raw.body)).toMatchObject({
      reason: 'BadRequest',
      message: 'container nope is not valid for pod spring',
    });
  });

  it('--previous on a container that never restarted', () => {
    const r = kubectl(['logs', 'spring', '-n', NS, '--previous']);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(
      'Error from server (BadRequest): previous terminated container "app" in pod "spring" not found',
    );
  });

  it('missing pod', async () => {
    const r = kubectl(['logs', 'nope', '-n', NS]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(
      `error: error from server (NotFound): pods "nope" not found in namespace "${NS}"`,
    );
    const raw = await rawGet(`/api/v1/namespaces/${NS}/pods/nope/log`);
    expect([raw.status, (JSON.parse(raw.body) as { message: string }).message]).toEqual([
      404,
      'pods "nope" not found',
    ]);
  });

  it('option errors as kube-apiserver answers them', async () => {
    const base = `/api/v1/namespaces/${NS}/pods/spring/log?container=app`;
    const bad = await rawGet(`${base}&tailLines=ten`);
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body)).toMatchObject({ reason: 'BadRequest', code: 400 });
    const both = await rawGet(`${base}&sinceSeconds=5&sinceTime=2026-11-22T05:00:00Z`);
    expect(both.status).toBe(422);
    expect((JSON.parse(both.body) as { message: string }).message).toContain(
      'at most one of `sinceTime` or `sinceSeconds` may be specified',
    );
  });
});

describe('client-node', () => {
  it('Log streams the tail with timestamps', async () => {
    const out = new PassThrough();
    let text = '';
    out.on('data', (d: Buffer) => (text += d.toString()));
    const ended = new Promise((r) => out.on('end', r));
    await new k8s.Log(clientConfig()).log(NS, 'spring', 'app', out, {
      tailLines: 3,
      timestamps: true,
    });
    await ended;
    const ls = lines(text);
    expect(ls).toHaveLength(3);
    for (const l of ls) expect(l).toMatch(NANO);
  });

  it('readNamespacedPodLog returns text and keeps error bodies', async () => {
    const core = clientConfig().makeApiClient(k8s.CoreV1Api);
    const text = await core.readNamespacedPodLog({
      name: 'spring',
      namespace: NS,
      container: 'app',
      tailLines: 2,
    });
    expect(lines(text)).toHaveLength(2);
    await expect(
      core.readNamespacedPodLog({ name: 'spring', namespace: NS, container: 'nope' }),
    ).rejects.toMatchObject({ code: 400 });
    try {
      await core.readNamespacedPodLog({ name: 'spring', namespace: NS, previous: true });
    } catch (e) {
      const body = JSON.parse(String((e as { body: unknown }).body)) as { message: string };
      expect(body.message).toBe('previous terminated container "app" in pod "spring" not found');
      return;
    }
    throw new Error('expected an ApiException');
  });
});
