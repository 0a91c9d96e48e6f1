// GET /api/clusters: the clusters overview (server/api/routes).
import { clustersRoute } from '../../../server/api/routes';
import { withApi } from '../../../server/api/with-api';

export const dynamic = 'force-dynamic';
export const GET = clustersRoute(withApi);
