// GET (as YAML or JSON) and DELETE one pod for the signed-in user (server/api/pods).
import { deletePodRoute, getPodRoute } from '../../../../../../../../server/api/pods';
import { withApi } from '../../../../../../../../server/api/with-api';

export const dynamic = 'force-dynamic';
export const GET = getPodRoute(withApi);
export const DELETE = deletePodRoute(withApi);
