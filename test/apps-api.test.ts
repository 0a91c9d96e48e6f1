// The pod and metrics routes against the simulator, through withApi with an injected session: the
// API server decides per user (403 in words, nothing changed), bad input is refused before any call.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USERS } from '../lib/demo-users';
import type { PodMetricsResponse } from '../lib/contracts/pods';
import { StatusSchema } from '../lib/contracts/status';
import { podMetricsRoute, podUsage } from '../server/api/metrics';
import { deletePodRoute, getPodRoute } from '../server/api/pods';
import { createWithApi } from '../server/api/with-api';
import type { AuditRecord } from '../server/audit';
import type { WharfContext } from '../server/context';
import { AccessReviewer } from '../server/kube/access';
import { clustersFromSimulator } from '../server/kube/clusters';
import type { Identity } from '../server/kube/transport';
import { WatchCache } from '../server/kube/watch-cache';
import { startSim, type SimHandle } from './sim-harness';

let sim: SimHandle;
let ctx: WharfContext;
const audited: AuditRecord[] = [];

beforeAll(async () => {
  sim = await startSim();
  const clusters = new Map(clustersFromSimulator(sim.kubeconfig).map((c) => [c.name, c]));
  ctx = { clusters, cache: new WatchCache(clusters), access: new AccessReviewer(clusters) };
}, 60_000);

afterAll(async () => {
  ctx?.cache.close();
  await sim?.stop();
});

function who(username: string): Identity {
  const user = DEMO_USERS.find((u) => u.username === username);
  return { username, groups: user ? [...user.groups] : ['wharf:users'] };
}

function routes(username: string) {
  const withApi = createWithApi({
    identity: () => Promise.resolve(who(username)),
    context: () => ctx,
    audit: () => ({ write: (e: AuditRecord) => void audited.push(e) }) as never,
    logError: () => undefined,
  });
  return {
    get: getPodRoute(withApi),
    del: deletePodRoute(withApi),
    metrics: podMetricsRoute(withApi),
  };
}

const BASE = 'http://localhost/api/clusters';

function call(
  handler: ReturnType<typeof routes>['get'],
  method: string,
  params: Record<string, string>,
  query = '',
) {
  const url = `${BASE}/${params.cluster}/namespaces/${params.namespace}/${params.pod ? `pods/${params.pod}` : 'metrics/pods'}${query}`;
  return handler(new Request(url, { method }), { params: Promise.resolve(params) });
}

/** The names of the pods of a namespace, as the admin sees them. */
function podNames(namespace: string, selector?: string): string[] {
  const args = ['get', 'pods', '-n', namespace, '-o', 'jsonpath={.items[*].metadata.name}'];
  if (selector) args.push('-l', selector);
  const out = sim.kubectl(args, {
    context: namespace.endsWith('-prod') ? 'prod-cluster' : 'dev-cluster',
  });
  return out.stdout.split(/\s+/).filter(Boolean);
}

