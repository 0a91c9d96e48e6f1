// GET /api/clusters/:cluster/namespaces/:namespace/pods/:pod/log — "download full log": the container's
// whole log streamed from the API server as the user (impersonated), as an attachment.
import { Readable } from 'node:stream';
import { z } from 'zod';
import { toStatus } from '../../lib/contracts/status';
import { ApiError, failure } from '../api/errors';
import type { RouteHandler, WithApi } from '../api/with-api';
import { KubeError, kubeStream } from '../kube/transport';

const Label = z
  .string()
  .max(63)
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'must be a DNS label');
const Subdomain = z
  .string()
  .max(253)
  .regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, 'must be a DNS subdomain');

const Params = z.object({ cluster: Label, namespace: Label, pod: Subdomain });
const Query = z.object({
  container: Label.optional(),
  previous: z.enum(['true', 'false']).optional(),
  timestamps: z.enum(['true', 'false']).optional(),
});

export function podLogRoute(withApi: WithApi): RouteHandler {
  return withApi(
    { input: { params: Params, query: Query }, audit: { verb: 'get', resource: 'pods/log' } },
    async ({ identity, input, ctx, request }) => {
      const { cluster, namespace, pod } = input.params;
      const conn = ctx.clusters.get(cluster);
      if (!conn) throw new ApiError(failure(404, 'NotFound', `cluster "${cluster}" not found`));
      const res = await kubeStream(conn, {
        path: `/api/v1/namespaces/${namespace}/pods/${pod}/log`,
        query: {
          container: input.query.container,
          previous: input.query.previous === 'true' || undefined,
          timestamps: input.query.timestamps === 'true' || undefined,
        },
        accept: '*/*',
        as: identity,
        signal: request.signal,
      });
      const code = res.statusCode ?? 500;
      if (code < 200 || code >= 300) {
        let text = '';
        for await (const c of res) text += (c as Buffer).toString('utf8');
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          // plain text stays the message
        }
        throw new KubeError(toStatus(code, body));
      }
      const file = `${pod}${input.query.container ? `-${input.query.container}` : ''}${
        input.query.previous === 'true' ? '-previous' : ''
      }.log`;
      return new Response(Readable.toWeb(res) as ReadableStream<Uint8Array>, {
        headers: {
          'Content-Type': 'text/plain; charset=utf-8',
          'Content-Disposition': `attachment; filename="${file}"`,
          'Cache-Control': 'no-store',
        },
      });
    },
  );
}
