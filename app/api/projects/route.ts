// GET /api/projects: the signed-in user's projects (server/api/routes).
import { projectsRoute } from '../../../server/api/routes';
import { withApi } from '../../../server/api/with-api';

export const dynamic = 'force-dynamic';
export const GET = projectsRoute(withApi);