describe('GET …/pods/[pod]', () => {
  it('gives alice an ai pod as YAML without managedFields, and as JSON', async () => {
    const [pod] = podNames('ai-test', 'app.kubernetes.io/name=ai-api');
    const params = { cluster: 'dev-cluster', namespace: 'ai-test', pod: pod! };
    const yaml = await call(routes('alice').get, 'GET', params);
    expect(yaml.status).toBe(200);
    expect(yaml.headers.get('content-type')).toMatch(/yaml/);
    const text = await yaml.text();
    expect(text).toContain(`name: ${pod}`);
    expect(text).not.toContain('managedFields');
    const json = await call(routes('alice').get, 'GET', params, '?format=json');
    expect(((await json.json()) as { metadata: { name: string } }).metadata.name).toBe(pod);
  });

  it('refuses alice a haierpsi pod with 403 in words and shows nothing of it', async () => {
    const [pod] = podNames('haierpsi-foo-dev');
    const res = await call(routes('alice').get, 'GET', {
      cluster: 'dev-cluster',
      namespace: 'haierpsi-foo-dev',
      pod: pod!,
    });
    expect(res.status).toBe(403);
    const text = await res.text();
    expect(StatusSchema.parse(JSON.parse(text)).message).toBe(
      'you may not get pods in haierpsi-foo-dev',
    );
    expect(text).not.toContain('image');
  });

  it('answers bad input with 400 and a bad format with the field', async () => {
    const h = routes('alice').get;
    const bad = await call(h, 'GET', { cluster: 'dev-cluster', namespace: 'AI_TEST', pod: 'x' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('namespace');
    const fmt = await call(
      h,
      'GET',
      { cluster: 'dev-cluster', namespace: 'ai-test', pod: 'x' },
      '?format=xml',
    );
    expect(fmt.status).toBe(400);
    const unknown = await call(h, 'GET', { cluster: 'nowhere', namespace: 'ai-test', pod: 'x' });
    expect(unknown.status).toBe(404);
  });
});

describe('DELETE …/pods/[pod]', () => {
  it('refuses victor (viewer) with 403, audits the denial and deletes nothing', async () => {
    const before = podNames('haierpsi-foo-dev');
    const res = await call(routes('victor').del, 'DELETE', {
      cluster: 'dev-cluster',
      namespace: 'haierpsi-foo-dev',
      pod: before[0]!,
    });
    expect(res.status).toBe(403);
    expect(StatusSchema.parse(await res.json()).message).toBe(
      'you may not delete pods in haierpsi-foo-dev',
    );
    expect(podNames('haierpsi-foo-dev')).toEqual(before);
    expect(audited.at(-1)).toMatchObject({
      user: 'victor',
      verb: 'delete',
      resource: 'pods',
      namespace: 'haierpsi-foo-dev',
      name: before[0],
      code: 403,
    });
  });

  it('refuses a bad name with 400 and deletes nothing', async () => {
    const before = podNames('ai-test');
    const res = await call(routes('alice').del, 'DELETE', {
      cluster: 'dev-cluster',
      namespace: 'ai-test',
      pod: '../secrets',
    });
    expect(res.status).toBe(400);
    expect(podNames('ai-test')).toEqual(before);
  });

  it('lets alice delete an ai-api pod: 204, and its ReplicaSet makes a replacement', async () => {
    const selector = 'app.kubernetes.io/name=ai-api';
    const before = podNames('ai-test', selector);
    const res = await call(routes('alice').del, 'DELETE', {
      cluster: 'dev-cluster',
      namespace: 'ai-test',
      pod: before[0]!,
    });
    expect(res.status).toBe(204);
    expect(audited.at(-1)).toMatchObject({ user: 'alice', name: before[0], code: 204 });
    await expect
      .poll(() => podNames('ai-test', selector).filter((n) => !before.includes(n)).length, {
        timeout: 15_000,
      })
      .toBe(1);
  });
});

describe('GET …/metrics/pods', () => {
  it('gives alice per-pod use of one app, filtered by label', async () => {
    const res = await call(
      routes('alice').metrics,
      'GET',
      { cluster: 'dev-cluster', namespace: 'ai-test' },
      '?labelSelector=app.kubernetes.io%2Fname%3Dai-web',
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as PodMetricsResponse;
    expect(body.pods.length).toBe(2);
    for (const p of body.pods) {
      expect(p.name).toMatch(/^ai-web-/);
      expect(p.cpuMillis).toBeGreaterThan(0);
      expect(p.memoryBytes).toBeGreaterThan(0);
    }
  });

  it('refuses alice haierpsi metrics with 403 and bad selectors with 400', async () => {
    const h = routes('alice').metrics;
    const denied = await call(h, 'GET', { cluster: 'dev-cluster', namespace: 'haierpsi-foo-dev' });
    expect(denied.status).toBe(403);
    expect(await denied.text()).not.toMatch(/cpu|memory|items/);
    const bad = await call(
      h,
      'GET',
      { cluster: 'dev-cluster', namespace: 'ai-test' },
      '?labelSelector=%3Cscript%3E',
    );
    expect(bad.status).toBe(400);
  });
});

describe('podUsage', () => {
  it('sums containers per pod and survives junk', () => {
    const usage = podUsage([
      {
        metadata: { name: 'a' },
        timestamp: '2026-12-01T00:00:10Z',
        containers: [
          { usage: { cpu: '250m', memory: '128Mi' } },
          { usage: { cpu: '1500000n', memory: 'lots' } },
        ],
      },
      { metadata: { name: 'b' }, timestamp: 'never' },
    ]);
    expect(usage).toEqual({
      timestamp: Date.parse('2026-12-01T00:00:10Z'),
      pods: [
        { name: 'a', cpuMillis: 252, memoryBytes: 128 * 2 ** 20 },
        { name: 'b', cpuMillis: 0, memoryBytes: 0 },
      ],
    });
  });
});
