// POST: restart the app (server/apps/routes).
import { restartRoute } from '../../../../../../../../../server/apps/routes';
import { withApi } from '../../../../../../../../../server/api/with-api';

export const dynamic = 'force-dynamic';
export const POST = restartRoute(withApi);
