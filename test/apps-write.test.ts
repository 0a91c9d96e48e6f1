// The app write API against a real simulator: deploy, update (with 409 on a stale edit), scale,
// restart, pause, roll back, delete; bad input refused with field errors and nothing created; quota
// refusals in kube's words; roles enforced by the API server through impersonation.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appYaml } from '../lib/apps/app-yaml';
import { defaultModel, type AppModel } from '../lib/apps/app-model';
import { StatusSchema } from '../lib/contracts/status';
import { DEMO_USERS } from '../lib/demo-users';
import { createAuditLog } from '../server/audit';
import {
  createAppRoute,
  deleteAppRoute,
  pauseRoute,
  preflightRoute,
  restartRoute,
  rollbackRoute,
  scaleRoute,
  updateAppRoute,
} from '../server/apps/routes';
import { createWithApi, type RouteHandler } from '../server/api/with-api';
import type { WharfContext } from '../server/context';
import { AccessReviewer } from '../server/kube/access';
import { clustersFromSimulator } from '../server/kube/clusters';
import { startSim, type SimHandle } from './sim-harness';

let sim: SimHandle;
let ctx: WharfContext;
let auditDir: string;

beforeAll(async () => {
  sim = await startSim();
  const clusters = new Map(clustersFromSimulator(sim.kubeconfig).map((c) => [c.name, c]));
  ctx = { clusters, access: new AccessReviewer(clusters) } as unknown as WharfContext;
  auditDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wharf-apps-'));
}, 60_000);

afterAll(async () => {
  await sim?.stop();
  fs.rmSync(auditDir, { recursive: true, force: true });
});

type Build = (withApi: ReturnType<typeof createWithApi>) => RouteHandler;

