// GET …/namespaces/[namespace]/metrics/pods: the metrics API's pod usage for the signed-in user (it
// cannot be watched, so screens fetch it every few seconds), summed per pod.
import {
  MetricsQuery,
  NamespaceParams,
  type PodMetricsResponse,
  type PodUsage,
} from '../../lib/contracts/pods';
import { tryParseQuantity } from '../../lib/k8s/quantity';
import { kubeJson } from '../kube/transport';
import { clusterOf } from './pods';
import type { RouteHandler, WithApi } from './with-api';

interface PodMetrics {
  metadata?: { name?: string };
  timestamp?: string;
  containers?: { usage?: { cpu?: unknown; memory?: unknown } }[];
}

/** Per-pod totals of a PodMetricsList; malformed entries count as zero rather than failing the list. */
export function podUsage(items: readonly PodMetrics[]): PodMetricsResponse {
  let timestamp = 0;
  const pods: PodUsage[] = items.map((m) => {
    const at = Date.parse(m.timestamp ?? '');
    if (Number.isFinite(at) && at > timestamp) timestamp = at;
    let cpu = 0;
    let memory = 0;
    for (const c of m.containers ?? []) {
      cpu += tryParseQuantity(c.usage?.cpu) ?? 0;
      memory += tryParseQuantity(c.usage?.memory) ?? 0;
    }
    return {
      name: m.metadata?.name ?? '',
      cpuMillis: Math.round(cpu * 1000),
      memoryBytes: Math.round(memory),
    };
  });
  return { timestamp: timestamp || Date.now(), pods };
}

export function podMetricsRoute(withApi: WithApi): RouteHandler {
  return withApi(
    {
      input: { params: NamespaceParams, query: MetricsQuery },
      audit: { verb: 'list', resource: 'pods.metrics.k8s.io' },
    },
    async ({ identity, ctx, input }): Promise<PodMetricsResponse> => {
      const { cluster, namespace } = input.params;
      const list = await kubeJson<{ items?: PodMetrics[] }>(clusterOf(ctx, cluster), {
        path: `/apis/metrics.k8s.io/v1beta1/namespaces/${encodeURIComponent(namespace)}/pods`,
        query: { labelSelector: input.query.labelSelector || undefined },
        as: identity,
      });
      return podUsage(list.items ?? []);
    },
  );
}
