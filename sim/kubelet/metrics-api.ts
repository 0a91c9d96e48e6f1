// metrics.k8s.io/v1beta1 as metrics-server serves it: PodMetrics and NodeMetrics computed at request time
// from the pods' state (no timers, nothing stored), for `kubectl top` and the console.
import { findResource } from '../../lib/k8s/resources';
import { sendJson, type HandlerContext } from '../api-server';
import { isoSeconds } from '../clock';
import type { SimContext } from '../context';
import { StatusError, type KubeObject } from '../types';
import { formatCpu, formatMemory, nodeUsages, podUsage } from './usage';

const API_VERSION = 'metrics.k8s.io/v1beta1';
const WINDOW = '15s';
const podD = findResource('', 'pods')!;
const nodeD = findResource('', 'nodes')!;

function notAllowed(): StatusError {
  return new StatusError(
    405,
    'MethodNotAllowed',
    'the server does not allow this method on the requested resource',
  );
}

function notFound(plural: 'pods' | 'nodes', name: string): StatusError {
  const kind = plural === 'pods' ? 'podmetrics' : 'nodemetrics';
  return new StatusError(404, 'NotFound', `${kind}.${'metrics.k8s.io'} "${name}" not found`, {
    name,
    group: 'metrics.k8s.io',
    kind: plural,
  });
}

function metadata(o: KubeObject, now: number): Record<string, unknown> {
  return {
    name: o.metadata.name,
    ...(o.metadata.namespace ? { namespace: o.metadata.namespace } : {}),
    creationTimestamp: isoSeconds(now),
    ...(o.metadata.labels ? { labels: o.metadata.labels } : {}),
  };
}

/** PodMetrics of a pod, or undefined when none of its containers runs (metrics-server has none). */
export function podMetrics(pod: KubeObject, now: number): KubeObject | undefined {
  const containers = podUsage(pod, now);
  if (containers.length === 0) return undefined;
  return {
    kind: 'PodMetrics',
    apiVersion: API_VERSION,
    metadata: metadata(pod, now),
    timestamp: isoSeconds(now),
    window: WINDOW,
    containers: containers.map((c) => ({
      name: c.name,
      usage: { cpu: formatCpu(c.usage.cpu), memory: formatMemory(c.usage.memory) },
    })),
  } as KubeObject;
}

export function installMetricsApi(ctx: SimContext): void {
  const { registry, clock } = ctx;
  const store = registry.store;
  const selectorFor = (d: typeof podD, url: URL): ((o: KubeObject) => boolean) =>
    registry.selector(d, {
      labelSelector: url.searchParams.get('labelSelector') ?? undefined,
      fieldSelector: url.searchParams.get('fieldSelector') ?? undefined,
    });

  ctx.handlers.set('metrics.k8s.io/pods/', (h: HandlerContext) => {
    const { info, url, res } = h;
    const now = clock.now();
    if (info.verb === 'get') {
      const pod = store.get('/pods', info.namespace, info.name);
      const m = pod && podMetrics(pod, now);
      if (!m) throw notFound('pods', `${info.namespace}/${info.name}`);
      return sendJson(res, 200, m);
    }
    if (info.verb !== 'list') throw notAllowed();
    const match = selectorFor(podD, url);
    const items: KubeObject[] = [];
    for (const pod of store.list('/pods', info.namespace || undefined)) {
      if (!match(pod)) continue;
      const m = podMetrics(pod, now);
      if (m) items.push(m);
    }
    items.sort((a, b) =>
      `${a.metadata.namespace}/${a.metadata.name}`.localeCompare(
        `${b.metadata.namespace}/${b.metadata.name}`,
      ),
    );
    sendJson(res, 200, { kind: 'PodMetricsList', apiVersion: API_VERSION, metadata: {}, items });
  });

  ctx.handlers.set('metrics.k8s.io/nodes/', (h: HandlerContext) => {
    const { info, url, res } = h;
    const now = clock.now();
    if (info.verb !== 'get' && info.verb !== 'list') throw notAllowed();
    let nodes = store.list('/nodes', '');
    if (info.verb === 'get') {
      nodes = nodes.filter((n) => n.metadata.name === info.name);
      if (nodes.length === 0) throw notFound('nodes', info.name);
    } else {
      const match = selectorFor(nodeD, url);
      nodes = nodes.filter(match);
    }
    nodes.sort((a, b) => (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''));
    const usage = nodeUsages(
      nodes.map((n) => n.metadata.name!),
      store.list('/pods'),
      now,
    );
    const items = nodes.map((n) => {
      const u = usage.get(n.metadata.name!)!;
      return {
        kind: 'NodeMetrics',
        apiVersion: API_VERSION,
        metadata: metadata(n, now),
        timestamp: isoSeconds(now),
        window: WINDOW,
        usage: { cpu: formatCpu(u.cpu), memory: formatMemory(u.memory) },
      };
    });
    if (info.verb === 'get') return sendJson(res, 200, items[0]);
    sendJson(res, 200, { kind: 'NodeMetricsList', apiVersion: API_VERSION, metadata: {}, items });
  });
}
