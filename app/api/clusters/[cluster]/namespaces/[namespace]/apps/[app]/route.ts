// PUT: update an app; DELETE: delete it (server/apps/routes).
import { deleteAppRoute, updateAppRoute } from '../../../../../../../../server/apps/routes';
import { withApi } from '../../../../../../../../server/api/with-api';

export const dynamic = 'force-dynamic';
export const PUT = updateAppRoute(withApi);
export const DELETE = deleteAppRoute(withApi);
