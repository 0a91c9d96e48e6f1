// GET …/pods/:pod/log: the whole log of a container as a download (server/logs/download).
import { withApi } from '../../../../../../../../../server/api/with-api';
import { podLogRoute } from '../../../../../../../../../server/logs/download';

export const dynamic = 'force-dynamic';
export const GET = podLogRoute(withApi);
