// POST: deploy a new app (server/apps/routes).
import { createAppRoute } from '../../../../../../../server/apps/routes';
import { withApi } from '../../../../../../../server/api/with-api';

export const dynamic = 'force-dynamic';
export const POST = createAppRoute(withApi);
