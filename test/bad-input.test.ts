// Bad requests are refused as kube-apiserver refuses them, and nothing is stored.
import fs from 'node:fs';
import https from 'node:https';
import YAML from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSim, type SimHandle } from './sim-harness';

let sim: SimHandle;
let server: string;
let ca: string;
let tokens: Record<string, string>;

beforeAll(async () => {
  sim = await startSim();
  const kc = YAML.parse(fs.readFileSync(sim.kubeconfig, 'utf8')) as {
    clusters: { name: string; cluster: { server: string; 'certificate-authority-data': string } }[];
    users: { name: string; user: { token: string } }[];
  };
  const dev = kc.clusters.find((c) => c.name === 'dev-cluster')!.cluster;
  server = dev.server;
  ca = Buffer.from(dev['certificate-authority-data'], 'base64').toString();
  tokens = Object.fromEntries(kc.users.map((u) => [u.name, u.user.token]));
}, 60_000);

afterAll(async () => {
  await sim?.stop();
});

interface Reply {
  status: number;
  json: {
    kind?: string;
    reason?: string;
    message?: string;
    code?: number;
    details?: { causes?: { field?: string; reason?: string }[] };
  };
}

function call(
  method: string,
  path: string,
  opts: { user?: string | null; token?: string; body?: string; contentType?: string } = {},
): Promise<Reply> {
  const headers: Record<string, string> = {
    'Content-Type': opts.contentType ?? 'application/json',
  };
  const token = opts.token ?? (opts.user === null ? undefined : tokens[opts.user ?? 'admin']);
  if (token) headers.Authorization = `Bearer ${token}`;
  return new Promise((resolve, reject) => {
    const req = https.request(new URL(path, server), { method, ca, headers }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => {
        const json = /json/.test(res.headers['content-type'] ?? '')
          ? (JSON.parse(text) as Reply['json'])
          : {};
        resolve({ status: res.statusCode ?? 0, json });
      });
    });
    req.on('error', reject);
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}

const CM = '/api/v1/namespaces/ai-test/configmaps';
const DEPLOY = '/apis/apps/v1/namespaces/ai-test/deployments';

async function absent(path: string): Promise<void> {
  expect((await call('GET', path)).status).toBe(404);
}

function deployment(name: string, replicas: number): string {
  return JSON.stringify({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'x' } },
      template: {
        metadata: { labels: { app: 'x' } },
        spec: { containers: [{ name: 'app', image: 'nginx' }] },
      },
    },
  });
}

