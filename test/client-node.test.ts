// @kubernetes/client-node against `npm run sim`: the client the console's BFF uses.
import https from 'node:https';
import * as k8s from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSim, type SimHandle } from './sim-harness';

let sim: SimHandle;

function config(context: string): k8s.KubeConfig {
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(sim.kubeconfig);
  kc.setCurrentContext(context);
  return kc;
}

beforeAll(async () => {
  // Short watches and a small history, so informers meet both reconnects and 410 Expired quickly.
  sim = await startSim(['--min-request-timeout', '2', '--watch-history', '20']);
}, 60_000);

afterAll(async () => {
  await sim?.stop();
});

async function waitFor(cond: () => boolean, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('client-node', () => {
  it('lists with label selectors and pages with limit/continue', async () => {
    const core = config('dev-cluster').makeApiClient(k8s.CoreV1Api);
    const all = await core.listNamespace({ labelSelector: 'wharf.io/project=ai' });
    expect(all.items.map((n) => n.metadata?.name).sort()).toEqual(['ai-preview', 'ai-test']);
    const page1 = await core.listNamespace({ limit: 2 });
    expect(page1.items).toHaveLength(2);
    expect(page1.metadata?._continue).toBeTruthy();
    expect(page1.metadata?.remainingItemCount).toBeGreaterThan(0);
    const page2 = await core.listNamespace({ limit: 100, _continue: page1.metadata!._continue });
    const names = [...page1.items, ...page2.items].map((n) => n.metadata?.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toContain('haierpsi-foo-dev');
  });

  it('patches with each content type', async () => {
    const kc = config('dev-cluster');
    const apps = kc.makeApiClient(k8s.AppsV1Api);
    const ns = 'ai-preview';
    await apps.patchNamespacedDeployment(
      { name: 'ai-api', namespace: ns, body: { metadata: { labels: { merge: 'yes' } } } },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
    );
    await apps.patchNamespacedDeployment({
      name: 'ai-api',
      namespace: ns,
      body: [{ op: 'add', path: '/metadata/labels/json', value: 'yes' }],
    });
    await apps.patchNamespacedDeployment(
      { name: 'ai-api', namespace: ns, body: { metadata: { labels: { smp: 'yes' } } } },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.StrategicMergePatch),
    );
    await apps.patchNamespacedDeployment(
      {
        name: 'ai-api',
        namespace: ns,
        fieldManager: 'wharf-test',
        body: {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: 'ai-api', labels: { ssa: 'yes' } },
        },
      },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.ServerSideApply),
    );
    const d = await apps.readNamespacedDeployment({ name: 'ai-api', namespace: ns });
    expect(d.metadata?.labels).toMatchObject({ merge: 'yes', json: 'yes', smp: 'yes', ssa: 'yes' });
    await apps.patchNamespacedDeploymentScale(
      { name: 'ai-api', namespace: ns, body: { spec: { replicas: 5 } } },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
    );
    expect(
      (await apps.readNamespacedDeploymentScale({ name: 'ai-api', namespace: ns })).spec?.replicas,
    ).toBe(5);
  });

  it('reports API errors as ApiException with the Status body', async () => {
    const core = config('dev-cluster-victor').makeApiClient(k8s.CoreV1Api);
    const err = await core
      .listNamespacedSecret({ namespace: 'haierpsi-foo-dev' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(k8s.ApiException);
    const status = JSON.parse((err as k8s.ApiException<string>).body) as {
      reason: string;
      code: number;
    };
    expect(status).toMatchObject({ reason: 'Forbidden', code: 403 });
  });

  it('watches from a resourceVersion and sees ADDED, MODIFIED, DELETED', async () => {
    const kc = config('dev-cluster');
    const core = kc.makeApiClient(k8s.CoreV1Api);
    const list = await core.listNamespacedConfigMap({ namespace: 'ai-test' });
    const events: string[] = [];
    const ctrl = await new k8s.Watch(kc).watch(
      '/api/v1/namespaces/ai-test/configmaps',
      { resourceVersion: list.metadata?.resourceVersion, allowWatchBookmarks: true },
      (type, obj: k8s.V1ConfigMap) => {
        if (obj.metadata?.name === 'w1') events.push(type);
      },
      () => {},
    );
    await core.createNamespacedConfigMap({
      namespace: 'ai-test',
      body: { metadata: { name: 'w1' }, data: { a: '1' } },
    });
    await core.replaceNamespacedConfigMap({
      name: 'w1',
      namespace: 'ai-test',
      body: { metadata: { name: 'w1' }, data: { a: '2' } },
    });
    await core.deleteNamespacedConfigMap({ name: 'w1', namespace: 'ai-test' });
    await waitFor(() => events.length >= 3);
    ctrl.abort();
    expect(events).toEqual(['ADDED', 'MODIFIED', 'DELETED']);
  });

  it('an informer relists after 410 Expired and stays in sync', async () => {
    const kc = config('dev-cluster');
    const core = kc.makeApiClient(k8s.CoreV1Api);
    const path = '/api/v1/namespaces/ai-preview/configmaps';
    const informer = k8s.makeInformer(kc, path, () =>
      core.listNamespacedConfigMap({ namespace: 'ai-preview' }),
    );
    const errors: unknown[] = [];
    informer.on('error', (e) => {
      errors.push(e);
      setTimeout(() => void informer.start(), 100);
    });
    await informer.start();
    // Push the informer's resourceVersion out of the 20-event history with writes it does not watch,
    // then let its watch end (min-request-timeout 2 s) so it must resume from an expired version.
    for (let i = 0; i < 30; i++) {
      await core.createNamespacedConfigMap({
        namespace: 'ai-test',
        body: { metadata: { name: `churn-${i}` } },
      });
    }
    await core.createNamespacedConfigMap({
      namespace: 'ai-preview',
      body: { metadata: { name: 'late' } },
    });
    await waitFor(() => informer.list().some((c) => c.metadata?.name === 'late'), 20_000);
    const metrics = await raw('GET', '/metrics', 'admin');
    // More than one LIST of ai-preview configmaps: the informer relisted.
    const lists = [
      ...metrics.body.matchAll(
        /apiserver_request_total\{code="200",group="",resource="configmaps",subresource="",verb="LIST",version="v1"\} (\d+)/g,
      ),
    ];
    expect(Number(lists[0]?.[1] ?? 0)).toBeGreaterThanOrEqual(2);
    await informer.stop();
  }, 40_000);

  it('honours two impersonated groups as two groups (raw transport, as server/kube will)', async () => {
    // client-node folds repeated headers; Node's https sends an array as separate header lines.
    const res = await raw(
      'POST',
      '/apis/authentication.k8s.io/v1/selfsubjectreviews',
      'wharf-console',
      {
        headers: {
          'Impersonate-User': 'someone',
          'Impersonate-Group': ['team-a', 'wharf:platform-admins'],
        },
        body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
      },
    );
    const review = JSON.parse(res.body) as {
      status: { userInfo: { username: string; groups: string[] } };
    };
    expect(review.status.userInfo.username).toBe('someone');
    expect(review.status.userInfo.groups).toEqual([
      'team-a',
      'wharf:platform-admins',
      'system:authenticated',
    ]);
    // The rights come only from the group: cluster-admin through wharf:platform-admins.
    const ns = await raw('GET', '/api/v1/namespaces/ai-test/secrets', 'wharf-console', {
      headers: {
        'Impersonate-User': 'someone',
        'Impersonate-Group': ['team-a', 'wharf:platform-admins'],
      },
    });
    expect(ns.status).toBe(200);
    const joined = await raw('GET', '/api/v1/namespaces/ai-test/secrets', 'wharf-console', {
      headers: {
        'Impersonate-User': 'someone',
        'Impersonate-Group': 'team-a,wharf:platform-admins',
      },
    });
    expect(joined.status).toBe(403);
  });
});

async function raw(
  method: string,
  path: string,
  user: string,
  opts: { headers?: Record<string, string | string[]>; body?: unknown } = {},
): Promise<{ status: number; body: string }> {
  const kc = config(`dev-cluster-${user}`);
  const cluster = kc.getCurrentCluster()!;
  const token = kc.getCurrentUser()!.token!;
  return new Promise((resolve, reject) => {
    const req = https.request(
      new URL(path, cluster.server),
      {
        method,
        ca: Buffer.from(cluster.caData!, 'base64'),
        headers: {
          Authorization: `Bearer ${token}`,
          'Content-Type': 'application/json',
          ...opts.headers,
        },
      },
      (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    if (opts.body !== undefined) req.write(JSON.stringify(opts.body));
    req.end();
  });
}
