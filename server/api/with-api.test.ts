// withApi: the session gate, input parsing and its refusals, error mapping and the audit of mutating calls.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { StatusSchema } from '../../lib/contracts/status';
import { createAuditLog, type AuditRecord } from '../audit';
import type { WharfContext } from '../context';
import { KubeError, type Identity } from '../kube/transport';
import { ApiError, failure } from './errors';
import { createWithApi, queryObject, type ApiDeps } from './with-api';

const bob: Identity = { username: 'bob', groups: ['wharf:users'] };
const ctx = { clusters: new Map() } as unknown as WharfContext;

let dir: string;
let lines: string[];
let logged: { message: string; err: unknown }[];

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wharf-api-'));
  lines = [];
  logged = [];
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function api(identity: Identity | null = bob, extra: Partial<ApiDeps> = {}) {
  const log = createAuditLog({ dir, stdout: (l) => lines.push(l) });
  return createWithApi({
    identity: () => Promise.resolve(identity),
    context: () => ctx,
    audit: () => log,
    logError: (message, err) => logged.push({ message, err }),
    ...extra,
  });
}

function auditLines(): AuditRecord[] {
  const file = path.join(dir, 'audit.log');
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as AuditRecord);
}

const URL_BASE = 'http://localhost/api/things';
const params = (p: Record<string, string>) => ({ params: Promise.resolve(p) });

