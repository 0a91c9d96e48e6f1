// The JSON API end to end on the embedded simulator: no session → 401 Status; each user's projects;
// the clusters overview with node numbers only for who may read them.
import { expect, test, type APIRequestContext } from '@playwright/test';

const PASSWORD = 'wharf-demo';

/** Signs the request context in as next-auth's credentials form would (CSRF token included). */
async function signIn(request: APIRequestContext, username: string): Promise<void> {
  const { csrfToken } = (await (await request.get('/api/auth/csrf')).json()) as {
    csrfToken: string;
  };
  const res = await request.post('/api/auth/callback/credentials', {
    form: { username, password: PASSWORD, csrfToken, json: 'true' },
  });
  expect(res.ok()).toBe(true);
  const session = (await (await request.get('/api/auth/session')).json()) as {
    identity?: { username?: string };
  };
  expect(session.identity?.username).toBe(username);
}

interface Project {
  name: string;
  environments: { namespace: string; cluster: string }[];
}

interface Overview {
  name: string;
  health: string;
  version?: string;
  nodes?: { total: number; ready: number };
  cpu?: { allocatable: number; requested: number };
  memory?: { allocatable: number; requested: number };
}

test.describe('GET /api/projects', () => {
  test('answers 401 with a Status without a session', async ({ request }) => {
    for (const path of ['/api/projects', '/api/clusters']) {
      const res = await request.get(path, { maxRedirects: 0 });
      expect(res.status()).toBe(401);
      expect(res.headers()['content-type']).toContain('application/json');
      expect(await res.json()).toMatchObject({
        kind: 'Status',
        status: 'Failure',
        reason: 'Unauthorized',
        code: 401,
      });
    }
  });

  test('gives alice only ai, and nothing of haierpsi anywhere', async ({ request }) => {
    await signIn(request, 'alice');
    const res = await request.get('/api/projects');
    expect(res.status()).toBe(200);
    expect(res.headers()['cache-control']).toBe('no-store');
    const text = await res.text();
    const projects = JSON.parse(text) as Project[];
    expect(projects.map((p) => p.name)).toEqual(['ai']);
    expect(projects[0]!.environments.map((e) => e.namespace)).toEqual([
      'ai-test',
      'ai-preview',
      'ai-prod',
    ]);
    expect(text).not.toContain('haierpsi');
  });

  test('gives admin every project', async ({ request }) => {
    await signIn(request, 'admin');
    const projects = (await (await request.get('/api/projects')).json()) as Project[];
    expect(projects.map((p) => p.name)).toEqual(['ai', 'haierpsi']);
    expect(new Set(projects.flatMap((p) => p.environments.map((e) => e.cluster)))).toEqual(
      new Set(['dev-cluster', 'prod-cluster']),
    );
  });
});

test.describe('GET /api/clusters', () => {
  test('shows admin health, version, nodes and CPU/memory of each cluster', async ({ request }) => {
    await signIn(request, 'admin');
    const res = await request.get('/api/clusters');
    expect(res.status()).toBe(200);
    const clusters = (await res.json()) as Overview[];
    expect(clusters.map((c) => [c.name, c.health])).toEqual([
      ['dev-cluster', 'ok'],
      ['prod-cluster', 'ok'],
    ]);
    for (const c of clusters) {
      expect(c.version).toMatch(/^v1\.\d+/);
      expect(c.nodes?.total).toBeGreaterThan(0);
      expect(c.nodes?.ready).toBeLessThanOrEqual(c.nodes!.total);
      expect(c.cpu?.allocatable).toBeGreaterThan(0);
      expect(c.memory?.allocatable).toBeGreaterThan(0);
      expect(c.cpu?.requested).toBeGreaterThanOrEqual(0);
    }
  });

  test('shows bob health and version but no numbers', async ({ request }) => {
    await signIn(request, 'bob');
    const clusters = (await (await request.get('/api/clusters')).json()) as Overview[];
    expect(clusters.length).toBe(2);
    for (const c of clusters) {
      expect(c.health).toBe('ok');
      expect(c.nodes).toBeUndefined();
      expect(c.cpu).toBeUndefined();
      expect(c.memory).toBeUndefined();
    }
  });
});