/** Calls a route as `user` with the route's params and an optional JSON body. */
async function call(
  build: Build,
  user: string,
  params: Record<string, string>,
  body?: unknown,
  method = 'POST',
): Promise<{ status: number; json: Record<string, unknown> }> {
  const groups = DEMO_USERS.find((u) => u.username === user)?.groups ?? [];
  const log = createAuditLog({ dir: auditDir, stdout: () => undefined });
  const withApi = createWithApi({
    identity: () => Promise.resolve({ username: user, groups }),
    context: () => ctx,
    audit: () => log,
    logError: () => undefined,
  });
  const res = await build(withApi)(
    new Request('http://localhost/api/x', {
      method,
      ...(body === undefined
        ? {}
        : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
    }),
    { params: Promise.resolve(params) },
  );
  const text = await res.text();
  return { status: res.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

const AI_TEST = { cluster: 'dev-cluster', namespace: 'ai-test' };
const AI_PROD = { cluster: 'prod-cluster', namespace: 'ai-prod' };

function model(name: string, patch: Partial<AppModel> = {}): AppModel {
  return { ...defaultModel(name), image: 'registry.wharf.local/ai/demo:1.0', ...patch };
}

function kubectlJson(args: string[], context = 'dev-cluster'): Record<string, unknown> {
  const r = sim.kubectl([...args, '-o', 'json'], { context });
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

function exists(kind: string, name: string, ns = 'ai-test', context = 'dev-cluster'): boolean {
  return sim.kubectl(['get', kind, name, '-n', ns], { context }).code === 0;
}

function image(name: string, ns = 'ai-test'): string {
  const d = kubectlJson(['get', 'deployment', name, '-n', ns]) as {
    spec: { template: { spec: { containers: { image: string }[] } } };
  };
  return d.spec.template.spec.containers[0]!.image;
}

/** The Deployment's kubectl.kubernetes.io/restartedAt (what a rolling restart sets). */
function restartedAt(app: string): string {
  return sim.kubectl([
    'get',
    'deploy',
    app,
    '-n',
    'ai-test',
    '-o',
    'jsonpath={.spec.template.metadata.annotations.kubectl\\.kubernetes\\.io/restartedAt}',
  ]).stdout;
}

async function waitFor(check: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('deploy', () => {
  it('creates the Deployment and Service with the app labels, probes and resources', async () => {
    const res = await call(createAppRoute, 'alice', AI_TEST, { model: model('shop') });
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    const d = kubectlJson(['get', 'deployment', 'shop', '-n', 'ai-test']) as {
      metadata: { labels: Record<string, string> };
      spec: { template: { spec: { containers: Record<string, unknown>[] } } };
    };
    expect(d.metadata.labels).toMatchObject({
      'app.kubernetes.io/name': 'shop',
      'app.kubernetes.io/part-of': 'ai',
    });
    const c = d.spec.template.spec.containers[0]!;
    expect(c.readinessProbe).toMatchObject({ httpGet: { path: '/healthz', port: 8080 } });
    expect(c.resources).toEqual({
      requests: { cpu: '100m', memory: '128Mi' },
      limits: { cpu: '500m', memory: '512Mi' },
    });
    const svc = kubectlJson(['get', 'service', 'shop', '-n', 'ai-test']) as {
      spec: { selector: Record<string, string>; ports: { port: number }[] };
    };
    expect(svc.spec.selector).toEqual({ 'app.kubernetes.io/name': 'shop' });
    expect(svc.spec.ports[0]!.port).toBe(80);
  });

  it('creates from YAML', async () => {
    const yaml = appYaml(model('from-yaml'), 'ai');
    const res = await call(createAppRoute, 'bob', AI_TEST, { yaml });
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    expect(image('from-yaml')).toBe('registry.wharf.local/ai/demo:1.0');
  });

  const bad: [string, unknown, string][] = [
    ['an invalid name', { model: model('Bad_Name') }, 'model.name'],
    ['an invalid image', { model: model('x1', { image: 'UPPER CASE:1' }) }, 'model.image'],
    [
      'an invalid quantity',
      { model: model('x2', { requests: { cpu: 'lots', memory: '1Gi' } }) },
      'model.requests.cpu',
    ],
    [
      'a port out of range',
      { model: model('x3', { ports: [{ name: 'http', containerPort: 70000, servicePort: 80 }] }) },
      'model.ports[0].containerPort',
    ],
    [
      'a probe path without /',
      {
        model: model('x4', {
          readiness: { path: 'healthz', port: 8080, initialDelaySeconds: 1, periodSeconds: 5 },
        }),
      },
      'model.readiness.path',
    ],
    ['replicas out of range', { model: model('x5', { replicas: 51 }) }, 'model.replicas'],
    ['YAML that does not parse', { yaml: 'kind: [Deployment\n  x: : :' }, 'yaml'],
    [
      'YAML of the wrong kind',
      { yaml: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: x6\n' },
      'yaml.kind',
    ],
    ['neither model nor yaml', {}, 'model'],
  ];
  it.each(bad)('refuses %s with a field error and creates nothing', async (_what, body, field) => {
    const res = await call(createAppRoute, 'alice', AI_TEST, body);
    expect(res.status).toBe(422);
    const status = StatusSchema.parse(res.json);
    expect(status.details?.causes?.map((c) => c.field)).toContain(field);
    for (const n of ['Bad_Name', 'x1', 'x2', 'x3', 'x4', 'x5', 'x6'])
      expect(exists('deployment', n.toLowerCase())).toBe(false);
  });

  it('blocks a deploy over quota in the preflight and in the API, in kube’s words', async () => {
    const big = model('too-big', {
      replicas: 20,
      requests: { cpu: '1', memory: '1Gi' },
      limits: { cpu: '1', memory: '1Gi' },
    });
    const pre = await call(preflightRoute, 'alice', AI_TEST, { model: big });
    expect(pre.status).toBe(200);
    expect(pre.json.fits).toBe(false);
    const res = await call(createAppRoute, 'alice', AI_TEST, { model: big });
    expect(res.status).toBe(403);
    expect(res.json.message).toMatch(/^exceeded quota: wharf-quota, requested: requests\.cpu=20/);
    expect(exists('deployment', 'too-big')).toBe(false);
  });
});

describe('update, scale, restart, pause, roll back', () => {
  it('updates from the edited version and refuses a stale one with 409', async () => {
    await call(createAppRoute, 'alice', AI_TEST, { model: model('upd') });
    const rv = (
      kubectlJson(['get', 'deployment', 'upd', '-n', 'ai-test']) as {
        metadata: { resourceVersion: string };
      }
    ).metadata.resourceVersion;
    const v2 = model('upd', { image: 'registry.wharf.local/ai/demo:2.0' });
    const ok = await call(
      updateAppRoute,
      'bob',
      { ...AI_TEST, app: 'upd' },
      { model: v2, resourceVersion: rv },
      'PUT',
    );
    expect(ok.status, JSON.stringify(ok.json)).toBe(200);
    expect(image('upd')).toBe('registry.wharf.local/ai/demo:2.0');

    const stale = await call(
      updateAppRoute,
      'alice',
      { ...AI_TEST, app: 'upd' },
      { model: model('upd', { image: 'registry.wharf.local/ai/demo:3.0' }), resourceVersion: rv },
      'PUT',
    );
    expect(stale.status).toBe(409);
    expect(stale.json.message).toMatch(/changed by someone else/);
    expect(image('upd')).toBe('registry.wharf.local/ai/demo:2.0');
  });

  it('with the edit’s generation, only a spec change conflicts, not the controller’s status', async () => {
    const d = kubectlJson(['get', 'deployment', 'upd', '-n', 'ai-test']) as {
      metadata: { resourceVersion: string; generation: number };
    };
    // A status-only change moves the resourceVersion but not the generation.
    sim.kubectl(['annotate', 'deployment', 'upd', '-n', 'ai-test', 'note=x']);
    const v = model('upd', { image: 'registry.wharf.local/ai/demo:2.0', replicas: 2 });
    const since = {
      resourceVersion: d.metadata.resourceVersion,
      generation: d.metadata.generation,
    };
    const ok = await call(
      updateAppRoute,
      'bob',
      { ...AI_TEST, app: 'upd' },
      { model: v, ...since },
      'PUT',
    );
    expect(ok.status, JSON.stringify(ok.json)).toBe(200);
    const stale = await call(
      updateAppRoute,
      'bob',
      { ...AI_TEST, app: 'upd' },
      { model: v, ...since },
      'PUT',
    );
    expect(stale.status).toBe(409);
  });

  it('rolls back to revision 1 by copying its template', async () => {
    await waitFor(
      () =>
        sim
          .kubectl(['get', 'rs', '-n', 'ai-test', '-l', 'app.kubernetes.io/name=upd', '-o', 'name'])
          .stdout.trim()
          .split('\n').length === 2,
    );
    const res = await call(rollbackRoute, 'bob', { ...AI_TEST, app: 'upd' }, { revision: 1 });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json.skipped).toBe(false);
    expect(image('upd')).toBe('registry.wharf.local/ai/demo:1.0');
    const missing = await call(rollbackRoute, 'bob', { ...AI_TEST, app: 'upd' }, { revision: 99 });
    expect(missing.status).toBe(404);
  });

  it('scales with the preflight, restarts as kubectl does, pauses and resumes', async () => {
    const scaled = await call(scaleRoute, 'bob', { ...AI_TEST, app: 'upd' }, { replicas: 3 });
    expect(scaled.status).toBe(200);
    expect(
      sim.kubectl(['get', 'deploy', 'upd', '-n', 'ai-test', '-o', 'jsonpath={.spec.replicas}'])
        .stdout,
    ).toBe('3');
    const tooMany = await call(scaleRoute, 'bob', { ...AI_TEST, app: 'upd' }, { replicas: 51 });
    expect(tooMany.status).toBe(422);

    const restarted = await call(restartRoute, 'bob', { ...AI_TEST, app: 'upd' });
    expect(restarted.status).toBe(200);
    expect(Number.isNaN(Date.parse(restartedAt('upd')))).toBe(false);

    expect((await call((w) => pauseRoute(w, true), 'bob', { ...AI_TEST, app: 'upd' })).status).toBe(
      200,
    );
    expect(
      sim.kubectl(['get', 'deploy', 'upd', '-n', 'ai-test', '-o', 'jsonpath={.spec.paused}'])
        .stdout,
    ).toBe('true');
    expect(
      (await call((w) => pauseRoute(w, false), 'bob', { ...AI_TEST, app: 'upd' })).status,
    ).toBe(200);
    expect(
      sim.kubectl(['get', 'deploy', 'upd', '-n', 'ai-test', '-o', 'jsonpath={.spec.paused}'])
        .stdout,
    ).toBe('false');
  });
});

describe('restart and quota', () => {
  it('refuses a restart whose surge pods would not fit, in the preflight and in the API', async () => {
    // A second quota with exactly what the namespace uses now: no room for a surge pod.
    await waitFor(() => {
      const q = kubectlJson(['get', 'resourcequota', 'wharf-quota', '-n', 'ai-test']) as {
        status?: { used?: Record<string, string> };
      };
      const pods = sim.kubectl([
        'get',
        'pods',
        '-n',
        'ai-test',
        '--field-selector=status.phase!=Succeeded,status.phase!=Failed',
        '-o',
        'name',
      ]).stdout;
      return q.status?.used?.pods === String(pods.trim().split('\n').filter(Boolean).length);
    });
    const used = (
      kubectlJson(['get', 'resourcequota', 'wharf-quota', '-n', 'ai-test']) as {
        status: { used: Record<string, string> };
      }
    ).status.used;
    sim.kubectl(['create', 'quota', 'no-room', '-n', 'ai-test', `--hard=pods=${used.pods}`]);
    try {
      await waitFor(
        () =>
          (
            kubectlJson(['get', 'resourcequota', 'no-room', '-n', 'ai-test']) as {
              status?: { used?: Record<string, string> };
            }
          ).status?.used?.pods === used.pods,
      );
      const before = restartedAt('upd');
      const pre = await call(preflightRoute, 'bob', AI_TEST, { app: 'upd', restart: true });
      expect(pre.status).toBe(200);
      expect(pre.json.fits).toBe(false);
      expect(pre.json.quota).toBe('no-room');
      const res = await call(restartRoute, 'bob', { ...AI_TEST, app: 'upd' });
      expect(res.status).toBe(403);
      expect(res.json.message).toMatch(/^exceeded quota: no-room, requested: pods=1/);
      expect(restartedAt('upd')).toBe(before);
    } finally {
      sim.kubectl(['delete', 'quota', 'no-room', '-n', 'ai-test']);
    }
  });

  it('refuses a restart preflight without the app it restarts', async () => {
    const res = await call(preflightRoute, 'bob', AI_TEST, { restart: true });
    expect(res.status).toBe(422);
  });
});

describe('roles', () => {
  it('bob may not change anything in ai-prod: 403 from the API server, nothing changed', async () => {
    const app = { ...AI_PROD, app: 'ai-api' };
    const created = await call(createAppRoute, 'bob', AI_PROD, { model: model('nope') });
    expect(created.status).toBe(403);
    expect(exists('deployment', 'nope', 'ai-prod', 'prod-cluster')).toBe(false);
    for (const [build, body] of [
      [scaleRoute, { replicas: 1 }],
      [restartRoute, undefined],
      [(w: ReturnType<typeof createWithApi>) => pauseRoute(w, true), undefined],
    ] as [Build, unknown][]) {
      const res = await call(build, 'bob', app, body);
      expect(res.status).toBe(403);
      expect(res.json.message).toMatch(/you may not/);
    }
    const rv = (
      kubectlJson(['get', 'deployment', 'ai-api', '-n', 'ai-prod'], 'prod-cluster') as {
        metadata: { resourceVersion: string };
      }
    ).metadata.resourceVersion;
    const update = { model: model('ai-api'), resourceVersion: rv };
    expect((await call(updateAppRoute, 'bob', app, update, 'PUT')).status).toBe(403);
    expect((await call(deleteAppRoute, 'bob', app, undefined, 'DELETE')).status).toBe(403);
    expect(exists('deployment', 'ai-api', 'ai-prod', 'prod-cluster')).toBe(true);
  });

  it('a user of another project sees nothing of it', async () => {
    const res = await call(createAppRoute, 'victor', AI_TEST, { model: model('spy') });
    expect(res.status).toBe(403);
    expect(JSON.stringify(res.json)).not.toMatch(/ai-api|wharf-quota|requests\.cpu/);
    const pre = await call(preflightRoute, 'victor', AI_TEST, { model: model('spy') });
    expect(pre.status).toBe(403);
    expect(pre.json.rows).toBeUndefined();
  });
});

describe('delete', () => {
  it('deletes the app’s Deployment, Service and labelled config and nothing else', async () => {
    sim.kubectl(['create', 'configmap', 'shop-config', '-n', 'ai-test', '--from-literal=a=b']);
    sim.kubectl([
      'label',
      'configmap',
      'shop-config',
      '-n',
      'ai-test',
      'app.kubernetes.io/name=shop',
    ]);
    const res = await call(
      deleteAppRoute,
      'alice',
      { ...AI_TEST, app: 'shop' },
      undefined,
      'DELETE',
    );
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json.deleted).toEqual(
      expect.arrayContaining(['deployment/shop', 'service/shop', 'configmap/shop-config']),
    );
    expect(exists('deployment', 'shop')).toBe(false);
    expect(exists('service', 'shop')).toBe(false);
    expect(exists('configmap', 'shop-config')).toBe(false);
    expect(exists('deployment', 'ai-api')).toBe(true);
  });
});
