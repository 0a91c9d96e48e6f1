// The JSON API against the simulator: GET /api/projects and GET /api/clusters through withApi with an
// injected session, per demo user; nothing a user may not read in any answer; a dead cluster is one row.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USERS } from '../lib/demo-users';
import { ClusterOverviewSchema, type ClusterOverview } from '../lib/contracts/clusters';
import { ProjectSchema } from '../lib/contracts/projects';
import { StatusSchema } from '../lib/contracts/status';
import { visibleProjects } from '../server/api/projects';
import { clustersRoute, projectsRoute } from '../server/api/routes';
import { createWithApi } from '../server/api/with-api';
import { createAuditLog } from '../server/audit';
import type { WharfContext } from '../server/context';
import { clusterOverview } from '../server/domain/clusters';
import { AccessReviewer } from '../server/kube/access';
import { clustersFromSimulator, type ClusterConnection } from '../server/kube/clusters';
import type { Identity } from '../server/kube/transport';
import { WatchCache } from '../server/kube/watch-cache';
import { startSim, type SimHandle } from './sim-harness';

let sim: SimHandle;
let ctx: WharfContext;
let auditDir: string;

/** A port nothing listens on: the address of a stopped cluster. */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

beforeAll(async () => {
  sim = await startSim();
  const clusters = new Map<string, ClusterConnection>(
    clustersFromSimulator(sim.kubeconfig).map((c) => [c.name, c]),
  );
  clusters.set('stopped-cluster', {
    ...clusters.get('dev-cluster')!,
    name: 'stopped-cluster',
    server: `https://127.0.0.1:${await closedPort()}`,
  });
  ctx = { clusters, cache: new WatchCache(clusters), access: new AccessReviewer(clusters) };
  auditDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wharf-api-audit-'));
}, 60_000);

afterAll(async () => {
  ctx?.cache.close();
  await sim?.stop();
  if (auditDir) fs.rmSync(auditDir, { recursive: true, force: true });
});

function who(username: string): Identity {
  const user = DEMO_USERS.find((u) => u.username === username);
  return { username, groups: user ? [...user.groups] : ['wharf:users'] };
}

/** The routes as Next would run them, signed in as `identity` (null: no session). */
function routes(identity: Identity | null) {
  const withApi = createWithApi({
    identity: () => Promise.resolve(identity),
    context: () => ctx,
    audit: () => createAuditLog({ dir: auditDir, stdout: () => {} }),
  });
  return { projects: projectsRoute(withApi), clusters: clustersRoute(withApi) };
}

async function get(route: 'projects' | 'clusters', identity: Identity | null) {
  const res = await routes(identity)[route](new Request(`http://localhost/api/${route}`));
  return { status: res.status, text: await res.text() };
}

/** Every string anywhere in a JSON value (keys too). */
function strings(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.flatMap(strings);
  if (v && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => [k, ...strings(x)]);
  return [];
}

const AI_NAME = /^ai$|^ai-/;

describe('GET /api/projects', () => {
  it('answers 401 with a Status without a session', async () => {
    const { status, text } = await get('projects', null);
    expect(status).toBe(401);
    expect(StatusSchema.parse(JSON.parse(text))).toMatchObject({ reason: 'Unauthorized' });
  });

  it.each([
    ['admin', ['ai', 'haierpsi']],
    ['alice', ['ai']],
    ['bob', ['ai']],
    ['olivia', ['ai', 'haierpsi']],
    ['victor', ['haierpsi']],
    ['hana', ['haierpsi']],
    ['nobody', []],
  ])('%s gets %j', async (user, want) => {
    const { status, text } = await get('projects', who(user));
    expect(status).toBe(200);
    const projects = ProjectSchema.array().parse(JSON.parse(text));
    expect(projects.map((p) => p.name)).toEqual(want);
    // the dead cluster shortens nobody's list and appears nowhere
    expect(text).not.toContain('stopped-cluster');
  });

  it('gives victor no name of the ai project anywhere in the answer', async () => {
    const { text } = await get('projects', who('victor'));
    const found = strings(JSON.parse(text));
    expect(found.length).toBeGreaterThan(5);
    expect(found.filter((s) => AI_NAME.test(s))).toEqual([]);
  });

  it('gives alice ai’s environments across both clusters', async () => {
    const [ai] = ProjectSchema.array().parse(
      JSON.parse((await get('projects', who('alice'))).text),
    );
    expect(ai!.environments.map((e) => `${e.cluster}/${e.namespace}`)).toEqual([
      'dev-cluster/ai-test',
      'dev-cluster/ai-preview',
      'prod-cluster/ai-prod',
    ]);
  });

  it('names the clusters that did not answer to server components', async () => {
    const visible = await visibleProjects(ctx, who('hana'), 3_000);
    expect(visible.projects.map((p) => p.name)).toEqual(['haierpsi']);
    expect(visible.unreachable).toEqual([
      { cluster: 'stopped-cluster', error: expect.any(String) },
    ]);
    // a dead cluster fails at once while its watch backs off, instead of holding every page up
    const start = Date.now();
    await visibleProjects(ctx, who('hana'), 3_000);
    expect(Date.now() - start).toBeLessThan(1_000);
  });
});

