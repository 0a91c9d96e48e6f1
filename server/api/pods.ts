// One pod for the signed-in user: read it (as YAML or JSON, for "view YAML") or delete it (restart a
// pod of a ReplicaSet, or remove it). Always impersonated: the API server decides, 403 in words.
import { stringify } from 'yaml';
import { PodGetQuery, PodParams } from '../../lib/contracts/pods';
import type { WharfContext } from '../context';
import type { ClusterConnection } from '../kube/clusters';
import { kubeJson } from '../kube/transport';
import { ApiError, failure } from './errors';
import type { RouteHandler, WithApi } from './with-api';

/** The connection of a cluster the console knows, or a 404 naming it. */
export function clusterOf(ctx: WharfContext, cluster: string): ClusterConnection {
  const conn = ctx.clusters.get(cluster);
  if (!conn) throw new ApiError(failure(404, 'NotFound', `cluster "${cluster}" is not connected`));
  return conn;
}

function podPath(namespace: string, pod: string): string {
  return `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(pod)}`;
}

/** GET …/pods/[pod]?format=yaml|json → the pod, without managedFields (noise for a reader). */
export function getPodRoute(withApi: WithApi): RouteHandler {
  return withApi(
    { input: { params: PodParams, query: PodGetQuery }, audit: { verb: 'get', resource: 'pods' } },
    async ({ identity, ctx, input }) => {
      const { cluster, namespace, pod } = input.params;
      const obj = await kubeJson<{ metadata?: Record<string, unknown> }>(clusterOf(ctx, cluster), {
        path: podPath(namespace, pod),
        as: identity,
      });
      if (obj.metadata) delete obj.metadata.managedFields;
      if (input.query.format === 'json') return obj;
      return new Response(stringify(obj), {
        headers: { 'Content-Type': 'application/yaml; charset=utf-8', 'Cache-Control': 'no-store' },
      });
    },
  );
}

/** DELETE …/pods/[pod] → 204; its ReplicaSet (if any) creates a replacement, which is a restart. */
export function deletePodRoute(withApi: WithApi): RouteHandler {
  return withApi(
    { input: { params: PodParams }, mutates: true, audit: { verb: 'delete', resource: 'pods' } },
    async ({ identity, ctx, input, audit }) => {
      const { cluster, namespace, pod } = input.params;
      audit.name = pod;
      await kubeJson(clusterOf(ctx, cluster), {
        method: 'DELETE',
        path: podPath(namespace, pod),
        as: identity,
      });
      return undefined;
    },
  );
}
