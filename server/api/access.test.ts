// POST /api/access: answers per check from the API server's reviews; bad input is a 422 and asks nothing.
import { describe, expect, it, vi } from 'vitest';
import type { WharfContext } from '../context';
import type { Identity } from '../kube/transport';
import { accessRoute } from './access';
import { createWithApi } from './with-api';

const bob: Identity = { username: 'bob', groups: ['wharf:users'] };

function route() {
  const allowed = vi.fn((_c: string, _w: Identity, attrs: { namespace?: string }) =>
    Promise.resolve(attrs.namespace === 'ai-test'),
  );
  const ctx = {
    clusters: new Map([['dev-cluster', {}]]),
    access: { allowed },
  } as unknown as WharfContext;
  const withApi = createWithApi({
    identity: () => Promise.resolve(bob),
    context: () => ctx,
    logError: () => undefined,
  });
  return { handler: accessRoute(withApi), allowed };
}

function post(body: unknown): Request {
  return new Request('http://localhost/api/access', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

describe('POST /api/access', () => {
  it('answers each check as the API server does, false for unknown clusters', async () => {
    const { handler, allowed } = route();
    const check = { verb: 'delete', resource: 'pods' };
    const res = await handler(
      post({
        checks: [
          { ...check, cluster: 'dev-cluster', namespace: 'ai-test' },
          { ...check, cluster: 'dev-cluster', namespace: 'ai-prod' },
          { ...check, cluster: 'nowhere', namespace: 'ai-test' },
        ],
      }),
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ allowed: [true, false, false] });
    expect(allowed).toHaveBeenCalledTimes(2);
    expect(allowed.mock.calls[0]?.[1]).toBe(bob);
  });

  it('refuses bad checks with 422 and asks nothing', async () => {
    const { handler, allowed } = route();
    for (const body of [
      { checks: [] },
      { checks: [{ cluster: 'dev-cluster', verb: 'explode', resource: 'pods' }] },
      { checks: [{ cluster: 'dev-cluster', verb: 'get', resource: 'Pods!' }] },
      {
        checks: Array.from({ length: 51 }, () => ({ cluster: 'c', verb: 'get', resource: 'pods' })),
      },
    ]) {
      expect((await handler(post(body))).status).toBe(422);
    }
    expect(allowed).not.toHaveBeenCalled();
  });
});
