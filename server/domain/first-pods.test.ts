import { afterEach, describe, expect, it, vi } from 'vitest';
import type { WharfContext } from '../context';
import * as transport from '../kube/transport';
import { firstPods, FIRST_ROWS } from './first-pods';

const who = { username: 'alice', groups: ['wharf:users'] };

function context(opts: { allowed: boolean; cached?: string[] }) {
  const list = vi.fn(() => Promise.resolve([]));
  const ctx = {
    clusters: new Map([['dev-cluster', {}]]),
    access: { allowed: vi.fn(() => Promise.resolve(opts.allowed)) },
    cache: {
      peek: vi.fn(() => opts.cached?.map((name) => ({ metadata: { name, namespace: 'ns' } }))),
      list,
    },
  } as unknown as WharfContext;
  return { ctx, list };
}

describe('firstPods', () => {
  afterEach(() => vi.restoreAllMocks());

  it('gives the first rows in the pod list’s natural name order', async () => {
    const names = Array.from({ length: 100 }, (_, i) => `load-${100 - i}`);
    const { ctx } = context({ allowed: true, cached: names });
    const pods = await firstPods(ctx, who, 'dev-cluster', 'ns');
    expect(pods).toHaveLength(FIRST_ROWS);
    expect(pods?.slice(0, 3).map((p) => p.metadata.name)).toEqual(['load-1', 'load-2', 'load-3']);
  });

  it('gives nothing, and starts no watch, to a user who may not list the pods', async () => {
    const { ctx, list } = context({ allowed: false, cached: ['a'] });
    expect(await firstPods(ctx, who, 'dev-cluster', 'ns')).toBeUndefined();
    expect(list).not.toHaveBeenCalled();
  });

  it('does not wait for a cold cache: starts filling it and lists one page as the user', async () => {
    const { ctx, list } = context({ allowed: true });
    const seen: { path?: string; query?: unknown; as?: unknown }[] = [];
    vi.spyOn(transport, 'kubeJson').mockImplementation((_conn, req) => {
      seen.push(req);
      return Promise.resolve({
        items: [{ metadata: { name: 'load-10' } }, { metadata: { name: 'load-9' } }],
      });
    });
    const pods = await firstPods(ctx, who, 'dev-cluster', 'ns');
    expect(pods?.map((p) => p.metadata.name)).toEqual(['load-9', 'load-10']);
    expect(seen).toEqual([
      { path: '/api/v1/namespaces/ns/pods', query: { limit: FIRST_ROWS }, as: who },
    ]);
    expect(list).toHaveBeenCalledWith({
      cluster: 'dev-cluster',
      apiPath: '/api/v1',
      plural: 'pods',
      namespace: 'ns',
    });
  });

  it('gives nothing when that page fails (the stream then shows why)', async () => {
    const { ctx } = context({ allowed: true });
    vi.spyOn(transport, 'kubeJson').mockRejectedValue(new Error('connection refused'));
    expect(await firstPods(ctx, who, 'dev-cluster', 'ns')).toBeUndefined();
  });
});
