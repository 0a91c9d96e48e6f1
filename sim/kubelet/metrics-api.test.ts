import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { findResource } from '../../lib/k8s/resources';
import type { HandlerContext, SubresourceHandler } from '../api-server';
import type { SimContext } from '../context';
import { SYSTEM_CTX } from '../registry';
import { requestInfo } from '../request';
import { StatusError, type KubeObject } from '../types';
import { installMetricsApi, podMetrics } from './metrics-api';
import { manualClock, memoryCluster } from './test-support';

const podD = findResource('', 'pods')!;
const T0 = Date.parse('2026-01-01T00:00:00Z');

function runningPod(name: string, labels: Record<string, string>): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels },
    spec: {
      nodeName: 'dev-node-1',
      containers: [{ name: 'app', image: 'nginx:1', resources: { requests: { cpu: '100m' } } }],
    },
    status: {
      phase: 'Running',
      containerStatuses: [
        { name: 'app', state: { running: { startedAt: '2026-01-01T00:00:00Z' } } },
      ],
    },
  };
}

function setup() {
  const registry = memoryCluster();
  const handlers = new Map<string, SubresourceHandler>();
  installMetricsApi({
    name: 'test',
    registry,
    clock: manualClock(T0 + 60_000),
    handlers,
  } as unknown as SimContext);
  registry.create(podD, 'default', runningPod('a', { app: 'a' }), SYSTEM_CTX);
  registry.create(podD, 'default', runningPod('b', { app: 'b' }), SYSTEM_CTX);
  registry.create(
    podD,
    'default',
    { ...runningPod('c', {}), status: { phase: 'Pending' } },
    SYSTEM_CTX,
  );
  const call = (key: string, path: string): { code: number; body: Record<string, unknown> } => {
    const url = new URL(path, 'https://sim');
    let code = 0;
    let text = '';
    const res = {
      headersSent: false,
      writeHead(c: number) {
        code = c;
        return this;
      },
      end(t: string) {
        text = t;
      },
    } as unknown as ServerResponse;
    const ctx = {
      req: {} as IncomingMessage,
      res,
      url,
      info: requestInfo('GET', url),
      user: SYSTEM_CTX.user,
      d: podD,
    } as HandlerContext;
    try {
      void handlers.get(key)!(ctx);
    } catch (err) {
      if (!(err instanceof StatusError)) throw err;
      return { code: err.code, body: err.toStatus() as unknown as Record<string, unknown> };
    }
    return { code, body: JSON.parse(text) as Record<string, unknown> };
  };
  return { call };
}

describe('metrics API', () => {
  it('lists pod metrics of running pods, by namespace and label selector', () => {
    const { call } = setup();
    const all = call(
      'metrics.k8s.io/pods/',
      '/apis/metrics.k8s.io/v1beta1/namespaces/default/pods',
    );
    expect(all.code).toBe(200);
    expect(all.body.kind).toBe('PodMetricsList');
    const items = all.body.items as {
      metadata: { name: string };
      containers: { usage: { cpu: string } }[];
    }[];
    expect(items.map((i) => i.metadata.name)).toEqual(['a', 'b']);
    expect(items[0]!.containers[0]!.usage.cpu).toMatch(/^\d+n$/);
    const sel = call(
      'metrics.k8s.io/pods/',
      '/apis/metrics.k8s.io/v1beta1/pods?labelSelector=app%3Db',
    );
    expect((sel.body.items as unknown[]).length).toBe(1);
    const bad = call(
      'metrics.k8s.io/pods/',
      '/apis/metrics.k8s.io/v1beta1/pods?labelSelector=%3D%3D',
    );
    expect(bad.code).toBe(400);
  });

  it('gets one pod, and 404s like metrics-server for pods without metrics', () => {
    const { call } = setup();
    const a = call(
      'metrics.k8s.io/pods/',
      '/apis/metrics.k8s.io/v1beta1/namespaces/default/pods/a',
    );
    expect(a.body).toMatchObject({
      kind: 'PodMetrics',
      window: '15s',
      metadata: { name: 'a', namespace: 'default' },
    });
    const c = call(
      'metrics.k8s.io/pods/',
      '/apis/metrics.k8s.io/v1beta1/namespaces/default/pods/c',
    );
    expect(c.code).toBe(404);
    expect(c.body.message).toBe('podmetrics.metrics.k8s.io "default/c" not found');
  });

  it('serves node metrics including the pods on them', () => {
    const { call } = setup();
    const list = call('metrics.k8s.io/nodes/', '/apis/metrics.k8s.io/v1beta1/nodes');
    const items = list.body.items as {
      metadata: { name: string };
      usage: { cpu: string; memory: string };
    }[];
    expect(items.map((i) => i.metadata.name)).toEqual(['dev-node-1', 'dev-node-2', 'dev-node-3']);
    expect(items[0]!.usage.memory).toMatch(/^\d+Ki$/);
    const one = call('metrics.k8s.io/nodes/', '/apis/metrics.k8s.io/v1beta1/nodes/dev-node-2');
    expect(one.body.kind).toBe('NodeMetrics');
    expect(call('metrics.k8s.io/nodes/', '/apis/metrics.k8s.io/v1beta1/nodes/nope').code).toBe(404);
  });

  it('has no metrics for pods that do not run', () => {
    expect(podMetrics({ metadata: { name: 'x' } }, T0)).toBeUndefined();
  });
});
