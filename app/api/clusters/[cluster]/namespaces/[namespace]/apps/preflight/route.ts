// POST: the quota preflight of a deploy, update or scale (server/apps/routes).
import { preflightRoute } from '../../../../../../../../server/apps/routes';
import { withApi } from '../../../../../../../../server/api/with-api';

export const dynamic = 'force-dynamic';
export const POST = preflightRoute(withApi);
