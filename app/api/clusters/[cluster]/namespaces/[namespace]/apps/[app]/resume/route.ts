// POST: resume the app's rollout (server/apps/routes).
import { pauseRoute } from '../../../../../../../../../server/apps/routes';
import { withApi } from '../../../../../../../../../server/api/with-api';

export const dynamic = 'force-dynamic';
export const POST = pauseRoute(withApi, false);