describe('bad input', () => {
  it('malformed JSON → 400', async () => {
    const r = await call('POST', CM, { body: '{"metadata": {"name": "broken"' });
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({ kind: 'Status', reason: 'BadRequest', code: 400 });
    await absent(`${CM}/broken`);
  });

  it('an invalid name → 422 with causes', async () => {
    const r = await call('POST', CM, { body: JSON.stringify({ metadata: { name: 'Bad_Name' } }) });
    expect(r.status).toBe(422);
    expect(r.json.reason).toBe('Invalid');
    expect(r.json.message).toMatch(
      /^ConfigMap "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain/,
    );
    expect(r.json.details?.causes).toContainEqual(
      expect.objectContaining({ field: 'metadata.name', reason: 'FieldValueInvalid' }),
    );
    await absent(`${CM}/Bad_Name`);
  });

  it('negative replicas → 422 with causes', async () => {
    const r = await call('POST', DEPLOY, { body: deployment('negative', -1) });
    expect(r.status).toBe(422);
    expect(r.json.message).toContain(
      'Deployment.apps "negative" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0',
    );
    expect(r.json.details?.causes).toContainEqual(
      expect.objectContaining({ field: 'spec.replicas' }),
    );
    await absent(`${DEPLOY}/negative`);
  });

  it('an unknown field with fieldValidation=Strict → 400', async () => {
    const r = await call('POST', `${CM}?fieldValidation=Strict`, {
      body: JSON.stringify({ metadata: { name: 'strict' }, dta: {} }),
    });
    expect(r.status).toBe(400);
    expect(r.json.message).toBe('strict decoding error: unknown field "dta"');
    await absent(`${CM}/strict`);
  });

  it('a bad token → 401; no token → anonymous, who may read only /version', async () => {
    expect((await call('GET', CM, { token: 'not-a-token' })).status).toBe(401);
    const anon = await call('GET', CM, { user: null });
    expect(anon.status).toBe(403);
    expect(anon.json.message).toBe(
      'configmaps is forbidden: User "system:anonymous" cannot list resource "configmaps" in API group "" in the namespace "ai-test"',
    );
    expect((await call('GET', '/version', { user: null })).status).toBe(200);
    expect((await call('GET', '/healthz', { user: null })).status).toBe(200);
    expect((await call('GET', '/api', { user: null })).status).toBe(403);
  });

  it('forbidden → 403 with the real message, nothing stored', async () => {
    const r = await call('POST', '/api/v1/namespaces/haierpsi-foo-dev/configmaps', {
      user: 'victor',
      body: JSON.stringify({ metadata: { name: 'nope' } }),
    });
    expect(r.status).toBe(403);
    expect(r.json.message).toBe(
      'configmaps is forbidden: User "victor" cannot create resource "configmaps" in API group "" in the namespace "haierpsi-foo-dev"',
    );
    await absent('/api/v1/namespaces/haierpsi-foo-dev/configmaps/nope');
  });

  it('an unsupported patch type → 415', async () => {
    const r = await call('PATCH', `${DEPLOY}/ai-api`, { body: '{}', contentType: 'text/plain' });
    expect(r.status).toBe(415);
    expect(r.json.reason).toBe('UnsupportedMediaType');
  });

  it('a stale resourceVersion → 409 Conflict, and the newer version stays', async () => {
    await call('POST', CM, {
      body: JSON.stringify({ metadata: { name: 'rv' }, data: { v: '1' } }),
    });
    const first = await call('GET', `${CM}/rv`);
    const rv = (first.json as { metadata?: { resourceVersion?: string } }).metadata!
      .resourceVersion!;
    expect(
      (
        await call('PUT', `${CM}/rv`, {
          body: JSON.stringify({ metadata: { name: 'rv', resourceVersion: rv }, data: { v: '2' } }),
        })
      ).status,
    ).toBe(200);
    const stale = await call('PUT', `${CM}/rv`, {
      body: JSON.stringify({ metadata: { name: 'rv', resourceVersion: rv }, data: { v: '3' } }),
    });
    expect(stale.status).toBe(409);
    expect(stale.json.message).toBe(
      'Operation cannot be fulfilled on configmaps "rv": the object has been modified; please apply your changes to the latest version and try again',
    );
    const now = await call('GET', `${CM}/rv`);
    expect((now.json as { data?: { v?: string } }).data?.v).toBe('2');
  });

  it('bad query parameters → 400', async () => {
    expect((await call('GET', `${CM}?labelSelector=a%3D%3Db%3Dc`)).status).toBe(400);
    expect((await call('GET', `${CM}?watch=maybe`)).status).toBe(400);
    expect((await call('GET', `${CM}?limit=abc`)).status).toBe(400);
    expect((await call('GET', `${CM}?continue=!!!`)).status).toBe(400);
  });

  it('an unknown resource → 404 the server could not find the requested resource', async () => {
    const r = await call('GET', '/api/v1/namespaces/ai-test/widgets');
    expect(r.status).toBe(404);
    expect(r.json.message).toBe('the server could not find the requested resource');
  });

  it('parses booleans as apimachinery does', async () => {
    // watch=0 / watch=FALSE are false: a plain list comes back.
    for (const v of ['0', 'false', 'FALSE', 'False']) {
      const r = await call('GET', `${CM}?watch=${v}`);
      expect(r.status).toBe(200);
      expect(r.json.kind).toBe('ConfigMapList');
    }
  });
});
