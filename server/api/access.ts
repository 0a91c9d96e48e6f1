// POST /api/access: the signed-in user's own permissions for a batch of actions, answered by the API
// server (SubjectAccessReview, cached briefly). Reveals nothing but what the user may do.
import { AccessRequestSchema, type AccessResponse } from '../../lib/contracts/access';
import type { RouteHandler, WithApi } from './with-api';

export function accessRoute(withApi: WithApi): RouteHandler {
  return withApi(
    { input: { body: AccessRequestSchema } },
    async ({ identity, ctx, input }): Promise<AccessResponse> => ({
      allowed: await Promise.all(
        input.body.checks.map(({ cluster, ...attrs }) =>
          ctx.clusters.has(cluster)
            ? ctx.access.allowed(cluster, identity, attrs).catch(() => false)
            : false,
        ),
      ),
    }),
  );
}