function post(body: string, headers: Record<string, string> = {}, url = URL_BASE): Request {
  return new Request(url, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

async function status(res: Response) {
  expect(res.headers.get('content-type')).toContain('application/json');
  return StatusSchema.parse(await res.json());
}

describe('the session', () => {
  it('answers 401 with a Status and never runs the handler without one', async () => {
    const handler = vi.fn(() => ({ ok: true }));
    const res = await api(null)({}, handler)(new Request(URL_BASE));
    expect(res.status).toBe(401);
    expect(await status(res)).toMatchObject({ kind: 'Status', reason: 'Unauthorized', code: 401 });
    expect(handler).not.toHaveBeenCalled();
  });

  it('treats a failing session lookup as no session, and logs it', async () => {
    const withApi = api(bob, { identity: () => Promise.reject(new Error('bad cookie')) });
    const res = await withApi({}, () => 'x')(new Request(URL_BASE));
    expect(res.status).toBe(401);
    expect(logged).toHaveLength(1);
  });

  it('hands the identity, the context and the parsed input to the handler', async () => {
    const res = await api()(
      {
        input: {
          params: z.object({ namespace: z.string() }),
          query: z.object({
            limit: z.coerce.number().int().default(10),
            label: z.array(z.string()),
          }),
        },
      },
      ({ identity, input, ctx: c }) => ({ who: identity.username, input, same: c === ctx }),
    )(new Request(`${URL_BASE}?label=a&label=b`), params({ namespace: 'ai-test' }));
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toEqual({
      who: 'bob',
      input: { params: { namespace: 'ai-test' }, query: { limit: 10, label: ['a', 'b'] } },
      same: true,
    });
  });

  it('answers 204 when the handler returns nothing and passes its own Response through', async () => {
    const withApi = api();
    expect((await withApi({}, () => undefined)(new Request(URL_BASE))).status).toBe(204);
    const own = await withApi({}, () => new Response('hi', { status: 201 }))(new Request(URL_BASE));
    expect(own.status).toBe(201);
    expect(await own.text()).toBe('hi');
  });
});

describe('bad input', () => {
  const Body = z.object({
    replicas: z.number().int().min(0).max(100),
    containers: z.array(z.object({ image: z.string().min(1) })).min(1),
    strategy: z.enum(['RollingUpdate', 'Recreate']).optional(),
  });
  const deploy = () =>
    api()(
      { input: { body: Body, params: z.object({ namespace: z.string().regex(/^[a-z-]+$/) }) } },
      ({ input }) => input.body,
    );

  it('answers 400 listing the path parameters that are wrong', async () => {
    const handler = vi.fn();
    const res = await api()(
      { input: { params: z.object({ namespace: z.string().regex(/^[a-z0-9-]+$/) }) } },
      handler,
    )(new Request(URL_BASE), params({ namespace: 'Bad_NS' }));
    expect(res.status).toBe(400);
    const s = await status(res);
    expect(s.reason).toBe('BadRequest');
    expect(s.details?.causes?.map((c) => c.field)).toEqual(['namespace']);
    expect(s.message).toMatch(/^invalid path: namespace: /);
    expect(handler).not.toHaveBeenCalled();
  });

  it('answers 400 for a bad query', async () => {
    const res = await api()(
      { input: { query: z.object({ limit: z.coerce.number().int().positive() }) } },
      () => 'x',
    )(new Request(`${URL_BASE}?limit=-3`));
    expect(res.status).toBe(400);
    expect((await status(res)).details?.causes?.[0]?.field).toBe('limit');
  });

  it('answers 422 listing every invalid field of the body', async () => {
    const res = await deploy()(
      post(JSON.stringify({ replicas: 500, containers: [{ image: '' }], strategy: 'Blue' })),
      params({ namespace: 'ai-test' }),
    );
    expect(res.status).toBe(422);
    const s = await status(res);
    expect(s.reason).toBe('Invalid');
    expect(s.details?.causes?.map((c) => [c.field, c.reason])).toEqual([
      ['replicas', 'FieldValueInvalid'],
      ['containers[0].image', 'FieldValueInvalid'],
      ['strategy', 'FieldValueNotSupported'],
    ]);
    expect(s.message).toContain('containers[0].image');
  });

  it('names a missing field as required, and a missing body too', async () => {
    const res = await deploy()(
      post(JSON.stringify({ containers: [{ image: 'nginx' }] })),
      params({ namespace: 'a' }),
    );
    expect((await status(res)).details?.causes).toEqual([
      expect.objectContaining({ field: 'replicas', reason: 'FieldValueRequired' }),
    ]);
    const empty = await deploy()(post(''), params({ namespace: 'a' }));
    expect(empty.status).toBe(422);
  });

  it('answers 400 for malformed JSON and 415 for a body that is not JSON', async () => {
    const bad = await deploy()(post('{"replicas": 1,'), params({ namespace: 'a' }));
    expect(bad.status).toBe(400);
    expect((await status(bad)).message).toMatch(/not valid JSON/);
    const form = await deploy()(
      post('replicas=1', { 'content-type': 'application/x-www-form-urlencoded' }),
      params({ namespace: 'a' }),
    );
    expect(form.status).toBe(415);
  });

  it('accepts JSON patch media types', async () => {
    const res = await api()(
      { input: { body: z.object({ a: z.number() }) } },
      ({ input }) => input.body,
    )(post('{"a":1}', { 'content-type': 'application/merge-patch+json; charset=utf-8' }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ a: 1 });
  });

  it('answers 413 for a body over the cap, declared or streamed', async () => {
    const withApi = api();
    const route = withApi({ input: { body: z.unknown() }, maxBodyBytes: 1024 }, () => 'parsed');
    const declared = await route(post(JSON.stringify({ x: 'y'.repeat(2000) })));
    expect(declared.status).toBe(413);
    expect((await status(declared)).reason).toBe('RequestEntityTooLarge');

    // chunked, no Content-Length: counted while read
    const chunk = new TextEncoder().encode('"' + 'z'.repeat(600));
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(chunk);
        c.enqueue(chunk);
        c.close();
      },
    });
    const streamed = await route(
      new Request(URL_BASE, {
        method: 'POST',
        body: stream,
        headers: { 'content-type': 'application/json' },
        duplex: 'half',
      } as RequestInit),
    );
    expect(streamed.status).toBe(413);

    const ok = await route(post('"small"'));
    expect(ok.status).toBe(200);
  });

  it('has a 1 MiB cap by default', async () => {
    const route = api()({ input: { body: z.unknown() } }, () => 'parsed');
    expect((await route(post(`"${'a'.repeat(1024 * 1024)}"`))).status).toBe(413);
    expect((await route(post(`"${'a'.repeat(1000 * 1000)}"`))).status).toBe(200);
  });
});

