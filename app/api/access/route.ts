// POST /api/access: what the signed-in user may do (server/api/access).
import { accessRoute } from '../../../server/api/access';
import { withApi } from '../../../server/api/with-api';

export const dynamic = 'force-dynamic';
export const POST = accessRoute(withApi);
