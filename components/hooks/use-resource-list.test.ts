import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import type { StreamObject, SubscriptionRequest } from '../../lib/contracts/stream';
import type { StreamClient, SubscriptionHandlers } from './stream-client';
import {
  applyEvents,
  listConnection,
  resourceListKey,
  retainResourceList,
  type ResourceListState,
} from './use-resource-list';

const obj = (name: string, rv = '1', extra: Record<string, unknown> = {}): StreamObject => ({
  metadata: { name, namespace: 'ns', resourceVersion: rv },
  ...extra,
});

describe('applyEvents', () => {
  it('adds, replaces and removes by namespace/name, keeping order and the last resourceVersion', () => {
    const state: ResourceListState = {
      items: [obj('a'), obj('b'), obj('c')],
      resourceVersion: '1',
    };
    const next = applyEvents(state, [
      { type: 'MODIFIED', object: obj('b', '2', { x: 1 }) },
      { type: 'DELETED', object: obj('a', '3') },
      { type: 'ADDED', object: obj('d', '4') },
      { type: 'MODIFIED', object: obj('c', '5') },
      { type: 'DELETED', object: obj('missing', '6') },
    ]);
    expect(next?.items?.map((o) => `${o.metadata.name}@${o.metadata.resourceVersion}`)).toEqual([
      'b@2',
      'c@5',
      'd@4',
    ]);
    expect(next?.resourceVersion).toBe('5');
    expect(state.items).toHaveLength(3);
  });

  it('ignores events before the first snapshot', () => {
    expect(applyEvents(undefined, [{ type: 'ADDED', object: obj('a') }])).toBeUndefined();
    expect(applyEvents({ error: { code: 403, message: 'no' } }, [])).toEqual({
      error: { code: 403, message: 'no' },
    });
  });
});

describe('resourceListKey', () => {
  it('is [resource, cluster, namespace, labelSelector] with the resource qualified by group', () => {
    expect(
      resourceListKey({
        cluster: 'dev',
        group: '',
        version: 'v1',
        resource: 'pods',
        namespace: 'n',
      }),
    ).toEqual(['pods', 'dev', 'n', '']);
    expect(
      resourceListKey({
        cluster: 'dev',
        group: 'apps',
        version: 'v1',
        resource: 'deployments',
        labelSelector: 'app=x',
      }),
    ).toEqual(['deployments.apps', 'dev', '', 'app=x']);
  });
});

function fakeClient() {
  const subs: { req: SubscriptionRequest; h: SubscriptionHandlers; stopped: boolean }[] = [];
  const client: StreamClient = {
    subscribe(req, h) {
      const s = { req, h, stopped: false };
      subs.push(s);
      return () => (s.stopped = true);
    },
    state: () => 'open',
    onStateChange: () => () => {},
    close: () => {},
  };
  return { client, subs };
}

describe('retainResourceList', () => {
  const params = { cluster: 'dev', group: '', version: 'v1', resource: 'pods', namespace: 'ns' };

  it('feeds snapshots, events and errors into the query cache', () => {
    const qc = new QueryClient();
    const { client, subs } = fakeClient();
    const release = retainResourceList(qc, client, params);
    expect(subs[0]!.req).toEqual(params);
    const key = resourceListKey(params);
    subs[0]!.h.snapshot([obj('a')], '7');
    expect(qc.getQueryData(key)).toEqual({ items: [obj('a')], resourceVersion: '7' });
    subs[0]!.h.events([{ type: 'ADDED', object: obj('b', '8') }]);
    expect(qc.getQueryData<ResourceListState>(key)?.items).toHaveLength(2);
    subs[0]!.h.error({ code: 403, message: 'revoked' });
    expect(qc.getQueryData<ResourceListState>(key)).toMatchObject({
      items: [obj('a'), obj('b', '8')],
      error: { code: 403 },
    });
    // A snapshot replaces everything, error included (no stale rows after a restart).
    subs[0]!.h.snapshot([obj('c')], '20');
    expect(qc.getQueryData(key)).toEqual({ items: [obj('c')], resourceVersion: '20' });
    release();
    expect(subs[0]!.stopped).toBe(true);
  });

  it('shares one stream subscription between users of the same list', () => {
    const qc = new QueryClient();
    const { client, subs } = fakeClient();
    const r1 = retainResourceList(qc, client, params);
    const r2 = retainResourceList(qc, client, { ...params });
    const r3 = retainResourceList(qc, client, { ...params, namespace: 'other' });
    expect(subs).toHaveLength(2);
    r1();
    r1();
    expect(subs[0]!.stopped).toBe(false);
    r2();
    expect(subs[0]!.stopped).toBe(true);
    r3();
    retainResourceList(qc, client, params);
    expect(subs).toHaveLength(3);
  });
});

describe('listConnection', () => {
  it('reports reconnecting while the cluster is unreachable behind an open socket', () => {
    expect(listConnection('open', undefined)).toBe('open');
    expect(listConnection('open', { code: 403, message: 'no' })).toBe('open');
    expect(listConnection('open', { code: 503, message: 'connection refused' })).toBe(
      'reconnecting',
    );
    expect(listConnection('reconnecting', undefined)).toBe('reconnecting');
    expect(listConnection('connecting', { code: 500, message: 'x' })).toBe('connecting');
  });
});