describe('errors from the cluster and from us', () => {
  const thrower = (err: unknown) =>
    api()({ audit: { verb: 'delete', resource: 'pods' } }, () => {
      throw err;
    });

  it('says what the user may not do on a 403, keeping the API server’s words', async () => {
    const upstream =
      'pods "ai-api-1" is forbidden: User "bob" cannot delete resource "pods" in API group "" in the namespace "ai-prod"';
    const res = await thrower(
      new KubeError({
        code: 403,
        reason: 'Forbidden',
        message: upstream,
        details: { name: 'ai-api-1', kind: 'pods' },
      }),
    )(new Request(URL_BASE));
    expect(res.status).toBe(403);
    const s = await status(res);
    expect(s.message).toBe('you may not delete pods in ai-prod');
    expect(s.details?.name).toBe('ai-api-1');
    expect(s.details?.causes).toContainEqual({ reason: 'Forbidden', message: upstream });
  });

  it('passes a quota rejection through as the quota message', async () => {
    const res = await thrower(
      new KubeError({
        code: 403,
        reason: 'Forbidden',
        message:
          'pods "x" is forbidden: exceeded quota: compute, requested: cpu=2, used: cpu=3, limited: cpu=4',
      }),
    )(new Request(URL_BASE));
    expect(res.status).toBe(403);
    expect((await status(res)).message).toBe(
      'exceeded quota: compute, requested: cpu=2, used: cpu=3, limited: cpu=4',
    );
  });

  it('asks to reload on a 409 conflict', async () => {
    const res = await thrower(
      new KubeError({
        code: 409,
        reason: 'Conflict',
        message:
          'Operation cannot be fulfilled on deployments.apps "ai-api": the object has been modified',
      }),
    )(new Request(URL_BASE));
    expect(res.status).toBe(409);
    expect((await status(res)).message).toContain('changed by someone else, reload');
  });

  it('passes a 422 through with its fields', async () => {
    const res = await thrower(
      new KubeError({
        code: 422,
        reason: 'Invalid',
        message: 'Deployment.apps "x" is invalid: spec.replicas: Invalid value: -1: must be >= 0',
        details: {
          causes: [
            { field: 'spec.replicas', reason: 'FieldValueInvalid', message: 'Invalid value: -1' },
          ],
        },
      }),
    )(new Request(URL_BASE));
    expect(res.status).toBe(422);
    const s = await status(res);
    expect(s.message).toContain('spec.replicas');
    expect(s.details?.causes?.[0]?.field).toBe('spec.replicas');
  });

  it('maps a zod error thrown by a handler to 422 with causes', async () => {
    const err = z.object({ image: z.string() }).safeParse({ image: 3 }).error;
    const res = await thrower(err)(new Request(URL_BASE));
    expect(res.status).toBe(422);
    expect((await status(res)).details?.causes?.[0]?.field).toBe('image');
  });

  it('answers a handler’s own ApiError as it is', async () => {
    const res = await thrower(new ApiError(failure(404, 'NotFound', 'project "x" not found')))(
      new Request(URL_BASE),
    );
    expect(res.status).toBe(404);
    expect((await status(res)).message).toBe('project "x" not found');
  });

  it('answers 500 without the error’s message or stack, and logs it under the reference', async () => {
    const res = await thrower(new Error('password=hunter2 at /srv/secret.ts:12'))(
      new Request(URL_BASE),
    );
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('secret.ts');
    const s = StatusSchema.parse(JSON.parse(text));
    expect(s.reason).toBe('InternalError');
    const ref = /reference (\w+)/.exec(s.message ?? '')?.[1];
    expect(ref).toBeTruthy();
    expect(logged).toHaveLength(1);
    expect(logged[0]!.message).toContain(ref!);
    expect((logged[0]!.err as Error).message).toContain('hunter2');
  });

  it('answers 503 when the cluster refuses the connection', async () => {
    const err = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), {
      code: 'ECONNREFUSED',
    });
    const res = await thrower(err)(new Request(URL_BASE));
    expect(res.status).toBe(503);
    expect((await status(res)).message).not.toContain('127.0.0.1');
  });
});

