// POST: rollback the app (server/apps/routes).
import { rollbackRoute } from '../../../../../../../../../server/apps/routes';
import { withApi } from '../../../../../../../../../server/api/with-api';

export const dynamic = 'force-dynamic';
export const POST = rollbackRoute(withApi);