describe('GET /api/clusters', () => {
  async function overview(user: string): Promise<ClusterOverview[]> {
    const { status, text } = await get('clusters', who(user));
    expect(status).toBe(200);
    return ClusterOverviewSchema.array().parse(JSON.parse(text));
  }

  it('shows the admin health, version, nodes and CPU/memory of every cluster', async () => {
    const list = await overview('admin');
    expect(list.map((c) => [c.name, c.health])).toEqual([
      ['dev-cluster', 'ok'],
      ['prod-cluster', 'ok'],
      ['stopped-cluster', 'unreachable'],
    ]);
    for (const c of list.slice(0, 2)) {
      expect(c.version).toBe('v1.32.0');
      // the seed: three nodes of 8 CPU / 32Gi each per cluster
      expect(c.nodes).toEqual({ total: 3, ready: 3 });
      expect(c.cpu?.allocatable).toBe(24);
      expect(c.memory?.allocatable).toBe(96 * 2 ** 30);
      expect(c.cpu?.requested).toBeGreaterThan(0);
      expect(c.cpu!.requested).toBeLessThanOrEqual(24);
      expect(c.memory?.requested).toBeGreaterThan(0);
    }
  });

  it('shows bob, who may not list nodes, health and version but no numbers', async () => {
    const list = await overview('bob');
    const dev = list.find((c) => c.name === 'dev-cluster')!;
    expect(dev).toEqual({ name: 'dev-cluster', health: 'ok', version: 'v1.32.0' });
    for (const c of list) {
      expect(c.nodes).toBeUndefined();
      expect(c.cpu).toBeUndefined();
      expect(c.memory).toBeUndefined();
    }
  });

  it('shows node counts but no CPU/memory to who may list nodes but not every pod', async () => {
    for (const args of [
      ['create', 'clusterrole', 'api-test-node-reader', '--verb=list,watch', '--resource=nodes'],
      [
        'create',
        'clusterrolebinding',
        'api-test-node-reader',
        '--clusterrole=api-test-node-reader',
        '--user=nora',
      ],
    ])
      expect(sim.kubectl(args).code).toBe(0);
    const dev = (await overview('nora')).find((c) => c.name === 'dev-cluster')!;
    expect(dev).toEqual({
      name: 'dev-cluster',
      health: 'ok',
      version: 'v1.32.0',
      nodes: { total: 3, ready: 3 },
    });
    // bound on dev-cluster only
    expect((await overview('nora')).find((c) => c.name === 'prod-cluster')!.nodes).toBeUndefined();
  });

  it('shows a stopped cluster as unreachable with the reason, not a failed list', async () => {
    const stopped = (await overview('alice')).find((c) => c.name === 'stopped-cluster');
    expect(stopped).toEqual({
      name: 'stopped-cluster',
      health: 'unreachable',
      error: 'connection refused',
    });
  });

  it('follows pods as they come and go', async () => {
    const before = (await clusterOverview(ctx, who('admin'))).find(
      (c) => c.name === 'dev-cluster',
    )!;
    const made = sim.kubectl([
      '-n',
      'ai-test',
      'run',
      'overview-probe',
      '--image=nginx',
      '--overrides',
      JSON.stringify({
        spec: {
          containers: [
            {
              name: 'overview-probe',
              image: 'nginx',
              resources: {
                requests: { cpu: '300m', memory: '100Mi' },
                limits: { cpu: '300m', memory: '100Mi' },
              },
            },
          ],
        },
      }),
    ]);
    expect(made.stderr).toBe('');
    await expect
      .poll(
        async () =>
          (await clusterOverview(ctx, who('admin'))).find((c) => c.name === 'dev-cluster')!.cpu!
            .requested,
        { timeout: 15_000 },
      )
      .toBeCloseTo(before.cpu!.requested + 0.3, 6);
  });

  it('shows every cluster unreachable, in order, once the simulator is gone', async () => {
    // SIGTERM: the harness's stop() then sees an exit code (after SIGKILL it would wait forever)
    process.kill(sim.pid, 'SIGTERM');
    await expect
      .poll(async () => (await overview('admin')).map((c) => c.health), { timeout: 15_000 })
      .toEqual(['unreachable', 'unreachable', 'unreachable']);
    const list = await overview('admin');
    expect(list.every((c) => c.nodes === undefined && c.error)).toBe(true);
  });
});