describe('audit', () => {
  const Params = z.object({ cluster: z.string(), namespace: z.string(), name: z.string() });

  it('writes one line per mutating call, to stdout and the file', async () => {
    const route = api()(
      { mutates: true, audit: { verb: 'delete', resource: 'pods' }, input: { params: Params } },
      () => undefined,
    );
    const res = await route(
      new Request(URL_BASE, { method: 'DELETE' }),
      params({ cluster: 'dev-cluster', namespace: 'ai-test', name: 'ai-api-1' }),
    );
    expect(res.status).toBe(204);
    const [line, ...rest] = auditLines();
    expect(rest).toEqual([]);
    expect(line).toMatchObject({
      user: 'bob',
      groups: ['wharf:users'],
      cluster: 'dev-cluster',
      namespace: 'ai-test',
      verb: 'delete',
      resource: 'pods',
      name: 'ai-api-1',
      outcome: 'allowed',
      code: 204,
    });
    expect(Date.parse(line!.time)).not.toBeNaN();
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toEqual(line);
  });

  it('records denied and failed calls with their code', async () => {
    const withApi = api();
    const denied = withApi(
      { mutates: true, audit: { verb: 'delete', resource: 'pods' }, input: { params: Params } },
      () => {
        throw new KubeError({
          code: 403,
          reason: 'Forbidden',
          message:
            'pods "p" is forbidden: User "bob" cannot delete resource "pods" in API group "" in the namespace "ai-prod"',
        });
      },
    );
    await denied(
      new Request(URL_BASE, { method: 'DELETE' }),
      params({ cluster: 'prod-cluster', namespace: 'ai-prod', name: 'p' }),
    );
    const invalid = withApi(
      {
        mutates: true,
        audit: { verb: 'patch', resource: 'deployments/scale' },
        input: { body: z.object({ replicas: z.number() }) },
      },
      () => 'never',
    );
    await invalid(post('{"replicas":"many"}'));
    const bug = withApi({ mutates: true }, () => {
      throw new Error('boom');
    });
    await bug(post('{}', {}, `${URL_BASE}?namespace=ai-test`));
    expect(auditLines().map((l) => [l.verb, l.resource, l.namespace, l.outcome, l.code])).toEqual([
      ['delete', 'pods', 'ai-prod', 'denied', 403],
      ['patch', 'deployments/scale', undefined, 'error', 422],
      ['create', '', 'ai-test', 'error', 500],
    ]);
  });

  it('takes the target from the body and lets the handler name the object it made', async () => {
    const route = api()(
      {
        mutates: true,
        audit: { verb: 'create', resource: 'configmaps' },
        input: {
          body: z.object({
            metadata: z.object({ namespace: z.string(), generateName: z.string() }),
          }),
        },
      },
      ({ audit }) => {
        audit.name = 'cfg-x7k2p';
        return new Response(null, { status: 201 });
      },
    );
    await route(post(JSON.stringify({ metadata: { namespace: 'ai-test', generateName: 'cfg-' } })));
    expect(auditLines()[0]).toMatchObject({
      namespace: 'ai-test',
      name: 'cfg-x7k2p',
      outcome: 'allowed',
      code: 201,
    });
  });

  it('writes nothing for reads or without a session', async () => {
    await api()({}, () => [])(new Request(URL_BASE));
    await api(null)({ mutates: true }, () => undefined)(post('{}'));
    expect(auditLines()).toEqual([]);
    expect(lines).toEqual([]);
  });
});

describe('queryObject', () => {
  it('keeps single values as strings and repeated keys as arrays', () => {
    expect(queryObject(new URLSearchParams('a=1&b=2&b=3&c='))).toEqual({
      a: '1',
      b: ['2', '3'],
      c: '',
    });
  });
});

describe('an abandoned request', () => {
  it('is not reported as a bug', async () => {
    const gone = new AbortController();
    const body = new ReadableStream<Uint8Array>({
      pull(c) {
        gone.abort();
        c.error(new Error('aborted'));
      },
    });
    const req = new Request(URL_BASE, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json' },
      signal: gone.signal,
      duplex: 'half',
    } as RequestInit);
    const res = await api()({ input: { body: z.object({}) } }, () => 'x')(req);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(logged).toHaveLength(0);
  });
});
