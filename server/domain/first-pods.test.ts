import { describe, expect, it, vi } from 'vitest';
import type { WharfContext } from '../context';
import { firstPods, FIRST_ROWS } from './first-pods';

const who = { username: 'alice', groups: ['wharf:users'] };

function context(opts: { allowed: boolean; cached?: string[] }) {
  const list = vi.fn(() => Promise.resolve([]));
  const ctx = {
    access: { allowed: vi.fn(() => Promise.resolve(opts.allowed)) },
    cache: {
      peek: vi.fn(() => opts.cached?.map((name) => ({ metadata: { name, namespace: 'ns' } }))),
      list,
    },
  } as unknown as WharfContext;
  return { ctx, list };
}

describe('firstPods', () => {
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

  it('does not wait for a cold cache, but starts filling it', async () => {
    const { ctx, list } = context({ allowed: true });
    expect(await firstPods(ctx, who, 'dev-cluster', 'ns')).toBeUndefined();
    expect(list).toHaveBeenCalledWith({
      cluster: 'dev-cluster',
      apiPath: '/api/v1',
      plural: 'pods',
      namespace: 'ns',
    });
  });
});
