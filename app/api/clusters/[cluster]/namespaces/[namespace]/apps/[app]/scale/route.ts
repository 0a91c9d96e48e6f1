// POST: scale the app (server/apps/routes).
import { scaleRoute } from '../../../../../../../../../server/apps/routes';
import { withApi } from '../../../../../../../../../server/api/with-api';

export const dynamic = 'force-dynamic';
export const POST = scaleRoute(withApi);
